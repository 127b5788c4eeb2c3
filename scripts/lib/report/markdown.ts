// Markdown for pull-request comments: a summary heading, a capped findings table, targets by status.
import type { Finding, Report, Severity, TargetSummary } from "../types.ts";
import type { ReportOptions } from "./index.ts";
import { splitByChange } from "./change.ts";
import { collapseAcrossTargets, mostSevere, sortFindings, sortTargets, type CollapsedFinding } from "./order.ts";
import { contextPhrase, countsPhrase, formatCount, formatDuration, objectLabel, plural, scopePhrase, SEVERITY_ICON, verdict } from "./text.ts";

/** GitHub comments are limited in size; the json format always has everything. */
export const MARKDOWN_MAX_ROWS = 100;
export const MARKDOWN_MAX_TARGET_ROWS = 200;

/** Text safe inside a table cell: no HTML, no Markdown formatting, no row breaks. */
export function escapeCell(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/[\\`*_[\]{}|~!#]/g, (ch) => `\\${ch}`)
    .replace(/\r\n|\r|\n/g, "<br>")
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, " ");
}

/** A code span when the text allows one, else escaped plain text. */
export function codeCell(text: string): string {
  if (text === "") return "";
  if (/[`\u0000-\u001f\u007f-\u009f]/.test(text)) return escapeCell(text);
  return `\`${text.replace(/\|/g, "\\|")}\``;
}

const SEVERITY_CELL: Record<Severity, string> = {
  error: `${SEVERITY_ICON.error} error`,
  warning: `${SEVERITY_ICON.warning} warning`,
  info: `${SEVERITY_ICON.info} info`,
};

function location(f: Finding): string {
  return f.source.file ? `${f.source.file}:${f.source.line}` : "";
}

function findingRow(entry: CollapsedFinding): string {
  const f = entry.finding;
  const targets = entry.targets.filter(Boolean);
  const objectCell = codeCell(objectLabel(f.object)) + (targets.length > 1 ? ` (${targets.length} targets)` : "");
  const cells = [SEVERITY_CELL[f.severity], codeCell(f.ruleId), codeCell(location(f)), objectCell, escapeCell(f.message), escapeCell(f.fix)];
  return `| ${cells.join(" | ")} |`;
}

function findingsSection(findings: readonly Finding[]): string[] {
  const entries = collapseAcrossTargets(sortFindings(findings));
  if (entries.length === 0) return [];
  const shownFindings = new Set(
    mostSevere(
      entries.map((e) => e.finding),
      MARKDOWN_MAX_ROWS,
    ),
  );
  const shown = entries.filter((e) => shownFindings.has(e.finding));
  const lines = ["| Severity | Rule | Location | Object | Message | Fix |", "| --- | --- | --- | --- | --- | --- |", ...shown.map(findingRow)];
  if (shown.length < entries.length) {
    lines.push(
      "",
      `_Showing the ${formatCount(shown.length)} most severe of ${formatCount(entries.length)} findings; \`gaia validate --format json\` lists them all._`,
    );
  }
  return lines;
}

/** With --changed-since, the findings in the change first, then the inherited ones folded away. */
function changeSections(report: Report): string[][] {
  const { inChange, inherited } = splitByChange(report);
  if (!report.change || inherited.length === 0) return [findingsSection(report.findings)];
  const changed = findingsSection(inChange);
  return [
    [`#### In this change: ${plural(inChange.length, "finding")}`, ...(changed.length > 0 ? ["", ...changed] : [])],
    [
      "<details>",
      `<summary>Inherited, outside the files changed since ${escapeCell(report.change.since)}: ${plural(inherited.length, "finding")}</summary>`,
      "",
      ...findingsSection(inherited),
      "",
      "</details>",
    ],
  ];
}

function targetRow(t: TargetSummary): string {
  return `| ${codeCell(t.path)} | ${t.status} | ${formatCount(t.objects)} | ${formatDuration(t.ms)} |`;
}

function targetDetails(status: TargetSummary["status"], targets: TargetSummary[]): string[] {
  if (targets.length === 0) return [];
  const title = status === "failed" ? `❌ ${plural(targets.length, "target")} failed to render` : `✔ ${plural(targets.length, "target")} rendered`;
  const shown = targets.slice(0, MARKDOWN_MAX_TARGET_ROWS);
  const lines = [
    status === "failed" ? "<details open>" : "<details>",
    `<summary>${title}</summary>`,
    "",
    "| Target | Status | Objects | Time |",
    "| --- | --- | ---: | ---: |",
    ...shown.map(targetRow),
  ];
  if (shown.length < targets.length) lines.push("", `_… and ${formatCount(targets.length - shown.length)} more._`);
  lines.push("", "</details>");
  return lines;
}

export function formatMarkdown(report: Report, _opts: ReportOptions): string {
  const v = verdict(report);
  const icon = v === "clean" ? "✔" : SEVERITY_ICON[v];
  const targets = sortTargets(report.targets);
  const context = [contextPhrase(report), report.tool.kubernetes ? `Kubernetes ${report.tool.kubernetes}` : ""].filter(Boolean).join(" · ");
  const blocks = [
    [`### ${icon} gaia validate: ${countsPhrase(report)} in ${scopePhrase(report)}`, "", escapeCell(context)],
    ...changeSections(report),
    targetDetails(
      "failed",
      targets.filter((t) => t.status === "failed"),
    ),
    targetDetails(
      "ok",
      targets.filter((t) => t.status === "ok"),
    ),
  ].filter((block) => block.length > 0);
  return `${blocks.map((block) => block.join("\n")).join("\n\n")}\n`;
}
