// The rule catalog as text: table, JSON (with peer coverage) and `explain`.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ruleFixtureFiles } from "./fixtures.ts";
import { ruleDir } from "./rules/index.ts";
import type { PeerCoverage, Rule } from "./types.ts";

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
    coverage: peerClaims(r),
  };
}

export interface PeerClaim {
  tool: keyof PeerCoverage;
  check: string;
  /** exact: the peer's verdict on the peer's own kind of input; stricter: also fires where the peer passes, for `reason`. */
  match: "exact" | "stricter";
  reason?: string;
}

const PEER_TOOLS: Array<keyof PeerCoverage> = ["kubeScore", "polaris", "kubeLinter"];

/** Every peer check the rule claims, each exact or stricter with the reason. */
export function peerClaims(r: Rule): PeerClaim[] {
  return PEER_TOOLS.flatMap((tool) =>
    (r.covers?.[tool] ?? []).map((check): PeerClaim => {
      const reason = r.stricter?.[tool]?.[check];
      return reason ? { tool, check, match: "stricter", reason } : { tool, check, match: "exact" };
    }),
  );
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
  const peerLines = peerClaims(rule).map((c) => `  ${c.tool} ${c.check}: ${c.match === "exact" ? "exact" : `stricter — ${c.reason}`}`);
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
