// The machine-readable contract (described by schemas/report.schema.json). Keys are written in a fixed order
// and only the contract's fields are kept, so equal reports give byte-identical output.
import type { Finding, ObjectRef, Report, RepositoryFacts, TargetSummary } from "../types.ts";
import type { ReportOptions } from "./index.ts";
import { sortFindings, sortTargets } from "./order.ts";
import { inChange } from "./change.ts";

function canonicalObject(ref: ObjectRef): ObjectRef {
  return ref.namespace
    ? { apiVersion: ref.apiVersion, kind: ref.kind, namespace: ref.namespace, name: ref.name }
    : { apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name };
}

function canonicalFinding(f: Finding, report: Report): Finding & { inherited?: boolean } {
  const base = canonicalFindingFields(f);
  return report.change ? { ...base, inherited: !inChange(report, f) } : base;
}

function canonicalFindingFields(f: Finding): Finding {
  const out: Finding = {
    ruleId: f.ruleId,
    category: f.category,
    severity: f.severity,
    message: f.message,
    fix: f.fix,
    target: f.target,
    path: f.path,
    source: { file: f.source.file, line: f.source.line },
    ...(f.related?.length ? { related: f.related.map((r) => ({ file: r.file, line: r.line })) } : {}),
  };
  if (!f.object) return out;
  const { path, source, related, ...head } = out;
  return { ...head, object: canonicalObject(f.object), path, source, ...(related ? { related } : {}) };
}

function canonicalTarget(t: TargetSummary): TargetSummary {
  return { path: t.path, status: t.status, objects: t.objects, ms: t.ms };
}

function canonicalRepository(r: RepositoryFacts): RepositoryFacts {
  return {
    environment: r.environment,
    today: r.today,
    complete: r.complete,
    summaries: r.summaries,
    exceptionsUsed: [...r.exceptionsUsed].sort(),
  };
}

/** The report as plain data in contract order (also useful to tests and other tools). */
export function canonicalReport(report: Report): Report {
  const { summary, tool } = report;
  return {
    version: 1,
    tool: { name: "gaia", kustomize: tool.kustomize, kubernetes: tool.kubernetes },
    targets: sortTargets(report.targets).map(canonicalTarget),
    findings: sortFindings(report.findings).map((f) => canonicalFinding(f, report)),
    summary: {
      targets: summary.targets,
      objects: summary.objects,
      errors: summary.errors,
      warnings: summary.warnings,
      infos: summary.infos,
      ms: summary.ms,
    },
    ...(report.change ? { change: { since: report.change.since, files: [...report.change.files] } } : {}),
    ...(report.shard ? { shard: { index: report.shard.index, count: report.shard.count } } : {}),
    ...(report.repository ? { repository: canonicalRepository(report.repository) } : {}),
  };
}

export function formatJson(report: Report, _opts: ReportOptions): string {
  return `${JSON.stringify(canonicalReport(report), null, 2)}\n`;
}
