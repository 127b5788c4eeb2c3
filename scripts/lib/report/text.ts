// Small text helpers shared by the human-readable formats (pretty, markdown, github).
import type { ObjectRef, Report, Severity } from "../types.ts";

/** `Kind/namespace/name`, or `Kind/name` for cluster-scoped objects. */
export function objectLabel(ref: ObjectRef | undefined): string {
  if (!ref) return "";
  return [ref.kind, ref.namespace, ref.name].filter((part) => part !== undefined && part !== "").join("/");
}

/** 2709 → "2,709", independent of the machine's locale. */
export function formatCount(n: number): string {
  const [whole, fraction] = String(n).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : pluralForm}`;
}

/** 850 → "850ms", 4213 → "4.2s", 65000 → "1m 05s". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "0ms";
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, "0")}s`;
}

export function kustomizeLabel(version: string): string {
  if (!version) return "";
  return `kustomize ${/^\d/.test(version) ? `v${version}` : version}`;
}

export const SEVERITY_ICON: Record<Severity, string> = { error: "✖", warning: "⚠", info: "ℹ" };

/** The overall verdict of a report: the worst severity present, or "clean". */
export function verdict(report: Report): Severity | "clean" {
  const { errors, warnings, infos } = report.summary;
  if (errors > 0) return "error";
  if (warnings > 0) return "warning";
  if (infos > 0) return "info";
  return "clean";
}

/** "3 errors, 2 warnings" / "no problems" (infos are listed only when present). */
export function countsPhrase(report: Report): string {
  const { errors, warnings, infos } = report.summary;
  if (errors + warnings + infos === 0) return "no problems";
  const parts = [plural(errors, "error"), plural(warnings, "warning")];
  if (infos > 0) parts.push(plural(infos, "info"));
  return parts.join(", ");
}

/** "63 targets (2,709 objects)". */
export function scopePhrase(report: Report): string {
  return `${plural(report.summary.targets, "target")} (${plural(report.summary.objects, "object")})`;
}

/** Everything after the counts: "kustomize v5.7.1 · 4.2s". */
export function contextPhrase(report: Report): string {
  return [kustomizeLabel(report.tool.kustomize), formatDuration(report.summary.ms)].filter(Boolean).join(" · ");
}

/** "✖ 3 errors, 2 warnings in 63 targets (2,709 objects) · kustomize v5.7.1 · 4.2s" without colour. */
export function summaryLine(report: Report): string {
  const v = verdict(report);
  const icon = v === "clean" ? "✔" : SEVERITY_ICON[v];
  return `${icon} ${countsPhrase(report)} in ${scopePhrase(report)} · ${contextPhrase(report)}`;
}

/** Makes control characters visible (\u0007 → "\x07") so they cannot move the cursor or break a line. */
export function visibleControls(text: string, keepNewlines: boolean): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (ch) => {
    if (keepNewlines && ch === "\n") return ch;
    if (ch === "\t") return " ";
    return `\\x${ch.charCodeAt(0).toString(16).padStart(2, "0")}`;
  });
}
