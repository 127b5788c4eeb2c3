// What commands may touch: their output streams, environment and working directory (replaceable in tests).
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export interface Io {
  out(text: string): void;
  err(text: string): void;
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Reads stdin; past `maxBytes` it keeps only the first `maxBytes + 1` bytes (enough to report the input as too large). */
  readStdin(maxBytes?: number): Promise<string>;
}

export function processIo(): Io {
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    isTTY: !!process.stdout.isTTY,
    env: process.env,
    cwd: process.cwd(),
    readStdin: async (maxBytes = Infinity) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      for await (const c of process.stdin) {
        const chunk = c as Buffer;
        if (kept > maxBytes) continue; // drain without keeping: memory stays bounded by the limit
        chunks.push(kept + chunk.byteLength > maxBytes + 1 ? chunk.subarray(0, maxBytes + 1 - kept) : chunk);
        kept += chunks[chunks.length - 1].byteLength;
      }
      return Buffer.concat(chunks).toString("utf8");
    },
  };
}

/** Writes a file all at once: a reader never sees half of it. */
export function writeFileAtomic(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.partial-${process.pid}`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
