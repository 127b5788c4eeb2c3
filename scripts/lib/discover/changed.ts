// --changed-since: the targets whose input closure holds a file changed since a git ref (committed, staged or not, new).
import { $ } from "zx";
import { fromRepoPath } from "../util/paths.ts";
import { discoverTargets } from "./discover.ts";
import { inputClosure } from "../render/closure.ts";
import { UsageError } from "../util/errors.ts";

export async function changedFiles(root: string, ref: string): Promise<string[]> {
  const git = $({ cwd: root, nothrow: true, quiet: true });
  const committed = await git`git diff --name-only ${`${ref}...HEAD`}`;
  if (committed.exitCode !== 0) throw new UsageError(`--changed-since ${ref}: git cannot compare with that ref (${committed.stderr.trim().split("\n")[0]})`);
  const worktree = await git`git diff --name-only HEAD`;
  const untracked = await git`git ls-files --others --exclude-standard`;
  return [...new Set([committed.stdout, worktree.stdout, untracked.stdout].flatMap((s) => s.split("\n").filter(Boolean)))].sort();
}

/** Absolute paths of changed targets, plus changed game.yaml/cluster.yaml/policy files (checked against their schemas). */
export async function changedTargets(root: string, ref: string): Promise<string[]> {
  const changed = new Set((await changedFiles(root, ref)).map((f) => fromRepoPath(root, f)));
  const targets = discoverTargets(root).filter((t) => inputClosure(fromRepoPath(root, t.path)).some((f) => changed.has(f)));
  const docs = [...changed].filter((f) => /\/(game|cluster)\.yaml$|\/policies\//.test(f));
  return [...targets.map((t) => fromRepoPath(root, t.path)), ...docs];
}
