import type { Rule } from "../types.ts";
import { rule as imageRegistryAllowed } from "./image-registry-allowed/rule.ts";

export const securityRules: Rule[] = [imageRegistryAllowed];
