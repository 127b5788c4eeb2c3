import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The folder this toolkit is installed in: its .tools/ holds the pinned kubectl, its schemas/ the fallback schemas.
 * Found by walking up to bin/gaia.js, so it is right both from the sources and from the prebuilt CLI bundle.
 */
export const TOOLKIT_ROOT = toolkitRoot(dirname(fileURLToPath(import.meta.url)));

function toolkitRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "bin", "gaia.js")) && existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) return join(start, "..", "..", "..");
  }
}

/** A repo-relative schema file from the validated repository, else from the toolkit's own schemas/. */
export function schemaPath(root: string, repoPath: string): string | undefined {
  for (const base of [root, TOOLKIT_ROOT]) {
    const abs = join(base, ...repoPath.split("/"));
    if (existsSync(abs)) return abs;
  }
  return undefined;
}

/** Repo-relative path with forward slashes. */
export function toRepoPath(root: string, absOrRel: string): string {
  const abs = isAbsolute(absOrRel) ? absOrRel : resolve(root, absOrRel);
  const rel = relative(root, abs);
  return rel.split(sep).join("/") || ".";
}

export function fromRepoPath(root: string, repoPath: string): string {
  return join(root, ...repoPath.split("/"));
}

/** Walks up from `start` to the folder holding package.json + policies/ (or a .git), the repository root. */
export function findRepoRoot(start: string): string {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, "policies")) || existsSync(join(dir, ".git"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(start);
    dir = parent;
  }
}

/** The repository root from `start`, or undefined when no folder on the way up has policies/ or .git. */
export function findRepoRootStrict(start: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, "policies")) || existsSync(join(dir, ".git"))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

export function isInside(root: string, abs: string): boolean {
  const rel = relative(root, abs);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}
