// gaia validate [path ...]: render and check targets, print reports, exit 0/1/2.
import { existsSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { countBySeverity, ENVIRONMENTS, SEVERITY_ORDER, type Environment, type Finding, type Report, type Severity, type Target } from "../lib/types.ts";
import { resolveKustomize } from "../lib/kustomize/resolve.ts";
import { DEFAULT_RENDER_TIMEOUT_MS, kustomizeBuilder } from "../lib/kustomize/build.ts";
import { validateRepository } from "../lib/pipeline.ts";
import { limitsWithMaxMiB } from "../lib/parse/source.ts";
import { allRules } from "../lib/policy/rules/index.ts";
import { FORMATS, formatProgress, isFormat, renderReport } from "../lib/report/index.ts";
import { findRepoRootStrict } from "../lib/util/paths.ts";
import { discoverTargets } from "../lib/discover/discover.ts";
import { ClosureReader } from "../lib/render/closure.ts";
import { UsageError } from "../lib/util/errors.ts";
import { loadPolicyConfig } from "../lib/repo/load.ts";
import { kubeconformEngine } from "../lib/schema/kubeconform.ts";
import { changedFiles, changedLines, changedTargets, narrowToPaths } from "../lib/discover/changed.ts";
import { atChangedLine } from "../lib/report/change.ts";
import { parseShard } from "../lib/discover/shard.ts";
import { writeFileAtomic, type Io } from "./io.ts";
import { ruleDocs } from "./rule-docs.ts";
import { isTruthy } from "./debug.ts";
import { toolkitVersion } from "../lib/util/version.ts";

export interface ValidateFlags {
  env: string;
  jobs?: string;
  cache: boolean;
  batch: boolean;
  format: string[];
  output: string[];
  failOn: string;
  engine: string;
  ignoreMissingSchemas?: boolean;
  changedSince?: string;
  renderTimeout?: string;
  shard?: string;
  progress: boolean;
  today?: string;
  maxPerFile?: string;
  root?: string;
  /** Stacks of checks that threw, on stderr (the global --debug, set by the CLI from the raw arguments). */
  debug?: boolean;
  maxInputSize?: string;
  /** --format/--output pairs in command-line order (set by the CLI from the raw arguments). */
  pairs?: Array<{ format: string; output?: string }>;
}

/** --max-input-size in MiB: a positive number, or undefined for the default. */
export function parseMaxInputSize(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const mib = Number(value);
  if (!Number.isFinite(mib) || mib <= 0) throw new UsageError(`--max-input-size must be a positive number of MiB, not "${value}"`);
  return mib;
}

/** "90" (seconds), "90s", "2m" or "500ms" as milliseconds; undefined when not a positive duration. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!m) return undefined;
  const ms = Number(m[1]) * (m[2] === "ms" ? 1 : m[2] === "m" ? 60_000 : 1000);
  return ms > 0 && Number.isFinite(ms) ? ms : undefined;
}

function parseFlags(flags: ValidateFlags): { env: Environment; jobs: number; failOn: Severity; renderTimeoutMs: number; maxPerFile?: number } {
  if (!(ENVIRONMENTS as readonly string[]).includes(flags.env)) throw new UsageError(`--env must be one of ${ENVIRONMENTS.join(", ")}, not "${flags.env}"`);
  const jobs = flags.jobs === undefined ? availableParallelism() : Number(flags.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`--jobs must be a positive whole number, not "${flags.jobs}"`);
  if (!["error", "warning", "info"].includes(flags.failOn)) throw new UsageError(`--fail-on must be error, warning or info, not "${flags.failOn}"`);
  for (const f of flags.format) if (!isFormat(f)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, not "${f}"`);
  if (!["builtin", "kubeconform"].includes(flags.engine)) throw new UsageError(`--engine must be builtin or kubeconform, not "${flags.engine}"`);
  const renderTimeoutMs = flags.renderTimeout === undefined ? DEFAULT_RENDER_TIMEOUT_MS : parseDuration(flags.renderTimeout);
  if (renderTimeoutMs === undefined) throw new UsageError(`--render-timeout must be a positive duration such as 90s or 2m, not "${flags.renderTimeout}"`);
  const maxPerFile = flags.maxPerFile === undefined ? undefined : Number(flags.maxPerFile);
  if (maxPerFile !== undefined && (!Number.isInteger(maxPerFile) || maxPerFile < 1))
    throw new UsageError(`--max-per-file must be a positive whole number, not "${flags.maxPerFile}"`);
  if (flags.today !== undefined && !isCalendarDate(flags.today)) throw new UsageError(`--today must be a real date written YYYY-MM-DD, not "${flags.today}"`);
  return { env: flags.env as Environment, jobs, failOn: flags.failOn as Severity, renderTimeoutMs, maxPerFile };
}

/** YYYY-MM-DD naming a day that exists (2026-02-30 and 2026-13-01 do not). */
export function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === text;
}

