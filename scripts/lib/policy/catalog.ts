// The rule catalog as text: table, JSON (with peer coverage) and `explain`.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ruleFixtureFiles } from "./fixtures.ts";
import { ruleDir } from "./rules/index.ts";
import type { Rule } from "./types.ts";

export function catalogEntry(r: Rule) {
  return {
    id: r.id,
    title: r.title,
    category: r.category,
    scope: r.scope,
    defaultSeverity: r.defaultSeverity,
    kinds: r.kinds,
    environments: r.environments ?? ["development", "staging", "production"],
    rationale: r.rationale,
    fix: r.fix,
    params: r.params ?? {},
    covers: { kubeScore: r.covers?.kubeScore ?? [], polaris: r.covers?.polaris ?? [], kubeLinter: r.covers?.kubeLinter ?? [] },
  };
}

export function sortedRules(rules: Rule[]): Rule[] {
  return [...rules].sort((a, b) => a.category.localeCompare(b.category) || a.id.localeCompare(b.id));
}

export function catalogJson(rules: Rule[]): string {
  return `${JSON.stringify({ version: 1, rules: sortedRules(rules).map(catalogEntry) }, null, 2)}\n`;
}

export function catalogTable(rules: Rule[]): string {
  const rows = sortedRules(rules).map((r) => [r.id, r.category, r.defaultSeverity, r.title]);
  const header = ["RULE", "CATEGORY", "SEVERITY", "TITLE"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join("  ");
  return `${[line(header), ...rows.map(line)].join("\n")}\n${rules.length} rules\n`;
}

export function explainRule(rules: Rule[], id: string, root: string): string | undefined {
  const rule = rules.find((r) => r.id === id);
  if (!rule) return undefined;
  const dir = join(root, ruleDir(id));
  const example = existsSync(dir) ? ruleFixtureFiles(dir).fail[0] : undefined;
  const covers = catalogEntry(rule).covers;
  const peerLines = Object.entries(covers)
    .filter(([, ids]) => ids.length)
    .map(([tool, ids]) => `  ${tool}: ${ids.join(", ")}`);
  return [
    `${rule.id} — ${rule.title}`,
    `category: ${rule.category} · default severity: ${rule.defaultSeverity} · scope: ${rule.scope}${rule.environments ? ` · environments: ${rule.environments.join(", ")}` : ""}`,
    "",
    "Why:",
    `  ${rule.rationale}`,
    "",
    "Fix:",
    `  ${rule.fix}`,
    ...(peerLines.length ? ["", "Covers:", ...peerLines] : []),
    ...(example
      ? [
          "",
          `Example that fails (${example.slice(root.length + 1)}):`,
          ...readFileSync(example, "utf8")
            .trimEnd()
            .split("\n")
            .map((l) => `  ${l}`),
        ]
      : []),
    "",
  ].join("\n");
}
