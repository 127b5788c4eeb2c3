// Remembers objects already found valid against the current schema files, so a run with no change skips ajv entirely.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, statSync } from "node:fs";
import { cacheHealth, isStringList, readCacheFile, writeCacheFile, type CacheHealth } from "../util/cache-file.ts";
import { join } from "node:path";
import type { K8sObject } from "../types.ts";
import { schemaPath } from "../util/paths.ts";
import { KUBERNETES_SCHEMA_DIR } from "./kubernetes-schemas.ts";
import { CRD_SCHEMA_DIR } from "./crd-schemas.ts";

export interface VerdictCache {
  isKnownValid(object: K8sObject): boolean;
  rememberValid(object: K8sObject): void;
  save(): void;
}

function listFingerprint(dir: string | undefined, h: ReturnType<typeof createHash>): void {
  if (!dir || !existsSync(dir)) return;
  for (const entry of readdirSync(dir, { recursive: true }).map(String).sort()) {
    const st = statSync(join(dir, entry));
    if (st.isFile()) h.update(`${entry}\0${st.size}\0${st.mtimeMs}\0`);
  }
}

/** Changes whenever a schema file changes. */
export function schemaFingerprint(root: string, extra: string): string {
  const h = createHash("sha256").update(`gaia-schema-v1\0${extra}\0`);
  listFingerprint(schemaPath(root, KUBERNETES_SCHEMA_DIR), h);
  listFingerprint(schemaPath(root, CRD_SCHEMA_DIR), h);
  return h.digest("hex").slice(0, 32);
}

export function objectDigest(object: K8sObject): string {
  return createHash("sha1").update(JSON.stringify(object)).digest("base64");
}

const DIGEST = /^[A-Za-z0-9+/]{27}=$/;
const isDigestList = (v: unknown): v is string[] => isStringList(v) && v.every((d) => DIGEST.test(d));

export function diskVerdictCache(root: string, fingerprint: string, health: CacheHealth = cacheHealth()): VerdictCache {
  const file = join(root, ".cache", `schema-valid-${fingerprint}.json`);
  const known = new Set(readCacheFile(file, isDigestList) ?? []);
  const before = known.size;
  return {
    isKnownValid: (o) => known.has(objectDigest(o)),
    rememberValid: (o) => void known.add(objectDigest(o)),
    save() {
      if (known.size !== before) writeCacheFile(file, [...known], health);
    },
  };
}

export function noVerdictCache(): VerdictCache {
  return { isKnownValid: () => false, rememberValid: () => undefined, save: () => undefined };
}
