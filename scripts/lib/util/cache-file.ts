// Cache files are never trusted blindly: each holds its payload with a checksum of it, is read back only when the
// checksum and the payload's shape both hold, and is written through a uniquely named temporary file and a rename, so
// concurrent runs never see (or leave) half a file. A cache that cannot be written turns itself off with one warning.
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

const FORMAT = "gaia-cache-v1";

export const checksumOf = (text: string): string => createHash("sha256").update(text).digest("hex");

/** Where cache problems go: the first write failure is kept (one warning per run), later writes are skipped. */
export interface CacheHealth {
  readonly disabled: boolean;
  writeFailed(file: string, err: unknown): void;
  warning(): string | undefined;
}

export function cacheHealth(): CacheHealth {
  let first: string | undefined;
  return {
    get disabled() {
      return first !== undefined;
    },
    writeFailed(file, err) {
      if (first !== undefined) return;
      const reason = (err as NodeJS.ErrnoException)?.code ?? (err as Error)?.message ?? String(err);
      first = `cannot write the cache (${reason} at ${file}); continuing without caching`;
    },
    warning: () => first,
  };
}

/** The payload of a cache file, or undefined when it is missing, unreadable, truncated, edited or of the wrong shape. */
export function readCacheFile<T>(file: string, isShape: (payload: unknown) => payload is T): T | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  try {
    const envelope = JSON.parse(text) as { format?: unknown; checksum?: unknown; payload?: unknown };
    if (!envelope || envelope.format !== FORMAT || typeof envelope.payload !== "string") return undefined;
    if (envelope.checksum !== checksumOf(envelope.payload)) return undefined;
    const payload: unknown = JSON.parse(envelope.payload);
    return isShape(payload) ? payload : undefined;
  } catch {
    return undefined;
  }
}

/** Writes `payload` atomically; failures go to `health` instead of stopping the run. */
export function writeCacheFile(file: string, payload: unknown, health: CacheHealth): void {
  if (health.disabled) return;
  const text = JSON.stringify(payload);
  const tmp = `${file}.partial-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(tmp, JSON.stringify({ format: FORMAT, checksum: checksumOf(text), payload: text }));
    renameSync(tmp, file);
  } catch (err) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // The folder itself is unwritable: nothing was left behind.
    }
    health.writeFailed(file, err);
  }
}

export const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === "string");
