// gaia promote <from> <to>: plan the moves, render and validate the target environment with them in a scratch copy of
// the repository, then write the kustomization atomically (and commit it on a new branch). Prints nothing.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { discoverTargets, kustomizationFile } from "../discover/discover.ts";
import { ENVIRONMENTS, SEVERITY_ORDER, type Environment, type Finding, type Target } from "../types.ts";
import { fromRepoPath, toRepoPath } from "../util/paths.ts";
import { UsageError } from "../util/errors.ts";
import { dirtyFiles, git, gitOrThrow, isGitRepository } from "../git/git.ts";
import { diffObjects } from "../diff/objects.ts";
import { renderSide, type SideRenderer } from "../diff/render-sides.ts";
import { summarise, type DiffReport, type TargetDiff } from "../diff/types.ts";
import { moveText, planPromotion, type Move, type PromotableConfig } from "./plan.ts";
import { writeAllAtomically } from "./write-set.ts";

export interface PromoteRequest {
  root: string;
  from: string;
  to: string;
  game?: string;
  only?: string;
  branch?: string;
  dryRun?: boolean;
  force?: boolean;
  reason?: string;
  config: PromotableConfig[];
  renderer: SideRenderer;
  /** Validates targets of a repository copy; returns its findings. */
  validate: (root: string, targets: string[]) => Promise<Finding[]>;
  /** Findings of rules a forced promotion accepts (skipping an environment is what they report). */
  forceAccepts?: string[];
}

export interface PromoteResult {
  from: Environment;
  to: Environment;
  file: string;
  moves: Move[];
  diff: DiffReport;
  /** Findings in the target environment at error severity with the moves applied (the refusal, when not empty). */
  blocking: Finding[];
  /** Findings a forced promotion accepted. */
  accepted: Finding[];
  /** Whether the working tree's file was replaced (not with --branch: the commit goes on the branch only). */
  written: boolean;
  branch?: string;
  commit?: string;
  message: string;
}

/** Refused before anything was written; exit 1 (the findings say why). */
export class PromotionRefused extends Error {
  constructor(readonly result: PromoteResult) {
    super(`promotion refused: ${result.blocking.length} error finding(s) in ${result.to} with the promoted versions`);
  }
}

function environment(name: string, role: string): Environment {
  if (!(ENVIRONMENTS as readonly string[]).includes(name)) throw new UsageError(`unknown ${role} environment "${name}" (expected ${ENVIRONMENTS.join(", ")})`);
  return name as Environment;
}

export function checkOrder(from: Environment, to: Environment, force?: boolean, reason?: string): void {
  if (from === to) throw new UsageError(`cannot promote ${from} to itself`);
  if (force && !reason?.trim()) throw new UsageError('--force needs --reason "<why>" (it goes into the commit message)');
  const step = ENVIRONMENTS.indexOf(to) - ENVIRONMENTS.indexOf(from);
  if (step !== 1 && !force) {
    const skipped = ENVIRONMENTS.slice(ENVIRONMENTS.indexOf(from) + 1, ENVIRONMENTS.indexOf(to));
    const why = step < 0 ? `${to} comes before ${from}` : `it skips ${skipped.join(", ")}`;
    throw new UsageError(`refusing to promote ${from} → ${to}: ${why} (promote one environment at a time, or pass --force --reason "<why>")`);
  }
}

function kustomizationOf(root: string, dir: string, role: string): string {
  const file = kustomizationFile(fromRepoPath(root, dir));
  if (!file) throw new UsageError(`no kustomization in ${dir} (the ${role} environment)`);
  return toRepoPath(root, file);
}

/** A copy of the repository's files (tracked and untracked, not ignored) sharing the user's .cache. */
async function scratchCopy(root: string): Promise<string> {
  const list = await gitOrThrow(root, ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], "git ls-files");
  const scratch = mkdtempSync(join(tmpdir(), "gaia-promote-"));
  for (const file of new Set(list.split("\0").filter(Boolean))) {
    const src = join(root, file);
    if (!existsSync(src)) continue;
    mkdirSync(dirname(join(scratch, file)), { recursive: true });
    cpSync(src, join(scratch, file));
  }
  mkdirSync(join(root, ".cache"), { recursive: true });
  symlinkSync(join(root, ".cache"), join(scratch, ".cache"), "dir");
  return scratch;
}

function commitMessage(from: Environment, to: Environment, game: string | undefined, moves: Move[], file: string, reason?: string): string {
  const images = moves.filter((m) => m.kind === "image").length;
  const values = moves.length - images;
  const what = [images && `${images} image${images === 1 ? "" : "s"}`, values && `${values} config value${values === 1 ? "" : "s"}`].filter(Boolean).join(", ");
  const lines = [`Promote ${game ? `${game} ` : ""}${from} → ${to}: ${what}`, "", ...moves.map((m) => `- ${moveText(m)}`), "", `File: ${file}`];
  if (reason)
    lines.push(
      `Reason (${to} without ${ENVIRONMENTS.slice(ENVIRONMENTS.indexOf(from) + 1, ENVIRONMENTS.indexOf(to)).join(", ") || "the usual order"}): ${reason}`,
    );
  return `${lines.join("\n")}\n`;
}

async function renderedDiff(root: string, scratch: string, targets: Target[], renderer: SideRenderer, label: string): Promise<DiffReport> {
  const [before, after] = [await renderSide(root, targets, renderer), await renderSide(scratch, targets, renderer)];
  const diffs: TargetDiff[] = targets.map((t) => {
    const error = before.failed.get(t.path) ?? after.failed.get(t.path);
    if (error) return { target: t.path, status: "failed", objects: [], error, ...(t.game ? { game: t.game } : {}) };
    const objects = diffObjects(before.objects.get(t.path) ?? [], after.objects.get(t.path) ?? []);
    return { target: t.path, status: objects.length ? "changed" : "unchanged", objects, ...(t.game ? { game: t.game } : {}) };
  });
  return { version: 1, base: "HEAD", head: label, targets: diffs, summary: summarise(diffs) };
}

