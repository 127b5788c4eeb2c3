// Property: whatever a rendered object contains, the object stages (shape gate, schema, every catalog rule) never throw;
// a rule that trips over a wrong type is reported as a finding naming the rule and the object.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { screenObjects } from "../../scripts/lib/parse/object-shape.ts";
import { runPolicies } from "../../scripts/lib/policy/engine.ts";
import { allRules } from "../../scripts/lib/policy/rules/index.ts";
import { SchemaValidator } from "../../scripts/lib/schema/validator.ts";
import { PROJECT_ROOT } from "../e2e/repo.ts";
import { gameTarget, policyInput } from "../unit/policy/helpers.ts";

const KINDS = ["Deployment", "Service", "HorizontalPodAutoscaler", "NetworkPolicy", "ConfigMap", "Role", "StatefulSet", "Ingress", "Job"];
const API = ["apps/v1", "v1", "autoscaling/v2", "networking.k8s.io/v1", "rbac.authorization.k8s.io/v1", "batch/v1"];

/** Objects that pass the shape gate but may have any value of any type below it. */
const usableObject = fc.record({
  apiVersion: fc.constantFrom(...API),
  kind: fc.constantFrom(...KINDS),
  metadata: fc.record(
    { name: fc.string(), namespace: fc.constantFrom("gaia-demo", "gaia-platform"), labels: fc.anything(), annotations: fc.anything() },
    { requiredKeys: ["name"] },
  ),
  spec: fc.anything(),
  data: fc.anything(),
});

describe("arbitrary objects", () => {
  it("the shape gate sorts any value into usable or a finding, never throwing", () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const lo = { object: value as never, source: { file: "x.yaml", line: 1 }, origin: { file: "x.yaml" } };
        const { usable, findings } = screenObjects([lo], "t", (l) => l.source);
        expect(usable.length + findings.length).toBe(1);
      }),
      { numRuns: 500 },
    );
  });

  it("schema validation and every rule in the catalog run on usable objects of any content without throwing", () => {
    const validator = new SchemaValidator({ root: PROJECT_ROOT });
    const rules = allRules();
    fc.assert(
      fc.property(fc.array(usableObject, { minLength: 1, maxLength: 4 }), (objects) => {
        for (const o of objects) validator.validate(o as never);
        const findings = runPolicies(policyInput([gameTarget("demo", "production", objects as never)], rules));
        for (const f of findings.filter((x) => x.ruleId === "check-crashed")) {
          expect(f.message).toMatch(/^rule [a-z0-9-]+ failed/);
          expect(f.source.line).toBeGreaterThan(0);
        }
      }),
      { numRuns: 150 },
    );
  });
});
