import type { Rule } from "../types.ts";

export const reliabilityRules: Rule[] = [];
