// gaia promote <from> <to>: copy the pinned versions of one environment into the next, validated before anything is written.
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import type { Command } from "commander";
import type { Finding, Report } from "../lib/types.ts";
import { validateRepository } from "../lib/pipeline.ts";
import { allRules } from "../lib/policy/rules/index.ts";
import { renderReport } from "../lib/report/index.ts";
import { loadPolicyConfig } from "../lib/repo/load.ts";
import { promote, PromotionRefused, type PromoteResult } from "../lib/promote/promote.ts";
import { moveText } from "../lib/promote/plan.ts";
import { DIFF_FORMATS, formatDiff, type DiffFormat } from "../lib/diff/format.ts";
import { PROMOTION_ORDER_RULE } from "../lib/policy/rules/promotion-order/rule.ts";
import { findRepoRoot } from "../lib/util/paths.ts";
import { UsageError } from "../lib/util/errors.ts";
import { sideRenderer } from "./diff.ts";
import type { Io } from "./io.ts";
import { ruleDocs } from "./rule-docs.ts";

interface PromoteFlags {
  game?: string;
  only?: string;
  branch?: string;
  dryRun?: boolean;
  force?: boolean;
  reason?: string;
  format: string;
  cache: boolean;
  today?: string;
  root?: string;
}

function findingsReport(findings: Finding[], kustomize: string): Report {
  const count = (s: string) => findings.filter((f) => f.severity === s).length;
  return {
    version: 1,
    tool: { name: "gaia", kustomize, kubernetes: "" },
    targets: [],
    findings,
    summary: { targets: 0, objects: 0, errors: count("error"), warnings: count("warning"), infos: count("info"), ms: 0 },
  };
}

function summaryLines(r: PromoteResult, dryRun: boolean): string {
  if (r.moves.length === 0) return `nothing to promote: ${r.file} already pins what ${r.from} pins\n`;
  const verb = r.commit
    ? `committed ${r.commit.slice(0, 12)} on branch ${r.branch} (the working tree is unchanged)`
    : r.written
      ? "written"
      : dryRun
        ? "not written (--dry-run)"
        : "not written";
  const accepted = r.accepted.length ? [`accepted with --force: ${r.accepted.map((f) => `${f.ruleId} (${f.message})`).join("; ")}`] : [];
  return [`promote ${r.from} → ${r.to}: ${r.moves.length} move(s) in ${r.file}, ${verb}`, ...r.moves.map((m) => `  - ${moveText(m)}`), ...accepted, ""].join(
    "\n",
  );
}

export async function runPromote(from: string, to: string, flags: PromoteFlags, io: Io): Promise<number> {
  if (!(DIFF_FORMATS as readonly string[]).includes(flags.format))
    throw new UsageError(`--format must be one of ${DIFF_FORMATS.join(", ")}, not "${flags.format}"`);
  if (flags.reason !== undefined && !flags.force) throw new UsageError("--reason goes with --force (it explains why an environment is skipped)");
  if (flags.branch !== undefined && flags.dryRun) throw new UsageError("--branch and --dry-run exclude each other (a dry run writes nothing)");
  const root = flags.root ? resolve(io.cwd, flags.root) : findRepoRoot(io.cwd);
  const renderer = await sideRenderer(root, io, flags.cache);
  const today = flags.today ?? new Date().toISOString().slice(0, 10);
  const validate = async (copy: string, targets: string[]) =>
    (
      await validateRepository({
        root: copy,
        paths: targets.map((t) => resolve(copy, t)),
        environment: "production",
        jobs: availableParallelism(),
        cache: flags.cache,
        batch: true,
        kustomizeVersion: renderer.kustomizeVersion,
        build: renderer.build,
        rules: allRules(),
        today,
      })
    ).report.findings;
  try {
    const result = await promote({
      root,
      from,
      to,
      game: flags.game,
      only: flags.only,
      branch: flags.branch,
      dryRun: flags.dryRun,
      force: flags.force,
      reason: flags.reason,
      config: loadPolicyConfig(root, []).promotion?.config ?? [],
      renderer,
      validate,
      forceAccepts: [PROMOTION_ORDER_RULE],
    });
    if (result.moves.length) io.out(formatDiff(flags.format as DiffFormat, result.diff, { color: io.isTTY && !io.env.NO_COLOR }));
    io.err(summaryLines(result, !!flags.dryRun));
    return 0;
  } catch (err) {
    if (!(err instanceof PromotionRefused)) throw err;
    const report = findingsReport(err.result.blocking, renderer.kustomizeVersion);
    io.out(renderReport("pretty", report, { color: io.isTTY && !io.env.NO_COLOR, repoRoot: root, rules: ruleDocs() }));
    io.err(`gaia: ${err.message}; nothing was written\n`);
    return 1;
  }
}

export function registerPromote(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command("promote")
    .description("copy the pinned image versions (and promotable config values) of one environment into the next")
    .argument("<from>", "environment to promote from (development, staging)")
    .argument("<to>", "environment to promote to (the next one; skipping needs --force --reason)")
    .option("--game <game>", "promote a game's overlays (games/<game>/<env>) instead of overlays/<env>")
    .option("--only <what>", "images|config: move only that")
    .option("--branch <name>", "create this branch and commit the promotion on it (message lists what moved)")
    .option("--dry-run", "show what would move and its rendered effect; write nothing")
    .option("--force", "allow skipping an environment (needs --reason)")
    .option("--reason <text>", "why an environment is skipped; goes into the commit message")
    .option("-f, --format <format>", `rendered diff output: ${DIFF_FORMATS.join("|")}`, "pretty")
    .option("--no-cache", "render without the .cache/ render cache")
    .option("--today <date>", "date used for exception expiry (YYYY-MM-DD)")
    .option("--root <dir>", "repository root (default: found from the working directory)")
    .action(async (fromEnv: string, toEnv: string, flags: PromoteFlags) => setExit(await runPromote(fromEnv, toEnv, flags, io)));
}
