// Terminal output: findings grouped by source file, one summary line at the end.
import pc from "picocolors";
import { maxOf } from "../util/arrays.ts";
import type { Finding, Report, Severity } from "../types.ts";
import type { ReportOptions } from "./index.ts";
import { collapseAcrossTargets, sortFindings, type CollapsedFinding } from "./order.ts";
import { objectLabel, plural, SEVERITY_ICON, summaryLine, verdict, visibleControls } from "./text.ts";

/** Findings shown per file before "… N more"; the json format always has everything. */
export const PRETTY_MAX_PER_FILE = 10;
const RULE_COLUMN_MAX = 32;

type Colors = ReturnType<typeof pc.createColors>;

function paintSeverity(c: Colors, severity: Severity, text: string): string {
  if (severity === "error") return c.red(text);
  if (severity === "warning") return c.yellow(text);
  return c.blue(text);
}

function groupByFile(entries: CollapsedFinding[]): Map<string, CollapsedFinding[]> {
  const groups = new Map<string, CollapsedFinding[]>();
  for (const entry of entries) {
    const file = entry.finding.source.file || "(no source file)";
    const group = groups.get(file) ?? [];
    group.push(entry);
    groups.set(file, group);
  }
  return groups;
}

/** Where the finding applies, when that is not obvious from the file it is in. */
function targetNote(entry: CollapsedFinding): string {
  const targets = entry.targets.filter((t) => t !== "");
  if (targets.length === 0) return "";
  if (targets.length > 1) return `in ${plural(targets.length, "target")}`;
  const [target] = targets;
  return entry.finding.source.file.startsWith(`${target}/`) ? "" : `in ${target}`;
}

function detailLine(finding: Finding, entry: CollapsedFinding): string {
  const parts = [objectLabel(finding.object), targetNote(entry)];
  if (finding.fix) parts.push(`fix: ${finding.fix}`);
  return visibleControls(parts.filter(Boolean).join(" · "), false);
}

function renderEntry(c: Colors, entry: CollapsedFinding, lineWidth: number, ruleWidth: number): string[] {
  const { finding } = entry;
  const indent = " ".repeat(lineWidth + 5);
  const lineNo = c.dim(`${String(finding.source.line).padStart(lineWidth)}:`);
  const severity = paintSeverity(c, finding.severity, `${SEVERITY_ICON[finding.severity]} ${finding.severity.padEnd(7)}`);
  const rule = c.dim(finding.ruleId.padEnd(ruleWidth));
  const [first, ...rest] = visibleControls(finding.message, true).split("\n");
  const lines = [`  ${lineNo}  ${severity}  ${rule}  ${first}`];
  const messageIndent = " ".repeat(lineWidth + 18 + ruleWidth);
  for (const more of rest) lines.push(`${messageIndent}${more}`);
  const detail = detailLine(finding, entry);
  if (detail) lines.push(`${indent}${c.dim(detail)}`);
  return lines;
}

function renderGroup(c: Colors, file: string, entries: CollapsedFinding[]): string[] {
  const shown = entries.slice(0, PRETTY_MAX_PER_FILE);
  const lineWidth = maxOf(shown.map((e) => String(e.finding.source.line).length));
  const ruleWidth = Math.min(RULE_COLUMN_MAX, maxOf(shown.map((e) => e.finding.ruleId.length)));
  const lines = [c.bold(c.underline(visibleControls(file, false)))];
  for (const entry of shown) lines.push(...renderEntry(c, entry, lineWidth, ruleWidth));
  const hidden = entries.length - shown.length;
  if (hidden > 0) lines.push(c.dim(`  … ${hidden} more in this file (--format json lists every finding)`));
  return lines;
}

function paintSummary(c: Colors, report: Report): string {
  const line = summaryLine(report);
  const v = verdict(report);
  if (v === "clean") return c.green(line);
  return c.bold(paintSeverity(c, v, line));
}

export function formatPretty(report: Report, opts: ReportOptions): string {
  const c = pc.createColors(opts.color);
  const groups = groupByFile(collapseAcrossTargets(sortFindings(report.findings)));
  const blocks: string[] = [];
  for (const [file, entries] of groups) blocks.push(renderGroup(c, file, entries).join("\n"));
  blocks.push(paintSummary(c, report));
  return `${blocks.join("\n\n")}\n`;
}
