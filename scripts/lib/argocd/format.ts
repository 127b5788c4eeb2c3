// The preview as an aligned table per cluster, or as deterministic JSON.
import type { ClusterPreview, PreviewApplication } from "./preview.ts";

const COLUMNS: Array<{ title: string; value: (a: PreviewApplication) => string }> = [
  { title: "NAME", value: (a) => a.name },
  { title: "PROJECT", value: (a) => a.project },
  { title: "REPO", value: (a) => a.repoURL },
  { title: "PATH", value: (a) => a.path },
  { title: "REVISION", value: (a) => a.targetRevision },
  { title: "SERVER", value: (a) => a.server },
  { title: "NAMESPACE", value: (a) => a.namespace },
  { title: "SYNC", value: (a) => a.sync },
  { title: "APPLICATIONSET", value: (a) => a.applicationSet },
];

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i])))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

export function previewTable(previews: ClusterPreview[]): string {
  const parts = previews.map((p) => {
    const head = `cluster ${p.cluster}: ${p.applications.length} application${p.applications.length === 1 ? "" : "s"} from ${p.applicationSets.length} ApplicationSet${p.applicationSets.length === 1 ? "" : "s"}`;
    const body = p.applications.length ? table([COLUMNS.map((c) => c.title), ...p.applications.map((a) => COLUMNS.map((c) => c.value(a)))]) : "  (none)";
    const errors = p.errors.map((e) => `  error: ${e}`);
    return [head, body, ...errors].join("\n");
  });
  return `${parts.join("\n\n")}\n`;
}

export function previewJson(previews: ClusterPreview[]): string {
  return `${JSON.stringify({ version: 1, clusters: previews }, null, 2)}\n`;
}
