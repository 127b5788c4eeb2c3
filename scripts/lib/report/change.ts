// --changed-since splits findings: those at a file the change touched ("in this change") and those elsewhere
// ("inherited": they were there before the change and are not its author's to fix).
import type { Finding, Report, SourceLocation } from "../types.ts";

/** Whether a finding lies in the change; every finding does when the report has no change scope. */
export function inChange(report: Report, finding: Finding): boolean {
  return !report.change || report.change.files.includes(finding.source.file);
}

export function splitByChange(report: Report, findings: readonly Finding[] = report.findings): { inChange: Finding[]; inherited: Finding[] } {
  const ours = findings.filter((f) => inChange(report, f));
  return { inChange: ours, inherited: findings.filter((f) => !inChange(report, f)) };
}

/**
 * A finding that several lines caused together (namePrefix and nameSuffix) is reported at the one the change touched,
 * the others staying related: the author sees it on the line they wrote.
 */
export function atChangedLine(findings: readonly Finding[], changed: (at: SourceLocation) => boolean): Finding[] {
  return findings.map((f) => {
    if (!f.related?.length || changed(f.source)) return f;
    const i = f.related.findIndex(changed);
    if (i < 0) return f;
    const related = [...f.related];
    const [source] = related.splice(i, 1, f.source);
    return { ...f, source, related };
  });
}
