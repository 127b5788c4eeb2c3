// The big-file figure for `npm run bench -- --big-file`: one file of 100,000 objects (about 30 MB; ConfigMaps,
// ServiceAccounts, Services and Deployments) validated by `gaia validate <file>` as a user runs it (every check on,
// pretty output, cold), timed with its peak RSS. Goals: under 60 s and under 2 GiB.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { plainMixedObjects } from "./plain-manifests.ts";
import { TOOLKIT_ROOT } from "../lib/util/paths.ts";

export const BIG_FILE_OBJECTS = 100_000;

export interface BigFileResult {
  objects: number;
  megabytes: number;
  seconds: number;
  /** Peak resident set of the gaia process in MiB (undefined where GNU time is not installed). */
  peakRssMiB?: number;
  /** User plus system CPU seconds of the gaia process: less sensitive than wall time to other load on the machine. */
  cpuSeconds?: number;
  /** gaia's exit code: 0 or 1 (findings) mean it validated the file; 2 means it did not. */
  exitCode: number;
}

const GNU_TIME = "/usr/bin/time";

/** Runs a command with its output discarded (only the tail of stderr is kept), returning the time and peak RSS. */
function timedQuiet(cmd: string[]): Promise<{ ms: number; rssMiB?: number; cpuSeconds?: number; exitCode: number }> {
  const withTime = existsSync(GNU_TIME);
  const argv = withTime ? [GNU_TIME, "-f", "gaia-bench-rss %M %U %S", ...cmd] : cmd;
  const started = performance.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: ["ignore", "ignore", "pipe"] });
    let tail = "";
    child.stderr.on("data", (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-4096)));
    child.on("error", reject);
    child.on("close", (code) => {
      const ms = performance.now() - started;
      const time = /gaia-bench-rss (\d+) ([\d.]+) ([\d.]+)/.exec(tail);
      if (code !== 0 && code !== 1) reject(new Error(`bench: gaia validate of the big file exited with ${code}: ${tail.slice(-600)}`));
      else
        resolvePromise({
          ms,
          exitCode: code,
          ...(time ? { rssMiB: Math.round(Number(time[1]) / 1024), cpuSeconds: Math.round((Number(time[2]) + Number(time[3])) * 100) / 100 } : {}),
        });
    });
  });
}

export async function measureBigFile(objects = BIG_FILE_OBJECTS): Promise<BigFileResult> {
  // Inside the repository: gaia refuses to read files outside the root it validates.
  mkdirSync(join(TOOLKIT_ROOT, ".cache"), { recursive: true });
  const dir = mkdtempSync(join(TOOLKIT_ROOT, ".cache", "bench-big-"));
  try {
    const file = join(dir, "big.yaml");
    const text = plainMixedObjects(objects);
    writeFileSync(file, text);
    const run = await timedQuiet(["node", join(TOOLKIT_ROOT, "bin", "gaia.js"), "validate", "--root", TOOLKIT_ROOT, file, "--no-progress", "--no-cache"]);
    return {
      objects,
      megabytes: Math.round(Buffer.byteLength(text) / 1e5) / 10,
      seconds: Math.round(run.ms) / 1000,
      exitCode: run.exitCode,
      ...(run.rssMiB !== undefined ? { peakRssMiB: run.rssMiB } : {}),
      ...(run.cpuSeconds !== undefined ? { cpuSeconds: run.cpuSeconds } : {}),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printBigFile(r: BigFileResult): void {
  console.log(`\nbig file: one file of ${r.objects} objects (${r.megabytes} MB), gaia validate with every check (cold)`);
  console.log(`  seconds             ${r.seconds.toFixed(2)}   (goal < 60; CPU ${r.cpuSeconds?.toFixed(2) ?? "not measured"} s)`);
  console.log(`  peak RSS            ${r.peakRssMiB !== undefined ? `${r.peakRssMiB} MiB` : "not measured (no GNU time)"}   (goal < 2048 MiB)`);
}
