import type { Rule } from "../types.ts";

export const hygieneRules: Rule[] = [];
