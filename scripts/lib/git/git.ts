// The git adapter: the few git operations diff and promote need, each one process, errors as values or UsageErrors.
import { UsageError } from "../util/errors.ts";
import { zx } from "../util/process.ts";

export interface GitResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

export async function git(cwd: string, args: string[], env: Record<string, string> = {}): Promise<GitResult> {
  const $ = (await zx())({ cwd, nothrow: true, quiet: true, env: { ...process.env, ...env } });
  const r = await $`git ${args}`;
  return { ok: r.exitCode === 0, stdout: r.stdout, stderr: r.stderr };
}

const firstLine = (text: string) => text.trim().split("\n")[0] ?? "";

/** Like `git`, but a failure is a UsageError whose one line says what git said. */
export async function gitOrThrow(cwd: string, args: string[], what: string): Promise<string> {
  const r = await git(cwd, args);
  if (!r.ok) throw new UsageError(`${what}: ${firstLine(r.stderr) || `git ${args[0]} failed`}`);
  return r.stdout;
}

export async function isGitRepository(root: string): Promise<boolean> {
  return (await git(root, ["rev-parse", "--is-inside-work-tree"])).ok;
}

/** The commit a pull request branched from: the merge base of `ref` and HEAD. */
export async function mergeBase(root: string, ref: string): Promise<string> {
  const r = await git(root, ["merge-base", ref, "HEAD"]);
  if (!r.ok) throw new UsageError(`--since ${ref}: git cannot compare with that ref (${firstLine(r.stderr) || "no common ancestor"})`);
  return r.stdout.trim();
}

export async function shortCommit(root: string, commit: string): Promise<string> {
  return (await gitOrThrow(root, ["rev-parse", "--short", commit], "git rev-parse")).trim();
}

/** Uncommitted changes (tracked or untracked, ignored files excepted), as `git status --porcelain` lines. */
export async function dirtyFiles(root: string): Promise<string[]> {
  const out = await gitOrThrow(root, ["status", "--porcelain", "--untracked-files=all", "--", "."], "git status");
  return out.split("\n").filter(Boolean);
}
