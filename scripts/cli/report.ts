// gaia report merge <report.json>...: join JSON reports (the shards of a CI matrix) and print them in any format.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { SEVERITY_ORDER, type Severity } from "../lib/types.ts";
import { FORMATS, isFormat, renderReport } from "../lib/report/index.ts";
import { mergeReports, readReportFile } from "../lib/report/merge.ts";
import { shardedRepositoryFindings } from "../lib/policy/shard-repository.ts";
import { allRules } from "../lib/policy/rules/index.ts";
import { findRepoRoot, TOOLKIT_ROOT } from "../lib/util/paths.ts";
import { UsageError } from "../lib/util/errors.ts";
import { writeFileAtomic, type Io } from "./io.ts";
import { pairOutputs } from "./validate.ts";
import { ruleDocs } from "./rule-docs.ts";

interface MergeFlags {
  format: string[];
  output: string[];
  failOn: string;
  root?: string;
  pairs?: Array<{ format: string; output?: string }>;
}

const SCHEMA = join(TOOLKIT_ROOT, "schemas", "report.schema.json");

export function runReportMerge(files: string[], flags: MergeFlags, io: Io): number {
  if (!["error", "warning", "info"].includes(flags.failOn)) throw new UsageError(`--fail-on must be error, warning or info, not "${flags.failOn}"`);
  const pairs = flags.pairs ?? flags.format.map((format, i) => ({ format, output: flags.output[i] }));
  for (const { format } of pairs) if (!isFormat(format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, not "${format}"`);
  const schema = JSON.parse(readFileSync(SCHEMA, "utf8")) as object;
  const root = flags.root ? resolve(io.cwd, flags.root) : findRepoRoot(io.cwd);
  const report = mergeReports(
    files.map((f) => ({ file: f, report: readReportFile(resolve(io.cwd, f), schema) })),
    (shards) => shardedRepositoryFindings(root, shards, allRules()),
  );
  const opts = { color: io.isTTY && !io.env.NO_COLOR, repoRoot: root, rules: ruleDocs() };
  for (const { format, output } of pairs.length ? pairs : [{ format: "pretty" }]) {
    const text = renderReport(format, report, { ...opts, color: output ? false : opts.color });
    if (output) writeFileAtomic(resolve(io.cwd, output), text);
    else io.out(text.endsWith("\n") ? text : `${text}\n`);
  }
  const failOn = flags.failOn as Severity;
  return report.findings.some((f) => SEVERITY_ORDER[f.severity] >= SEVERITY_ORDER[failOn]) ? 1 : 0;
}

const collect = (v: string, prev: string[]) => [...prev, v];

export function registerReport(program: Command, io: Io, setExit: (code: number) => void, argv: string[] = []): void {
  const report = program.command("report").description("work with JSON reports of gaia validate");
  report
    .command("merge")
    .description("merge JSON reports (e.g. of validate --shard i/n) into one report in any format")
    .argument("<reports...>", "JSON reports written by gaia validate --format json")
    .option("-f, --format <format>", `report format: ${FORMATS.join("|")} (repeatable)`, collect, [])
    .option("-o, --output <file>", "write the report of the matching --format to a file (repeatable)", collect, [])
    .option("--fail-on <severity>", "lowest severity that fails (exit 1): error|warning|info", "error")
    .option(
      "--root <dir>",
      "repository root the shards validated: the repository-wide rules run here, and links and rule documentation use it (default: found from the working directory)",
    )
    .action((files: string[], flags: MergeFlags) => setExit(runReportMerge(files, { ...flags, pairs: pairOutputs(argv) }, io)));
}
