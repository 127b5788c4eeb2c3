// --changed-since splits findings: those at a file the change touched ("in this change") and those elsewhere
// ("inherited": they were there before the change and are not its author's to fix).
import type { Finding, Report } from "../types.ts";

/** Whether a finding lies in the change; every finding does when the report has no change scope. */
export function inChange(report: Report, finding: Finding): boolean {
  return !report.change || report.change.files.includes(finding.source.file);
}

export function splitByChange(report: Report, findings: readonly Finding[] = report.findings): { inChange: Finding[]; inherited: Finding[] } {
  const ours = findings.filter((f) => inChange(report, f));
  return { inChange: ours, inherited: findings.filter((f) => !inChange(report, f)) };
}
