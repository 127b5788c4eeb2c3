// `gaia report merge`: the JSON reports of a sharded run (or of several runs) joined into one report, so a CI matrix
// produces one PR comment and one SARIF upload. Findings are deduplicated the way one run deduplicates them.
import { Ajv } from "ajv";
import { readFileSync } from "node:fs";
import { compareFindings, type Finding, type Report } from "../types.ts";
import { UsageError } from "../util/errors.ts";

const findingKey = (f: Finding) => JSON.stringify([f.ruleId, f.target, f.source.file, f.source.line, f.path, f.message]);

/** Reads and checks one report against schemas/report.schema.json; a bad file is a UsageError naming it. */
export function readReport(file: string, text: string, schema: object): Report {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${file} is not JSON (${(err as Error).message}); pass reports written by gaia validate --format json`);
  }
  const validate = new Ajv({ strict: false, allErrors: false }).compile(schema);
  if (!validate(data)) {
    const e = validate.errors?.[0];
    throw new UsageError(`${file} is not a gaia JSON report (${e?.instancePath || "/"} ${e?.message ?? "invalid"})`);
  }
  return data as Report;
}

export function readReportFile(file: string, schema: object): Report {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new UsageError(`cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return readReport(file, text, schema);
}

/** A sharded set must be complete: the same count in every report and each index exactly once. */
function checkShards(reports: Array<{ file: string; report: Report }>): void {
  const sharded = reports.filter((r) => r.report.shard);
  if (sharded.length === 0) return;
  if (sharded.length !== reports.length)
    throw new UsageError(`cannot mix sharded and unsharded reports (${reports.find((r) => !r.report.shard)!.file} has no shard)`);
  const count = sharded[0].report.shard!.count;
  const other = sharded.find((r) => r.report.shard!.count !== count);
  if (other)
    throw new UsageError(`${other.file} is shard ${other.report.shard!.index}/${other.report.shard!.count}, but ${sharded[0].file} is one of ${count}`);
  const seen = new Map<number, string>();
  for (const { file, report } of sharded) {
    const prior = seen.get(report.shard!.index);
    if (prior) throw new UsageError(`shard ${report.shard!.index}/${count} is given twice (${prior} and ${file})`);
    seen.set(report.shard!.index, file);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length) throw new UsageError(`incomplete shard set: missing ${missing.map((i) => `${i}/${count}`).join(", ")}`);
}

/**
 * Joins the reports. For a set of shards, `repositoryFindings` runs the repository-wide checks over the union of the
 * shards' target summaries (a shard's own report carries none of their findings).
 */
export function mergeReports(
  reports: Array<{ file: string; report: Report }>,
  repositoryFindings?: (shards: Array<{ file: string; report: Report }>) => Finding[],
): Report {
  if (reports.length === 0) throw new UsageError("gaia report merge needs at least one JSON report");
  checkShards(reports);
  const sharded = reports.some((r) => r.report.shard);
  const repository = sharded && repositoryFindings ? repositoryFindings(reports) : [];
  const kustomize = new Set(reports.map((r) => r.report.tool.kustomize));
  if (kustomize.size > 1) throw new UsageError(`the reports were rendered with different kustomize versions (${[...kustomize].join(", ")})`);
  const findings = new Map<string, Finding>();
  for (const f of [...reports.flatMap(({ report }) => report.findings), ...repository]) if (!findings.has(findingKey(f))) findings.set(findingKey(f), f);
  const targets = new Map(reports.flatMap(({ report }) => report.targets.map((t) => [t.path, t] as const)));
  const sorted = [...findings.values()].sort(compareFindings);
  const count = (s: Finding["severity"]) => sorted.filter((f) => f.severity === s).length;
  const list = [...targets.values()];
  return {
    version: 1,
    tool: reports[0].report.tool,
    targets: list.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    findings: sorted,
    summary: {
      targets: list.length,
      objects: list.reduce((n, t) => n + t.objects, 0),
      errors: count("error"),
      warnings: count("warning"),
      infos: count("info"),
      // The shards run side by side: the merged run took as long as the slowest.
      ms: Math.max(...reports.map((r) => r.report.summary.ms)),
    },
  };
}
