import type { Rule } from "../types.ts";

export const networkRules: Rule[] = [];
