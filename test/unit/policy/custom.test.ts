import { afterEach, describe, expect, it } from "vitest";
import { customRule, loadCustomRules, type CustomRuleSpec } from "../../../scripts/lib/policy/custom.ts";
import { runPolicies } from "../../../scripts/lib/policy/engine.ts";
import type { Finding, K8sObject } from "../../../scripts/lib/types.ts";
import { tempRepo, type TempRepo } from "../util/temp-repo.ts";
import { gameTarget, policyInput } from "./helpers.ts";

let repo: TempRepo;
afterEach(() => repo?.dispose());

const OWNER_LABEL = `id: team-label-required
title: Game workloads carry a team label
category: hygiene
severity: error
match:
  kinds: [Deployment]
  namespaces: ["gaia-*"]
  labels:
    tier: backend
schema:
  type: object
  required: [metadata]
  properties:
    metadata:
      type: object
      required: [labels]
      properties:
        labels:
          type: object
          required: [gaia.tech/team]
message: workloads need a gaia.tech/team label
fix: Add metadata.labels["gaia.tech/team"].
`;

const workload = (namespace: string, labels: Record<string, string>, kind = "Deployment"): K8sObject => ({
  apiVersion: "apps/v1",
  kind,
  metadata: { name: `w-${Object.keys(labels).length}`, namespace, labels },
});
const check = (spec: CustomRuleSpec, o: K8sObject) => customRule(spec).check(o, {} as never);
const SPEC: CustomRuleSpec = {
  id: "x",
  title: "t",
  match: { kinds: ["Deployment"], namespaces: ["gaia-*", "platform"], labels: { tier: "backend" } },
  schema: { properties: { spec: { required: ["replicas"] } } },
  message: "needs replicas",
  fix: "f",
};

describe("customRule", () => {
  it("fires on a matched object that breaks the schema, naming the field", () => {
    const [v] = check(SPEC, { ...workload("gaia-demo", { tier: "backend" }), spec: {} });
    expect(v.message).toBe("needs replicas (/spec/replicas must have required property 'replicas')");
    expect(v.path).toBe("/spec");
  });

  it("stays quiet on a matched object that satisfies the schema", () => {
    expect(check(SPEC, { ...workload("gaia-demo", { tier: "backend" }), spec: { replicas: 2 } })).toEqual([]);
  });

  it("stays quiet on objects outside its namespaces or without its labels", () => {
    expect(check(SPEC, { ...workload("kube-system", { tier: "backend" }), spec: {} })).toEqual([]);
    expect(check(SPEC, { ...workload("gaia-demo", { tier: "frontend" }), spec: {} })).toEqual([]);
    expect(check(SPEC, { ...workload("platform", { tier: "backend" }), spec: {} })).toHaveLength(1);
  });

  it("takes its metadata from the spec, with defaults", () => {
    const r = customRule(SPEC);
    expect(r).toMatchObject({ id: "x", category: "hygiene", defaultSeverity: "warning", scope: "object", kinds: ["Deployment"], rationale: "t", fix: "f" });
  });

  it("throws on a schema ajv cannot compile (the loader turns this into a finding)", () => {
    expect(() => customRule({ ...SPEC, schema: { type: "no-such-type" } })).toThrow();
  });
});

describe("loadCustomRules", () => {
  it("loads policies/custom/*.yaml and runs them through the engine: firing and quiet", () => {
    repo = tempRepo({ "policies/custom/team-label.yaml": OWNER_LABEL, "policies/custom/README.md": "not a rule\n" });
    const findings: Finding[] = [];
    const rules = loadCustomRules(repo.root, findings);
    expect(findings).toEqual([]);
    expect(rules.map((r) => r.id)).toEqual(["team-label-required"]);
    const t = gameTarget("demo", "production", [
      workload("gaia-demo", { tier: "backend" }),
      workload("gaia-demo", { tier: "backend", "gaia.tech/team": "core" }),
      workload("gaia-demo", { tier: "backend" }, "StatefulSet"),
    ]);
    const found = runPolicies(policyInput([t], rules));
    expect(found.map((f) => [f.ruleId, f.severity, f.object?.name])).toEqual([["team-label-required", "error", "w-1"]]);
    expect(found[0].message).toMatch(/^workloads need a gaia\.tech\/team label \(\/metadata\/labels\/gaia\.tech\/team /);
  });

  it("reports a rule with an invalid schema as a finding, not a crash, and keeps the others", () => {
    repo = tempRepo({
      "policies/custom/a-broken.yaml": "id: broken-rule\ntitle: t\nmatch: {}\nschema:\n  type: 12\nmessage: m\nfix: f\n",
      "policies/custom/b-good.yaml": OWNER_LABEL,
    });
    const findings: Finding[] = [];
    const rules = loadCustomRules(repo.root, findings);
    expect(rules.map((r) => r.id)).toEqual(["team-label-required"]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: "custom-rule-invalid",
      severity: "error",
      path: "/schema",
      source: { file: "policies/custom/a-broken.yaml", line: 1 },
    });
    expect(findings[0].message).toContain("broken-rule");
  });

  it("reports unparsable rule files and skips rule files without id or schema", () => {
    repo = tempRepo({ "policies/custom/dup.yaml": "id: a\nid: b\n", "policies/custom/partial.yml": "title: no id\n" });
    const findings: Finding[] = [];
    expect(loadCustomRules(repo.root, findings)).toEqual([]);
    expect(findings.map((f) => [f.ruleId, f.source.file])).toEqual([["yaml-duplicate-key", "policies/custom/dup.yaml"]]);
  });
});
