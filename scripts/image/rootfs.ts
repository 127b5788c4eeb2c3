// Stages the image's root filesystem: the node binary, exactly the shared libraries `ldd` lists for it, the
// service bundle and a passwd entry for the non-root user. Every timestamp is zeroed for reproducible layers.
import { chmod, copyFile, mkdir, readdir, realpath, utimes, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { runChecked, type Runner } from "./exec.ts";

export const IMAGE_UID = 10001;
export const NODE_PATH_IN_IMAGE = "/usr/local/bin/node";
export const BUNDLE_PATH_IN_IMAGE = "/app/gate-engine.mjs";

/**
 * Paths of the shared libraries in `ldd` output, the dynamic loader included. The vDSO has no file and is left
 * out; a library ldd cannot find is an error, since the image would not start without it.
 */
export function parseLdd(output: string): string[] {
  const paths: string[] = [];
  for (const raw of output.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("linux-vdso") || line.startsWith("linux-gate")) continue;
    if (line.includes("=> not found")) throw new Error(`ldd cannot find ${line.split(" ")[0]}`);
    if (line.includes("statically linked")) continue;
    const m = /=>\s*(\/\S+)\s+\(0x[0-9a-f]+\)$/.exec(line) ?? /^(\/\S+)\s+\(0x[0-9a-f]+\)$/.exec(line);
    if (!m) throw new Error(`unexpected ldd line: ${line}`);
    paths.push(m[1]);
  }
  return [...new Set(paths)].sort();
}

export interface RootfsInput {
  nodeBinary: string;
  bundleFile: string;
  outDir: string;
  runner: Runner;
  /** Strip symbols from the node binary (smaller image, same behaviour). */
  strip: boolean;
}

async function place(source: string, target: string, mode: number): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  // Copy what a symlink points to under the symlink's name: the image has no other copy of it.
  await copyFile(await realpath(source), target);
  await chmod(target, mode);
}

async function zeroTimes(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await zeroTimes(path);
    await utimes(path, 0, 0);
  }
  await utimes(dir, 0, 0);
}

/** Writes the root filesystem under `outDir` and returns the library paths it holds. */
export async function stageRootfs(input: RootfsInput): Promise<string[]> {
  const { outDir, runner } = input;
  const libraries = parseLdd(await runChecked(runner, "ldd", [input.nodeBinary]));
  const node = join(outDir, NODE_PATH_IN_IMAGE);
  await place(input.nodeBinary, node, 0o755);
  if (input.strip) await runChecked(runner, "strip", ["--strip-all", node]);
  for (const lib of libraries) await place(lib, join(outDir, lib), 0o755);
  await place(input.bundleFile, join(outDir, BUNDLE_PATH_IN_IMAGE), 0o644);
  await mkdir(join(outDir, "etc"), { recursive: true });
  await writeFile(join(outDir, "etc/passwd"), `root:x:0:0:root:/root:/sbin/nologin\ngate-engine:x:${IMAGE_UID}:${IMAGE_UID}::/app:/sbin/nologin\n`, {
    mode: 0o644,
  });
  await writeFile(join(outDir, "etc/group"), `root:x:0:\ngate-engine:x:${IMAGE_UID}:\n`, { mode: 0o644 });
  // Mount point for an emptyDir: with a read-only root filesystem nothing else is writable.
  await mkdir(join(outDir, "tmp"), { recursive: true });
  await chmod(join(outDir, "tmp"), 0o1777);
  await zeroTimes(outDir);
  return libraries;
}
