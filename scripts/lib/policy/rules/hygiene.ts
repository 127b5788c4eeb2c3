import type { Rule } from "../types.ts";
import { rule as deprecatedApi } from "./deprecated-api/rule.ts";
import { rule as duplicateEnv } from "./duplicate-env/rule.ts";
import { rule as recommendedLabels } from "./recommended-labels/rule.ts";
import { rule as removedApi } from "./removed-api/rule.ts";
import { rule as selectorLabelsMatch } from "./selector-labels-match/rule.ts";

export const hygieneRules: Rule[] = [recommendedLabels, removedApi, deprecatedApi, duplicateEnv, selectorLabelsMatch];