/**
 * One commit on a new branch holding `text` as `file`, built from HEAD with a temporary index: the user's working tree,
 * index and checked-out branch are not touched, and the branch appears (atomically, by one ref update) only complete.
 */
async function checkNewBranch(root: string, branch: string): Promise<void> {
  if (!(await git(root, ["check-ref-format", "--branch", branch])).ok) throw new UsageError(`--branch "${branch}" is not a valid branch name`);
  if ((await git(root, ["rev-parse", "--verify", "--quiet", `refs/heads/${branch}`])).ok)
    throw new UsageError(`branch ${branch} already exists (choose another --branch name)`);
}

async function commitOnBranch(root: string, branch: string, file: string, text: string, message: string): Promise<string> {
  const prefix = (await gitOrThrow(root, ["rev-parse", "--show-prefix"], "git rev-parse")).trim();
  const path = `${prefix}${file}`;
  const work = mkdtempSync(join(tmpdir(), "gaia-commit-"));
  try {
    const env = { GIT_INDEX_FILE: join(work, "index") };
    const inIndex = async (args: string[], what: string) => {
      const r = await git(root, args, env);
      if (!r.ok) throw new UsageError(`${what}: ${r.stderr.trim().split("\n")[0] || `git ${args[0]} failed`}`);
      return r.stdout.trim();
    };
    writeFileSync(join(work, "blob"), text);
    const blob = await inIndex(["hash-object", "-w", "--", join(work, "blob")], "git hash-object");
    const mode = (await inIndex(["ls-tree", "HEAD", "--", path], "git ls-tree")).split(/\s/)[0] || "100644";
    await inIndex(["read-tree", "HEAD"], "git read-tree");
    await inIndex(["update-index", "--add", "--cacheinfo", `${mode},${blob},${path}`], "git update-index");
    const tree = await inIndex(["write-tree"], "git write-tree");
    const commit = await inIndex(["commit-tree", tree, "-p", "HEAD", "-m", message], "git commit-tree");
    await inIndex(["update-ref", "-m", "gaia promote", `refs/heads/${branch}`, commit, ""], `cannot create branch ${branch}`);
    return commit;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export async function promote(req: PromoteRequest): Promise<PromoteResult> {
  const from = environment(req.from, "source");
  const to = environment(req.to, "target");
  checkOrder(from, to, req.force, req.reason);
  if (req.only !== undefined && req.only !== "images" && req.only !== "config") throw new UsageError(`--only must be images or config, not "${req.only}"`);
  if (!(await isGitRepository(req.root))) throw new UsageError(`gaia promote works on a git repository, and ${req.root} is not one`);
  const folder = (env: Environment) => (req.game ? `games/${req.game}/${env}` : `overlays/${env}`);
  if (req.game && !existsSync(fromRepoPath(req.root, `games/${req.game}`))) throw new UsageError(`no game "${req.game}" (no folder games/${req.game})`);
  const fromFile = kustomizationOf(req.root, folder(from), "source");
  const toFile = kustomizationOf(req.root, folder(to), "target");
  if (!req.dryRun) {
    const dirty = await dirtyFiles(req.root);
    if (dirty.length)
      throw new UsageError(
        `the working tree has uncommitted changes (${dirty.length}, e.g. ${dirty[0].slice(3)}): commit or stash them first, or use --dry-run`,
      );
  }
  if (req.branch !== undefined) await checkNewBranch(req.root, req.branch);
  const read = (f: string) => readFileSync(fromRepoPath(req.root, f), "utf8");
  const plan = planPromotion(read(fromFile), read(toFile), { from: fromFile, to: toFile }, { only: req.only, config: req.config });
  const message = commitMessage(from, to, req.game, plan.moves, toFile, req.force ? req.reason : undefined);
  const base = { from, to, file: toFile, moves: plan.moves, message, blocking: [] as Finding[], accepted: [] as Finding[], written: false };
  if (plan.moves.length === 0) return { ...base, diff: { version: 1, base: "HEAD", head: "HEAD", targets: [], summary: summarise([]) } };

  const scratch = await scratchCopy(req.root);
  try {
    writeAllAtomically(scratch, [{ file: fromRepoPath(scratch, toFile), text: plan.text }]);
    const targets = discoverTargets(scratch).filter(
      (t) => (req.game ? t.kind === "game" && t.game === req.game : t.kind === "game" || t.kind === "overlay") && t.environment === to,
    );
    const diff = await renderedDiff(req.root, scratch, targets, req.renderer, `${toFile} with the promoted versions`);
    // What the promotion is answerable for: errors in the target environment's targets and in the edited file.
    const paths = new Set(targets.map((t) => t.path));
    const findings = (await req.validate(scratch, [...paths])).filter(
      (f) => SEVERITY_ORDER[f.severity] >= SEVERITY_ORDER.error && (paths.has(f.target) || f.source.file === toFile),
    );
    const accepted = req.force ? findings.filter((f) => (req.forceAccepts ?? []).includes(f.ruleId)) : [];
    const result: PromoteResult = { ...base, diff, blocking: findings.filter((f) => !accepted.includes(f)), accepted };
    if (result.blocking.length) throw new PromotionRefused(result);
    if (req.dryRun) return result;
    if (req.branch) return { ...result, branch: req.branch, commit: await commitOnBranch(req.root, req.branch, toFile, plan.text, message) };
    writeAllAtomically(req.root, [{ file: fromRepoPath(req.root, toFile), text: plan.text }]);
    return { ...result, written: true };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
