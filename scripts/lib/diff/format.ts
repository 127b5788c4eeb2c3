// Reporters of the rendered diff: pretty (terminal), markdown (one collapsible section per target, sized for a PR
// comment), json (schemas/diff.schema.json). Pure: the same diff always gives the same text.
import pc from "picocolors";
import type { ObjectRef } from "../types.ts";
import { formatPath } from "./objects.ts";
import type { DiffReport, FieldChange, ObjectDiff, TargetDiff } from "./types.ts";
import { codeCell, escapeCell } from "../report/markdown.ts";
import { plural } from "../report/text.ts";

export const DIFF_FORMATS = ["pretty", "markdown", "json"] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

/** GitHub refuses comments longer than this many characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;
const VALUE_WIDTH = 120;

export interface DiffFormatOptions {
  color?: boolean;
  /** Most characters the markdown may take (the rest of a PR comment needs room too). */
  maxChars?: number;
}

export function objectLabel(o: ObjectRef): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ""}${o.name}`;
}

export function formatValue(v: unknown, width = VALUE_WIDTH): string {
  const text = typeof v === "string" ? v : JSON.stringify(v);
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

function sides(f: FieldChange): { before: string; after: string } {
  if (f.masked) return { before: f.type === "added" ? "" : "(secret)", after: f.type === "removed" ? "" : "(secret, changed)" };
  return { before: f.before === undefined ? "" : formatValue(f.before), after: f.after === undefined ? "" : formatValue(f.after) };
}

export function countsOf(objects: ObjectDiff[]): string {
  const n = (c: ObjectDiff["change"]) => objects.filter((o) => o.change === c).length;
  const parts = [n("added") && `${n("added")} added`, n("removed") && `${n("removed")} removed`, n("changed") && `${n("changed")} changed`].filter(Boolean);
  return parts.length ? parts.join(", ") : "no change";
}

function headline(diff: DiffReport): string {
  const s = diff.summary;
  if (s.changedTargets === 0) return `no rendered change in ${plural(s.targets, "target")}`;
  const objects = [s.added && `${s.added} added`, s.removed && `${s.removed} removed`, s.changed && `${s.changed} changed`].filter(Boolean).join(", ");
  const failed = s.failed ? `, ${s.failed} failed to render` : "";
  return `${plural(s.changedTargets, "target")} of ${s.targets} change${objects ? ` (objects: ${objects})` : ""}${failed}`;
}

// ---- pretty ----

export function formatDiffPretty(diff: DiffReport, opts: DiffFormatOptions = {}): string {
  const c = opts.color ? pc : { ...pc, bold: String, green: String, red: String, yellow: String, dim: String, cyan: String };
  const lines: string[] = [];
  for (const t of diff.targets.filter((x) => x.status !== "unchanged")) {
    lines.push(c.bold(`${t.target}`) + c.dim(` (${t.status === "failed" ? `failed: ${t.error ?? "render failed"}` : `${t.status}: ${countsOf(t.objects)}`})`));
    for (const o of t.objects) {
      const mark = o.change === "added" ? c.green("+") : o.change === "removed" ? c.red("-") : c.yellow("~");
      lines.push(`  ${mark} ${objectLabel(o.object)}${o.renamedFrom ? c.dim(` (was ${o.renamedFrom})`) : ""}`);
      for (const f of o.fields) {
        const { before, after } = sides(f);
        const path = c.cyan(formatPath(f.path));
        if (f.type === "added") lines.push(`      ${path}: ${c.green(after)}`);
        else if (f.type === "removed") lines.push(`      ${path}: ${c.red(before)} ${c.dim("(removed)")}`);
        else lines.push(`      ${path}: ${c.red(before)} → ${c.green(after)}`);
      }
    }
  }
  lines.push(`${lines.length ? "\n" : ""}${headline(diff)} · ${diff.base} → ${diff.head}`);
  return `${lines.join("\n")}\n`;
}

// ---- markdown ----

const CHANGE_CELL: Record<ObjectDiff["change"], string> = { added: "➕ added", removed: "➖ removed", changed: "✏️ changed" };

function objectRows(o: ObjectDiff): string[] {
  const label = codeCell(objectLabel(o.object)) + (o.renamedFrom ? ` (was ${codeCell(o.renamedFrom)})` : "");
  if (o.fields.length === 0) return [`| ${CHANGE_CELL[o.change]} | ${label} | | | |`];
  return o.fields.map((f, i) => {
    const { before, after } = sides(f);
    const cells = [
      i === 0 ? CHANGE_CELL[o.change] : "",
      i === 0 ? label : "",
      codeCell(formatPath(f.path)),
      f.masked ? escapeCell(before) : codeCell(before),
      f.masked ? escapeCell(after) : codeCell(after),
    ];
    return `| ${cells.join(" | ")} |`;
  });
}

function targetSection(t: TargetDiff): string {
  const what = t.status === "failed" ? `❌ not rendered: ${escapeCell(t.error ?? "kustomize failed")}` : `${t.status}: ${countsOf(t.objects)}`;
  const head = [`<details${t.status === "failed" ? " open" : ""}>`, `<summary><code>${escapeCell(t.target)}</code> — ${what}</summary>`, ""];
  if (t.objects.length === 0) return [...head, "</details>"].join("\n");
  const table = ["| Change | Object | Field | Before | After |", "| --- | --- | --- | --- | --- |", ...t.objects.flatMap(objectRows)];
  return [...head, ...table, "", "</details>"].join("\n");
}

export function formatDiffMarkdown(diff: DiffReport, opts: DiffFormatOptions = {}): string {
  const budget = opts.maxChars ?? GITHUB_COMMENT_LIMIT - 1_000;
  const head = [`### 🔍 gaia diff: ${headline(diff)}`, "", `_${escapeCell(diff.base)} → ${escapeCell(diff.head)}_`].join("\n");
  const changed = diff.targets.filter((t) => t.status !== "unchanged");
  const sections: string[] = [];
  let used = head.length;
  for (const t of changed) {
    const text = targetSection(t);
    if (used + text.length + 400 > budget) break;
    sections.push(text);
    used += text.length + 2;
  }
  const left = changed.length - sections.length;
  const note =
    left > 0
      ? [
          `_${plural(left, "more changed target")} not shown: GitHub comments are limited to ${GITHUB_COMMENT_LIMIT.toLocaleString("en-US")} characters. \`gaia diff --format json\` has everything._`,
        ]
      : [];
  return `${[head, ...sections, ...note].join("\n\n")}\n`;
}

// ---- json ----

export function diffToJson(diff: DiffReport): unknown {
  return {
    version: diff.version,
    base: diff.base,
    head: diff.head,
    summary: diff.summary,
    targets: diff.targets.map((t) => ({
      target: t.target,
      status: t.status,
      ...(t.game ? { game: t.game } : {}),
      ...(t.error ? { error: t.error } : {}),
      objects: t.objects.map((o) => ({
        change: o.change,
        object: o.object,
        ...(o.renamedFrom ? { renamedFrom: o.renamedFrom } : {}),
        fields: o.fields.map((f) => ({
          path: formatPath(f.path),
          type: f.type,
          ...(f.masked ? { masked: true } : {}),
          ...("before" in f ? { before: f.before } : {}),
          ...("after" in f ? { after: f.after } : {}),
        })),
      })),
    })),
  };
}

export function formatDiff(format: DiffFormat, diff: DiffReport, opts: DiffFormatOptions = {}): string {
  if (format === "json") return `${JSON.stringify(diffToJson(diff), null, 2)}\n`;
  if (format === "markdown") return formatDiffMarkdown(diff, opts);
  return formatDiffPretty(diff, opts);
}