/** Report files must be files: a directory (existing, or named with a trailing slash) is a usage error before anything runs. */
function checkOutputs(cwd: string, outputs: string[]): void {
  for (const output of outputs) {
    const file = resolve(cwd, output);
    if (/[/\\]$/.test(output) || (existsSync(file) && statSync(file).isDirectory()))
      throw new UsageError(`--output ${output} is a directory; give a file name, e.g. ${join(output, "report.txt")}`);
  }
}

const isDebug = (flags: ValidateFlags, io: Io) => !!flags.debug || isTruthy(io.env.GAIA_DEBUG);

export function exitCodeFor(report: Report, failOn: Severity): number {
  return report.findings.some((f: Finding) => SEVERITY_ORDER[f.severity] >= SEVERITY_ORDER[failOn]) ? 1 : 0;
}

function versionFinding(configured: string | undefined, used: string): Finding[] {
  if (!configured || configured === used) return [];
  return [
    {
      ruleId: "kustomize-version-mismatch",
      category: "config",
      severity: "warning",
      message: `kustomize ${used} renders these targets, but Argo CD is configured with ${configured}: output may differ after merge`,
      fix: "Align policies/config.yaml argocd.kustomizeVersion with the pinned kustomize (or set KUSTOMIZE to the same version Argo CD runs).",
      target: "",
      path: "/argocd/kustomizeVersion",
      source: { file: "policies/config.yaml", line: 1 },
    },
  ];
}

/** The root to validate: --root when given (it must exist), else found upwards from the working directory. */
function repositoryRoot(flagRoot: string | undefined, cwd: string): string {
  if (flagRoot !== undefined) {
    const root = resolve(cwd, flagRoot);
    if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError(`--root ${flagRoot}: no such folder`);
    return root;
  }
  const found = findRepoRootStrict(cwd);
  if (!found) throw new UsageError(`no repository root found from ${cwd} (no policies/ or .git above it); run inside the repository or pass --root`);
  return found;
}

/** A whole-repository run over a root without any target would be an empty green: refuse it. */
function requireTargets(targets: Target[], root: string, flagRoot: string | undefined): void {
  if (targets.length > 0) return;
  const where = flagRoot !== undefined ? `--root ${flagRoot}` : root;
  throw new UsageError(`${where} holds no targets (no kustomization under overlays/, games/<game>/<env>/ or clusters/); nothing to validate`);
}

export async function runValidate(paths: string[], flags: ValidateFlags, io: Io): Promise<number> {
  const { env, jobs, failOn, renderTimeoutMs, maxPerFile } = parseFlags(flags);
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
  const pairs = flags.pairs ?? flags.format.map((format, i) => ({ format, output: flags.output[i] }));
  checkOutputs(
    io.cwd,
    pairs.flatMap((p) => (p.output ? [p.output] : [])),
  );
  const root = repositoryRoot(flags.root, io.cwd);
  const kustomize = await resolveKustomize({ root, env: io.env });
  if (kustomize.warning) io.err(`warning: ${kustomize.warning}\n`);
  const config = loadPolicyConfig(root, []);
  const absPaths = paths.map((p) => (p === "-" ? "-" : resolve(io.cwd, p)));
  const maxInputMiB = parseMaxInputSize(flags.maxInputSize);
  const stdinText = absPaths.includes("-") ? await io.readStdin(limitsWithMaxMiB(maxInputMiB).maxBytes) : undefined;
  if (stdinText !== undefined && stdinText.trim() === "") throw new UsageError("stdin is empty: nothing to validate (pipe manifests into `gaia validate -`)");
  const changed = flags.changedSince ? await changedFiles(root, flags.changedSince) : undefined;
  // Discovered once for the selection, the check for targets and the run (with the selection's closure reader).
  const reader = new ClosureReader(root);
  const discovered = { targets: discoverTargets(root, (dir) => reader.list(dir)), reader };
  const selected = flags.changedSince ? narrowToPaths(await changedTargets(root, flags.changedSince, changed, discovered), absPaths) : absPaths;
  if (flags.changedSince && selected.length === 0) {
    const where = absPaths.length > 0 ? " under the given paths" : "";
    io.err(`gaia: nothing to validate: no target's inputs${where} changed since ${flags.changedSince}\n`);
  }
  if (paths.length === 0) requireTargets(discovered.targets, root, flags.root);
  const showProgress = flags.progress && io.isTTY;
  const engine = flags.engine === "kubeconform" ? await kubeconformEngine(root, io.env, config.kubernetesVersion) : undefined;
  const { report, warnings, crashes } = await validateRepository({
    root,
    paths: selected,
    nothingSelected: !!flags.changedSince && selected.length === 0,
    stdinText,
    maxInputMiB,
    environment: env,
    jobs,
    cache: flags.cache,
    batch: flags.batch,
    kustomizeVersion: kustomize.version,
    build: kustomizeBuilder(kustomize, [], renderTimeoutMs),
    probeBuild: kustomizeBuilder(kustomize, ["--load-restrictor", "LoadRestrictionsNone"], renderTimeoutMs),
    rules: allRules(),
    today: flags.today ?? new Date().toISOString().slice(0, 10),
    ignoreMissingSchemas: flags.ignoreMissingSchemas,
    schemaEngine: engine,
    shard,
    discovered,
    onProgress: showProgress
      ? (done, total) => total > 5 && io.err(`\r${formatProgress(done, total, 30, "rendering")}${done === total ? "\r\x1b[K" : ""}`)
      : undefined,
  });
  for (const w of warnings) io.err(`warning: ${w}\n`);
  if (isDebug(flags, io))
    for (const c of crashes) io.err(`gaia: internal error in ${c.check}: ${c.err instanceof Error ? (c.err.stack ?? c.err.message) : String(c.err)}\n`);
  const extra = versionFinding(config.argocd?.kustomizeVersion, kustomize.version);
  if (extra.length) {
    report.findings = [...extra, ...report.findings];
    report.summary = { ...report.summary, ...countBySeverity(report.findings) };
  }
  if (flags.changedSince && changed) {
    report.change = { since: flags.changedSince, files: changed };
    const related = [...new Set(report.findings.flatMap((f) => (f.related?.length ? [f.source, ...f.related].map((s) => s.file) : [])))];
    const lines = await changedLines(
      root,
      flags.changedSince,
      related.filter((f) => changed.includes(f)),
    );
    report.findings = atChangedLine(report.findings, (at) => {
      const set = lines.get(at.file);
      return set === "all" || !!set?.has(at.line);
    });
  }
  const opts = { color: io.isTTY && !io.env.NO_COLOR, repoRoot: root, rules: ruleDocs(), maxPerFile, toolVersion: toolkitVersion() };
  for (const { format, output } of pairs.length ? pairs : [{ format: "pretty" }]) {
    const text = renderReport(format, report, { ...opts, color: output ? false : opts.color });
    if (output) writeFileAtomic(resolve(io.cwd, output), text);
    else io.out(text.endsWith("\n") ? text : `${text}\n`);
  }
  return exitCodeFor(report, failOn);
}

