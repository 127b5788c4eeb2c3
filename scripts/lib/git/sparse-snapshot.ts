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

/** Repo-relative files of the commit under the repository root, and each folder's own files. */
interface Tree {
  files: Set<string>;
  byFolder: Map<string, string[]>;
}

async function treeOf(root: string, commit: string, prefix: string): Promise<Tree> {
  const out = await gitOrThrow(root, ["ls-tree", "-r", "-z", "--full-tree", "--name-only", commit], "git ls-tree");
  const files = new Set<string>();
  const byFolder = new Map<string, string[]>();
  for (const path of out.split("\0")) {
    if (!path || (prefix && !path.startsWith(`${prefix}/`))) continue;
    const file = prefix ? path.slice(prefix.length + 1) : path;
    files.add(file);
    const folder = posix.dirname(file);
    const list = byFolder.get(folder);
    if (list) list.push(file);
    else byFolder.set(folder, [file]);
  }
  return { files, byFolder };
}

const normalise = (path: string) => posix.normalize(path.replace(/\/+$/, "")) || ".";

/** Runs `fn` on a sparse snapshot of `commit`, then removes it. */
export async function withSparseSnapshot<T>(root: string, commit: string, fn: (snapshot: SparseSnapshot) => Promise<T>): Promise<T> {
  const top = (await gitOrThrow(root, ["rev-parse", "--show-toplevel"], "git rev-parse")).trim();
  const prefix = relative(realpathSync(top), realpathSync(root)).split("\\").join("/");
  const tree = await treeOf(root, commit, prefix);
  const dir = mkdtempSync(join(tmpdir(), "gaia-snapshot-"));
  const added = await git(root, ["worktree", "add", "--no-checkout", "--detach", "--quiet", dir, commit]);
  if (!added.ok) {
    rmSync(dir, { recursive: true, force: true });
    throw new UsageError(`cannot check out ${commit} in a temporary worktree: ${added.stderr.trim().split("\n")[0]}`);
  }
  const present = new Set<string>();
  const snapshot: SparseSnapshot = {
    root: join(dir, prefix),
    async fill(paths) {
      const wanted = new Set<string>();
      for (const path of paths.map(normalise)) {
        const files = tree.files.has(path) ? [path] : (tree.byFolder.get(path) ?? []);
        for (const f of files) if (!present.has(f)) wanted.add(f);
      }
      if (wanted.size === 0) return 0;
      const input = [...wanted].map((f) => `:(literal)${prefix ? `${prefix}/` : ""}${f}\0`).join("");
      const $ = (await zx())({ cwd: dir, nothrow: true, quiet: true, input });
      const r = await $`git checkout ${commit} --pathspec-from-file=- --pathspec-file-nul`;
      if (r.exitCode !== 0) throw new UsageError(`cannot check out files of ${commit}: ${r.stderr.trim().split("\n")[0]}`);
      for (const f of wanted) present.add(f);
      return wanted.size;
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
