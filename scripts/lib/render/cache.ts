// Render cache: one checksummed JSON file per content key under .cache/render/, written atomically.
import { join } from "node:path";
import type { K8sObject } from "../types.ts";
import { cacheHealth, readCacheFile, writeCacheFile, type CacheHealth } from "../util/cache-file.ts";

export interface CachedRender {
  entries: Array<{ object: K8sObject; file?: string; line?: number }>;
  /** Findings of a no-op probe (render/no-ops.ts), stored under the probe's own key. */
  noOps?: unknown[];
  /** Entries of Components ("file\0pointer") that selected something in a target's component probe (component-no-ops.ts). */
  componentHits?: string[];
}

export interface RenderCache {
  get(key: string): CachedRender | undefined;
  put(key: string, value: CachedRender): void;
}

const isMapping = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

/** The shape the render stage relies on; an entry that differs is recomputed, never used. */
export function isCachedRender(v: unknown): v is CachedRender {
  if (!isMapping(v) || !Array.isArray(v.entries)) return false;
  if (v.noOps !== undefined && !(Array.isArray(v.noOps) && v.noOps.every((f) => isMapping(f) && typeof f.ruleId === "string" && isMapping(f.source))))
    return false;
  if (v.componentHits !== undefined && !(Array.isArray(v.componentHits) && v.componentHits.every((h) => typeof h === "string"))) return false;
  return v.entries.every(
    (e) =>
      isMapping(e) &&
      isMapping(e.object) &&
      (e.file === undefined || typeof e.file === "string") &&
      (e.line === undefined || (typeof e.line === "number" && Number.isInteger(e.line) && e.line > 0)),
  );
}

const KEY = /^[0-9a-f]{16,128}$/;

export function diskCache(dir: string, health: CacheHealth = cacheHealth()): RenderCache {
  const file = (key: string) => join(dir, key.slice(0, 2), `${key}.json`);
  return {
    get: (key) => (KEY.test(key) ? readCacheFile(file(key), isCachedRender) : undefined),
    put: (key, value) => {
      if (KEY.test(key)) writeCacheFile(file(key), value, health);
    },
  };
}

export function noCache(): RenderCache {
  return { get: () => undefined, put: () => undefined };
}
