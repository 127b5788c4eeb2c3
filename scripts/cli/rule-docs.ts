import type { RuleDoc } from "../lib/report/index.ts";
import { BUILTIN_IDS } from "../lib/report/builtin-ids.ts";
import { allRules } from "../lib/policy/rules/index.ts";

export function ruleDocs(): RuleDoc[] {
  const builtin = Object.entries(BUILTIN_IDS).map(([id, d]) => ({
    id,
    title: d.title,
    category: d.category,
    defaultSeverity: d.severity,
    rationale: d.rationale,
    fix: d.fix,
  }));
  return [
    ...allRules().map((r) => ({
      id: r.id,
      title: r.title,
      category: r.category,
      defaultSeverity: r.defaultSeverity,
      rationale: r.rationale,
      fix: r.fix,
      helpUri: `docs/rules.md#${r.id}`,
    })),
    ...builtin,
  ];
}