const collect = (v: string, prev: string[]) => [...prev, v];

/** Pairs each --output with the --format given before it (kubeconform-style repeatable outputs); unpaired formats go to stdout. */
export function pairOutputs(argv: string[]): Array<{ format: string; output?: string }> {
  const pairs: Array<{ format: string; output?: string }> = [];
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].includes("=") ? [argv[i].slice(0, argv[i].indexOf("=")), argv[i].slice(argv[i].indexOf("=") + 1)] : [argv[i], undefined];
    const value = inline ?? argv[i + 1];
    if (flag === "--format" || flag === "-f") {
      pairs.push({ format: value });
      if (inline === undefined) i++;
    } else if (flag === "--output" || flag === "-o") {
      const last = pairs[pairs.length - 1];
      if (!last || last.output) throw new UsageError(`--output ${value} needs a --format before it`);
      last.output = value;
      if (inline === undefined) i++;
    }
  }
  return pairs;
}

export function registerValidate(program: Command, io: Io, setExit: (code: number) => void, argv: string[] = []): void {
  program
    .command("validate")
    .description("render every target with the pinned kustomize and check objects against schemas and policies")
    .argument("[paths...]", "targets, folders or manifest files to check (default: the whole repository; - reads stdin)")
    .option("--env <environment>", "environment whose policy severities apply to plain manifests", "production")
    .option("-j, --jobs <n>", "parallel kustomize processes (default: one per core)")
    .option("--no-cache", "render everything again, ignoring .cache/")
    .option("--no-batch", "render each target in its own kustomize process")
    .option("-f, --format <format>", `report format: ${FORMATS.join("|")} (repeatable)`, collect, [])
    .option("-o, --output <file>", "write the report of the matching --format to a file (repeatable)", collect, [])
    .option("--fail-on <severity>", "lowest severity that fails the run: error|warning|info", "error")
    .option("--engine <engine>", "schema engine: builtin|kubeconform", "builtin")
    .option("--ignore-missing-schemas", "do not report objects whose kind has no schema")
    .option("--changed-since <ref>", "only targets whose inputs changed since a git ref (e.g. origin/main)")
    .option(
      "--render-timeout <duration>",
      `stop a target's kustomize build after this long and report it (e.g. 90s, 2m; default ${DEFAULT_RENDER_TIMEOUT_MS / 1000}s)`,
    )
    .option("--shard <i/n>", "check only shard i of n (a stable split by target path); gaia report merge runs the repository-wide rules over every shard")
    .option("--no-progress", "no progress bar")
    .option("--today <date>", "date used for exception expiry (YYYY-MM-DD)")
    .option("--max-per-file <n>", "pretty format: show at most n findings per file (default: all)")
    .option("--root <dir>", "repository root (default: found from the working directory)")
    .option("--max-input-size <MiB>", "largest manifest file or stdin input parsed, in MiB (default: 512)")
    .action(async (paths: string[], flags: ValidateFlags) =>
      setExit(await runValidate(paths, { ...flags, pairs: pairOutputs(argv), debug: argv.includes("--debug") }, io)),
    );
}
