// Render cache: one JSON file per content key under .cache/render/, written atomically.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { K8sObject } from "../types.ts";

export interface CachedRender {
  entries: Array<{ object: K8sObject; file?: string }>;
  /** Findings of a no-op probe (render/no-ops.ts), stored under the probe's own key. */
  noOps?: unknown[];
}

export interface RenderCache {
  get(key: string): CachedRender | undefined;
  put(key: string, value: CachedRender): void;
}

export function diskCache(dir: string): RenderCache {
  const file = (key: string) => join(dir, key.slice(0, 2), `${key}.json`);
  return {
    get(key) {
      const f = file(key);
      if (!existsSync(f)) return undefined;
      try {
        return JSON.parse(readFileSync(f, "utf8")) as CachedRender;
      } catch {
        return undefined;
      }
    },
    put(key, value) {
      const f = file(key);
      mkdirSync(join(dir, key.slice(0, 2)), { recursive: true });
      const tmp = `${f}.partial-${process.pid}`;
      writeFileSync(tmp, JSON.stringify(value));
      renameSync(tmp, f);
    },
  };
}

export function noCache(): RenderCache {
  return { get: () => undefined, put: () => undefined };
}
