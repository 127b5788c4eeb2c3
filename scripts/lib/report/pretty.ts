// Terminal output: findings grouped by source file, one summary line at the end.
import pc from "picocolors";
import { maxOf } from "../util/arrays.ts";
import type { Finding, Report, Severity } from "../types.ts";
import type { ReportOptions } from "./index.ts";
import { collapseAcrossTargets, sortFindings, sortTargets, type CollapsedFinding } from "./order.ts";
import { splitByChange } from "./change.ts";
import { objectLabel, plural, SEVERITY_ICON, summaryLine, verdict, visibleControls } from "./text.ts";

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

function renderGroup(c: Colors, file: string, entries: CollapsedFinding[], maxPerFile: number | undefined): string[] {
  const shown = maxPerFile === undefined ? entries : entries.slice(0, maxPerFile);
  const lineWidth = maxOf(shown.map((e) => String(e.finding.source.line).length));
  const ruleWidth = Math.min(RULE_COLUMN_MAX, maxOf(shown.map((e) => e.finding.ruleId.length)));
  const lines = [c.bold(c.underline(visibleControls(file, false)))];
  for (const entry of shown) lines.push(...renderEntry(c, entry, lineWidth, ruleWidth));
  const hidden = entries.length - shown.length;
  if (hidden > 0) lines.push(c.dim(`  … ${hidden} more in this file (--max-per-file caps this list; --format json lists every finding)`));
  return lines;
}

function paintSummary(c: Colors, report: Report): string {
  const line = summaryLine(report);
  const v = verdict(report);
  if (v === "clean") return c.green(line);
  return c.bold(paintSeverity(c, v, line));
}

/** Targets listed by name in the "checked" line before "… and N more". */
export const PRETTY_MAX_TARGETS = 12;

/** What the run checked, so an empty or narrow run is visible: "checked: games/demo/production (12 objects), …". */
function checkedLine(c: Colors, report: Report): string {
  const targets = sortTargets(report.targets);
  if (targets.length === 0) return c.dim("checked: no targets");
  const named = targets
    .slice(0, PRETTY_MAX_TARGETS)
    .map((t) => `${visibleControls(t.path, false)} (${t.status === "failed" ? "not rendered" : plural(t.objects, "object")})`);
  const more = targets.length - named.length;
  return c.dim(`checked: ${named.join(", ")}${more > 0 ? `, … and ${more} more` : ""}`);
}

export function formatPretty(report: Report, opts: ReportOptions): string {
  const c = pc.createColors(opts.color);
  const blocks: string[] = [];
  const section = (findings: Finding[]) => {
    for (const [file, entries] of groupByFile(collapseAcrossTargets(sortFindings(findings))))
      blocks.push(renderGroup(c, file, entries, opts.maxPerFile).join("\n"));
  };
  const { inChange, inherited } = splitByChange(report);
  if (report.change && inherited.length > 0) {
    blocks.push(c.bold(`In this change (files changed since ${visibleControls(report.change.since, false)}): ${plural(inChange.length, "finding")}`));
    section(inChange);
    blocks.push(c.bold(`Inherited, outside the changed files: ${plural(inherited.length, "finding")}`));
    section(inherited);
  } else section(report.findings);
  blocks.push(`${checkedLine(c, report)}\n${paintSummary(c, report)}`);
  return `${blocks.join("\n\n")}\n`;
}
