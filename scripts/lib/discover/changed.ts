// --changed-since: the targets whose input closure holds a file changed since a git ref (committed, staged or not, new).
import { existsSync } from "node:fs";
import { fromRepoPath, isInside } from "../util/paths.ts";
import { discoverTargets } from "./discover.ts";
import { ClosureReader } from "../render/closure.ts";
import { UsageError } from "../util/errors.ts";
import type { Target } from "../types.ts";
import { zx } from "../util/process.ts";

/** Repo-relative files changed since `ref`; `--relative` keeps paths right when the repository is a subfolder of the checkout. */
export async function changedFiles(root: string, ref: string): Promise<string[]> {
  const git = (await zx())({ cwd: root, nothrow: true, quiet: true });
  const committed = await git`git diff --relative --name-only ${`${ref}...HEAD`}`;
  if (committed.exitCode !== 0) throw new UsageError(`--changed-since ${ref}: git cannot compare with that ref (${committed.stderr.trim().split("\n")[0]})`);
  const worktree = await git`git diff --relative --name-only HEAD`;
  const untracked = await git`git ls-files --others --exclude-standard`;
  // gaia's own caches (.cache/) are never inputs, even where no .gitignore hides them.
  const lines = [committed.stdout, worktree.stdout, untracked.stdout].flatMap((s) => s.split("\n").filter((f) => f && !f.startsWith(".cache/")));
  return [...new Set(lines)].sort();
}

/** What the caller already has: the repository's targets and a closure reader the run goes on using. */
export interface SharedDiscovery {
  targets?: Target[];
  reader?: ClosureReader;
}

/**
 * The lines of `files` (repo-relative) changed since `ref`, as the working tree numbers them (committed, staged or not);
 * "all" for a file git does not track yet.
 */
export async function changedLines(root: string, ref: string, files: readonly string[]): Promise<Map<string, Set<number> | "all">> {
  const out = new Map<string, Set<number> | "all">();
  if (files.length === 0) return out;
  const git = (await zx())({ cwd: root, nothrow: true, quiet: true });
  const base = (await git`git merge-base ${ref} HEAD`).stdout.trim();
  if (!base) return out;
  const untracked = new Set((await git`git ls-files --others --exclude-standard -- ${files}`).stdout.split("\n").filter(Boolean));
  for (const f of files) if (untracked.has(f)) out.set(f, "all");
  const diff = await git`git diff -U0 --relative --no-color ${base} -- ${files}`;
  let current: Set<number> | undefined;
  for (const line of diff.stdout.split("\n")) {
    const file = /^\+\+\+ b\/(.*)$/.exec(line)?.[1];
    if (file !== undefined) {
      current = new Set();
      out.set(file, current);
      continue;
    }
    const hunk = /^@@ -\S+ \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (hunk && current) {
      const start = Number(hunk[1]);
      const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
      for (let n = start; n < start + count; n++) current.add(n);
    }
  }
  return out;
}

/**
 * Absolute paths to validate: the changed targets, plus the folder of a changed game.yaml (its targets and the file's schema
 * check). A changed policy or schema file changes every verdict, so it selects the whole repository (the root itself).
 */
export async function changedTargets(root: string, ref: string, known?: string[], shared: SharedDiscovery = {}): Promise<string[]> {
  const files = known ?? (await changedFiles(root, ref));
  if (files.some((f) => /^(policies|schemas)\//.test(f))) return [root];
  const changed = new Set(files.map((f) => fromRepoPath(root, f)));
  // One reader and one answer per folder for every target: the shared bases and overlays are visited once, not once
  // per target, so the selection costs little more in a large repository than in a small one.
  const reader = shared.reader ?? new ClosureReader(root);
  const memo = new Map<string, boolean>();
  const targets = (shared.targets ?? discoverTargets(root)).filter((t) => reader.touches(fromRepoPath(root, t.path), changed, memo));
  const gameFolders = files.flatMap((f) => /^(games\/[^/]+)\/game\.yaml$/.exec(f)?.[1] ?? []).filter((dir) => existsSync(fromRepoPath(root, dir)));
  const chosen = [...gameFolders, ...targets.map((t) => t.path).filter((p) => !gameFolders.some((dir) => p.startsWith(`${dir}/`)))];
  return [...new Set(chosen)].map((p) => fromRepoPath(root, p));
}

/**
 * `--changed-since` with explicit paths: what lies in both selections, each an absolute file or folder. A changed
 * selection under an explicit path is kept as it is; an explicit path under a changed one (say the whole repository,
 * after a policy change) is kept as given. "-" (stdin) is not a repository path and is always kept.
 */
export function narrowToPaths(changed: readonly string[], explicit: readonly string[]): string[] {
  const paths = explicit.filter((p) => p !== "-");
  if (paths.length === 0) return [...changed, ...explicit];
  const kept = [...changed.filter((c) => paths.some((p) => isInside(p, c))), ...paths.filter((p) => changed.some((c) => isInside(c, p)))];
  return [...new Set(kept)].concat(explicit.includes("-") ? ["-"] : []);
}
