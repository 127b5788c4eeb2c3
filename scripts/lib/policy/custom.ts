// Custom rules as data: policies/custom/*.yaml = match (kinds, namespaces, labels) + a JSON schema + message + fix.
import { Ajv, type ValidateFunction } from "ajv";
import type { Finding, Severity } from "../types.ts";
import { readDocument, listFilesUnder } from "../repo/load.ts";
import { matchesSelector } from "./k8s/selectors.ts";
import type { ObjectRule, RuleCategory } from "./types.ts";

export interface CustomRuleSpec {
  id: string;
  title: string;
  category?: RuleCategory;
  severity?: Severity;
  rationale?: string;
  match: { kinds?: string[]; namespaces?: string[]; labels?: Record<string, string> };
  schema: Record<string, unknown>;
  message: string;
  fix: string;
}

export function customRule(raw: CustomRuleSpec, ajv: Ajv = new Ajv({ strict: false, allErrors: true })): ObjectRule {
  const match = raw.match && typeof raw.match === "object" && !Array.isArray(raw.match) ? raw.match : {};
  const spec = { ...raw, match: { ...match, kinds: Array.isArray(match.kinds) ? match.kinds.map(String) : undefined } };
  const validate: ValidateFunction = ajv.compile(spec.schema);
  return {
    id: spec.id,
    title: spec.title,
    category: spec.category ?? "hygiene",
    scope: "object",
    defaultSeverity: spec.severity ?? "warning",
    rationale: spec.rationale ?? spec.title,
    fix: spec.fix,
    kinds: spec.match.kinds ?? [],
    check(object) {
      const ns = object.metadata?.namespace ?? "";
      if (spec.match.namespaces?.length && !spec.match.namespaces.some((p) => (p.endsWith("*") ? ns.startsWith(p.slice(0, -1)) : p === ns))) return [];
      if (spec.match.labels && !matchesSelector({ matchLabels: spec.match.labels }, (object.metadata?.labels as Record<string, string>) ?? {})) return [];
      if (validate(object)) return [];
      const first = validate.errors?.[0];
      const field = first?.keyword === "required" ? `${first.instancePath}/${(first.params as any).missingProperty}` : (first?.instancePath ?? "");
      return [{ message: `${spec.message}${first ? ` (${field || "/"} ${first.message})` : ""}`, path: first?.instancePath ?? "" }];
    },
  };
}

/** Loads every custom rule file; a rule that fails to compile is a finding, not a crash. */
export function loadCustomRules(root: string, findings: Finding[]): ObjectRule[] {
  const rules: ObjectRule[] = [];
  const ajv = new Ajv({ strict: false, allErrors: true });
  for (const file of listFilesUnder(root, "policies/custom").filter((f) => /\.ya?ml$/.test(f))) {
    const spec = readDocument(root, file, findings) as CustomRuleSpec | undefined;
    if (!spec || typeof spec !== "object" || typeof spec.id !== "string" || !spec.schema || typeof spec.schema !== "object") continue;
    try {
      rules.push(customRule(spec, ajv));
    } catch (err) {
      findings.push({
        ruleId: "custom-rule-invalid",
        category: "config",
        severity: "error",
        message: `custom rule ${spec.id} has an invalid schema: ${(err as Error).message}`,
        fix: "Fix the JSON schema under `schema:`.",
        target: "",
        path: "/schema",
        source: { file, line: 1 },
      });
    }
  }
  return rules;
}
