// GitHub Actions workflow commands: each finding becomes an annotation at its file and line.
// Escaping follows @actions/core (command.ts): data escapes % CR LF; property values also escape : and ,.
import type { Finding, Report, Severity } from "../types.ts";
import type { ReportOptions } from "./index.ts";
import { sortFindings } from "./order.ts";
import { plural, summaryLine, visibleControls } from "./text.ts";
import { splitByChange } from "./change.ts";

const COMMAND: Record<Severity, "error" | "warning" | "notice"> = { error: "error", warning: "warning", info: "notice" };

export function escapeCommandData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Other control characters (escape sequences, NUL, BEL) would reach the log raw; show them as text. */
function visibleOtherControls(text: string): string {
  return text.replace(/[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

export function escapeCommandProperty(text: string): string {
  return escapeCommandData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

function annotation(f: Finding): string {
  const properties: Array<[string, string]> = [];
  if (f.source.file) properties.push(["file", f.source.file]);
  if (f.source.file && Number.isInteger(f.source.line) && f.source.line >= 1) properties.push(["line", String(f.source.line)]);
  properties.push(["title", f.ruleId]);
  const props = properties.map(([key, value]) => `${key}=${escapeCommandProperty(visibleOtherControls(value))}`).join(",");
  const data = f.fix ? `${f.message} (fix: ${f.fix})` : f.message;
  return `::${COMMAND[f.severity]} ${props}::${escapeCommandData(visibleOtherControls(data))}`;
}

/**
 * One line per distinct annotation (a base file shared by many targets is annotated once), then the summary. With
 * --changed-since only findings in the changed files are annotated; inherited ones are counted in a plain log line.
 */
export function formatGithub(report: Report, _opts: ReportOptions): string {
  const { inChange, inherited } = splitByChange(report, sortFindings(report.findings));
  const lines = [...new Set(inChange.map(annotation))];
  if (inherited.length > 0)
    lines.push(`${plural(inherited.length, "inherited finding")} outside the files changed since ${report.change!.since}: not annotated (see the full report)`);
  lines.push(visibleControls(summaryLine(report), false));
  return `${lines.join("\n")}\n`;
}
