import type { Rule } from "../types.ts";
import { rule as budget } from "./budget/rule.ts";
import { rule as clusterCapacityFits } from "./cluster-capacity-fits/rule.ts";
import { rule as containerResources } from "./container-resources/rule.ts";
import { rule as gameIntentMatchesRender } from "./game-intent-matches-render/rule.ts";
import { rule as hpaBounds } from "./hpa-bounds/rule.ts";
import { rule as hpaTargetExists } from "./hpa-target-exists/rule.ts";
import { rule as namespaceQuotaPresent } from "./namespace-quota-present/rule.ts";
import { rule as quotaFitsWorkloads } from "./quota-fits-workloads/rule.ts";
import { rule as tierBounds } from "./tier-bounds/rule.ts";

export const quotasRules: Rule[] = [
  containerResources,
  namespaceQuotaPresent,
  quotaFitsWorkloads,
  clusterCapacityFits,
  hpaBounds,
  hpaTargetExists,
  tierBounds,
  budget,
  gameIntentMatchesRender,
];
