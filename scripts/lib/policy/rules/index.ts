// The rule catalog: every rule registered explicitly, by category.
import type { Rule } from "../types.ts";
import { hygieneRules } from "./hygiene.ts";
import { networkRules } from "./network.ts";
import { quotasRules } from "./quotas.ts";
import { reliabilityRules } from "./reliability.ts";
import { securityRules } from "./security.ts";
import { tenancyRules } from "./tenancy.ts";

export function allRules(): Rule[] {
  return [...securityRules, ...quotasRules, ...networkRules, ...tenancyRules, ...reliabilityRules, ...hygieneRules];
}

/** Folder holding a rule's rule.ts and fixtures (repo-relative). */
export function ruleDir(id: string): string {
  return `scripts/lib/policy/rules/${id}`;
}
