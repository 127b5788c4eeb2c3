import type { Rule } from "../types.ts";

export const quotasRules: Rule[] = [];
