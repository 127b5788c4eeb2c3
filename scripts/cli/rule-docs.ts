import type { RuleDoc } from "../lib/report/index.ts";
import { allRules } from "../lib/policy/rules/index.ts";

export function ruleDocs(): RuleDoc[] {
  return allRules().map((r) => ({
    id: r.id,
    title: r.title,
    category: r.category,
    defaultSeverity: r.defaultSeverity,
    rationale: r.rationale,
    fix: r.fix,
    helpUri: `docs/rules.md#${r.id}`,
  }));
}
