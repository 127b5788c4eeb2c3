// A checkout of an older commit that holds only the files asked for: the old side of `gaia diff --since` needs the
// inputs of a few targets, and checking out every file of a large repository costs more than rendering them. A
// temporary git worktree without checkout (the user's working tree and index are not touched), filled file by file
// with `git checkout <commit> -- <files>` (so attributes and filters apply as in any checkout), removed afterwards.
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, posix, relative } from "node:path";
import { UsageError } from "../util/errors.ts";
import { zx } from "../util/process.ts";
import { git, gitOrThrow } from "./git.ts";

export interface SparseSnapshot {
  /** The repository root inside the snapshot (the same subfolder when the repository is one). */
  root: string;
  /**
   * Checks out what the commit holds at these repo-relative paths: a file, or the files directly in a folder (not its
   * subfolders). Paths the commit lacks are skipped; resolves to the number of files added.
   */
  fill(paths: readonly string[]): Promise<number>;
}

/**
 * The files (blobs, symlinks included) the commit holds at these paths, repo-relative: a file itself, or a folder's
 * own files. One `git ls-tree` for all of them: asking only for these keeps the cost off the repository's size.
 */
async function filesAt(root: string, commit: string, prefix: string, paths: string[]): Promise<string[]> {
  const top = (p: string) => (prefix ? (p === "." ? prefix : `${prefix}/${p}`) : p);
  const specs = paths.flatMap((p) => (p === "." && !prefix ? [] : [top(p), `${top(p)}/`]));
  const wholeRoot = paths.includes(".") && !prefix;
  const out = new Set<string>();
  for (const args of [...(specs.length ? [specs] : []), ...(wholeRoot ? [[]] : [])]) {
    const listing = await gitOrThrow(root, ["ls-tree", "-z", "--full-tree", commit, "--", ...args], "git ls-tree");
    for (const entry of listing.split("\0")) {
      const m = /^\d+ blob [0-9a-f]+\t(.*)$/s.exec(entry);
      if (!m || (prefix && !m[1].startsWith(`${prefix}/`))) continue;
      const file = prefix ? m[1].slice(prefix.length + 1) : m[1];
      if (paths.includes(file) || paths.includes(posix.dirname(file))) out.add(file);
    }
  }
  return [...out];
}

const normalise = (path: string) => posix.normalize(path.replace(/\/+$/, "")) || ".";

/** Runs `fn` on a sparse snapshot of `commit`, then removes it. */
export async function withSparseSnapshot<T>(root: string, commit: string, fn: (snapshot: SparseSnapshot) => Promise<T>): Promise<T> {
  const top = (await gitOrThrow(root, ["rev-parse", "--show-toplevel"], "git rev-parse")).trim();
  const prefix = relative(realpathSync(top), realpathSync(root)).split("\\").join("/");
  const dir = mkdtempSync(join(tmpdir(), "gaia-snapshot-"));
  const added = await git(root, ["worktree", "add", "--no-checkout", "--detach", "--quiet", dir, commit]);
  if (!added.ok) {
    rmSync(dir, { recursive: true, force: true });
    throw new UsageError(`cannot check out ${commit} in a temporary worktree: ${added.stderr.trim().split("\n")[0]}`);
  }
  const present = new Set<string>();
  const asked = new Set<string>();
  const snapshot: SparseSnapshot = {
    root: join(dir, prefix),
    async fill(paths) {
      const fresh = [...new Set(paths.map(normalise))].filter((p) => !asked.has(p));
      fresh.forEach((p) => asked.add(p));
      const wanted = fresh.length ? (await filesAt(root, commit, prefix, fresh)).filter((f) => !present.has(f)) : [];
      if (wanted.length === 0) return 0;
      const input = wanted.map((f) => `:(literal)${prefix ? `${prefix}/` : ""}${f}\0`).join("");
      // The file list goes in on stdin (tools otherwise get none).
      const $ = (await zx())({ cwd: dir, nothrow: true, quiet: true, input, stdio: ["pipe", "pipe", "pipe"] });
      const r = await $`git checkout ${commit} --pathspec-from-file=- --pathspec-file-nul`;
      if (r.exitCode !== 0) throw new UsageError(`cannot check out files of ${commit}: ${r.stderr.trim().split("\n")[0]}`);
      for (const f of wanted) present.add(f);
      return wanted.length;
    },
  };
  try {
    return await fn(snapshot);
  } finally {
    await git(root, ["worktree", "remove", "--force", dir]);
    rmSync(dir, { recursive: true, force: true });
    await git(root, ["worktree", "prune"]);
  }
}

/** The folders from a repo-relative file up to the repository root ("." last). */
export function foldersAbove(file: string): string[] {
  const out = [posix.dirname(normalise(file))];
  while (out[out.length - 1] !== ".") out.push(posix.dirname(out[out.length - 1]));
  return out;
}
