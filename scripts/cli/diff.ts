// gaia diff --since <ref> | --env <a>..<b> [--game g]: what the rendered objects will look like after the change.
import { resolve } from "node:path";
import type { Command } from "commander";
import { resolveKustomize } from "../lib/kustomize/resolve.ts";
import { kustomizeBuilder } from "../lib/kustomize/build.ts";
import { diffEnvironments, diffSince } from "../lib/diff/targets.ts";
import { DIFF_FORMATS, formatDiff, type DiffFormat } from "../lib/diff/format.ts";
import type { SideRenderer } from "../lib/diff/render-sides.ts";
import { isGitRepository } from "../lib/git/git.ts";
import { findRepoRoot } from "../lib/util/paths.ts";
import { UsageError } from "../lib/util/errors.ts";
import { writeFileAtomic, type Io } from "./io.ts";

interface DiffFlags {
  since?: string;
  env?: string;
  game?: string;
  format: string;
  output?: string;
  cache: boolean;
  maxChars?: string;
  exitCode?: boolean;
  root?: string;
}

export async function sideRenderer(root: string, io: Io, cache: boolean): Promise<SideRenderer> {
  const kustomize = await resolveKustomize({ root, env: io.env });
  if (kustomize.warning) io.err(`warning: ${kustomize.warning}\n`);
  return { kustomizeVersion: kustomize.version, build: kustomizeBuilder(kustomize), cacheRoot: cache ? root : undefined };
}

export async function runDiff(flags: DiffFlags, io: Io): Promise<number> {
  if (!(DIFF_FORMATS as readonly string[]).includes(flags.format))
    throw new UsageError(`--format must be one of ${DIFF_FORMATS.join(", ")}, not "${flags.format}"`);
  if (!!flags.since === !!flags.env) throw new UsageError("gaia diff needs exactly one of --since <ref> or --env <from>..<to>");
  if (flags.game && !flags.env) throw new UsageError("--game goes with --env (--since already selects what changed)");
  const maxChars = flags.maxChars === undefined ? undefined : Number(flags.maxChars);
  if (maxChars !== undefined && !(Number.isInteger(maxChars) && maxChars > 0))
    throw new UsageError(`--max-chars must be a positive whole number, not "${flags.maxChars}"`);
  const root = flags.root ? resolve(io.cwd, flags.root) : findRepoRoot(io.cwd);
  if (flags.since && !(await isGitRepository(root))) throw new UsageError(`--since needs a git repository, and ${root} is not one`);
  const renderer = await sideRenderer(root, io, flags.cache);
  const diff = flags.since ? await diffSince(root, flags.since, renderer) : await diffEnvironments(root, flags.env!, flags.game, renderer);
  const text = formatDiff(flags.format as DiffFormat, diff, { color: !flags.output && io.isTTY && !io.env.NO_COLOR, maxChars });
  if (flags.output) writeFileAtomic(resolve(io.cwd, flags.output), text);
  else io.out(text);
  if (diff.summary.failed > 0) {
    io.err(`gaia: ${diff.summary.failed} target(s) could not be rendered, so the diff is incomplete (gaia validate shows why)\n`);
    return 2;
  }
  return flags.exitCode && diff.summary.changedTargets > 0 ? 1 : 0;
}

export function registerDiff(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command("diff")
    .description("object-level diff of the rendered output: since a git ref, or between two environments")
    .option("--since <ref>", "every target whose inputs changed since the ref (as validate --changed-since), old side rendered from a temporary worktree")
    .option("--env <from..to>", "two environments, e.g. staging..production (the overlays, or a game's with --game)")
    .option("--game <game>", "with --env: the game's targets instead of the overlays")
    .option("-f, --format <format>", `output: ${DIFF_FORMATS.join("|")}`, "pretty")
    .option("-o, --output <file>", "write to a file (atomically) instead of stdout")
    .option("--max-chars <n>", "markdown: most characters before the truncation note (default: fits a GitHub comment)")
    .option("--exit-code", "exit 1 when something changes (like git diff --exit-code)")
    .option("--no-cache", "render without the .cache/ render cache")
    .option("--root <dir>", "repository root (default: found from the working directory)")
    .action(async (flags: DiffFlags) => setExit(await runDiff(flags, io)));
}
