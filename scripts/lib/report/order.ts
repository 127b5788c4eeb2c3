// Deterministic ordering shared by every format: the same findings in any input order give the same output.
import { compareFindings, SEVERITY_ORDER, type Finding, type ObjectRef, type TargetSummary } from "../types.ts";

/** Plain code-unit comparison: independent of the machine's locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function objectKey(ref: ObjectRef | undefined): string {
  return ref ? [ref.apiVersion, ref.kind, ref.namespace ?? "", ref.name].join("\u0000") : "";
}

/** compareFindings, then every remaining field, so that no two distinct findings tie. */
export function compareFindingsFully(a: Finding, b: Finding): number {
  return (
    compareFindings(a, b) ||
    SEVERITY_ORDER[b.severity] - SEVERITY_ORDER[a.severity] ||
    compareText(a.category, b.category) ||
    compareText(objectKey(a.object), objectKey(b.object)) ||
    compareText(a.fix, b.fix) ||
    compareText(a.source.file, b.source.file) ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.target, b.target) ||
    compareText(a.path, b.path) ||
    compareText(a.message, b.message)
  );
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindingsFully);
}

export function sortTargets(targets: readonly TargetSummary[]): TargetSummary[] {
  return [...targets].sort((a, b) => compareText(a.path, b.path) || compareText(a.status, b.status) || a.objects - b.objects || a.ms - b.ms);
}

/** The `limit` most severe findings, returned in file order (for formats that must stay short). */
export function mostSevere(sorted: readonly Finding[], limit: number): Finding[] {
  if (sorted.length <= limit) return [...sorted];
  const ranked = sorted.map((finding, index) => ({ finding, index }));
  ranked.sort((a, b) => SEVERITY_ORDER[b.finding.severity] - SEVERITY_ORDER[a.finding.severity] || a.index - b.index);
  return ranked
    .slice(0, limit)
    .sort((a, b) => a.index - b.index)
    .map((r) => r.finding);
}

export interface CollapsedFinding {
  finding: Finding;
  /** Targets (sorted, distinct) that reported this same problem. */
  targets: string[];
}

/**
 * A base file shared by many targets yields the same finding once per target; show it once.
 * Input must be sorted; equal findings that differ only in target are merged.
 */
export function collapseAcrossTargets(sorted: readonly Finding[]): CollapsedFinding[] {
  const byKey = new Map<string, CollapsedFinding>();
  for (const finding of sorted) {
    const key = [
      finding.source.file,
      finding.source.line,
      finding.ruleId,
      finding.severity,
      finding.message,
      finding.fix,
      finding.path,
      objectKey(finding.object),
    ].join("\u0001");
    const existing = byKey.get(key);
    if (existing) {
      if (!existing.targets.includes(finding.target)) existing.targets.push(finding.target);
    } else {
      byKey.set(key, { finding, targets: [finding.target] });
    }
  }
  const collapsed = [...byKey.values()];
  for (const entry of collapsed) entry.targets.sort(compareText);
  return collapsed;
}
