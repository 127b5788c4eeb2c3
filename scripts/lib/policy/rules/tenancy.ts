import type { Rule } from "../types.ts";

export const tenancyRules: Rule[] = [];
