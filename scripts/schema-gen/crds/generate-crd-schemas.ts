// Generates strict JSON schemas, one per served CRD version, from every CRD manifest in the repo
// (`schemas/crds/**` and `base/**/crds/**`) into kubeconform's CRD layout under `schemas/crds/json/`.
// Schemas whose CRD no longer exists are removed, so the output folder always mirrors the manifests.

import { mkdir, readdir, rm, rmdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { CRD_SCHEMA_DIR, crdSchemaFileName } from "../../lib/schema/crd-schemas.ts";
import { stableJson } from "../stable-json.ts";
import { findCrdManifests } from "./find-crd-manifests.ts";
import { CrdManifestError, readCrdVersions, type CrdVersion } from "./read-crds.ts";
import { SchemaShapeError, toStrictSchema } from "./to-strict-schema.ts";

/**
 * Writes `<outDir>/<group>/<kind lowercased>_<version>.json` for every served version of every CRD found under
 * `root` and returns the absolute paths written, sorted. `outDir` defaults to `<root>/schemas/crds/json`.
 * Throws CrdManifestError (message starts with the repo-relative file) for malformed or conflicting CRDs.
 */
export async function generateCrdSchemas(root: string, outDir: string = path.join(root, CRD_SCHEMA_DIR)): Promise<string[]> {
  const versions: CrdVersion[] = [];
  for (const file of await findCrdManifests(root)) versions.push(...(await readCrdVersions(root, file)));

  const outputs = new Map<string, { version: CrdVersion; text: string }>();
  for (const version of versions) {
    const relative = `${version.group.toLowerCase()}/${crdSchemaFileName(version.kind, version.version)}`;
    const earlier = outputs.get(relative);
    if (earlier) {
      throw new CrdManifestError(version.file, `${version.group}/${version.version} ${version.kind} is also defined in ${earlier.version.file}`);
    }
    outputs.set(relative, { version, text: stableJson(strictSchemaOf(version)) });
  }

  const written: string[] = [];
  for (const [relative, { text }] of [...outputs].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const target = path.join(outDir, relative);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, text, "utf8");
    written.push(target);
  }
  await removeStaleSchemas(outDir, new Set(written));
  return written;
}

function strictSchemaOf(version: CrdVersion) {
  try {
    return toStrictSchema(version.schema, version);
  } catch (error) {
    if (!(error instanceof SchemaShapeError)) throw error;
    throw new CrdManifestError(version.file, `CustomResourceDefinition "${version.crdName}" version ${version.version}: ${error.message}`);
  }
}

async function removeStaleSchemas(dir: string, keep: ReadonlySet<string>): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      await removeStaleSchemas(full, keep);
      if ((await readdir(full)).length === 0) await rmdir(full);
    } else if (entry.isFile() && entry.name.endsWith(".json") && !keep.has(full)) {
      await rm(full);
    }
  }
}
