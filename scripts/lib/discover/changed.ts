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
