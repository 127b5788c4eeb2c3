import type { ErrorObject } from "ajv";
import { describe, expect, it } from "vitest";
import { closestName, editDistance, humanPath, missingSchemaFinding, schemaFindings } from "../../../scripts/lib/schema/errors.ts";
import { SchemaValidator } from "../../../scripts/lib/schema/validator.ts";
import type { K8sObject } from "../../../scripts/lib/types.ts";
import { TOOLKIT_ROOT } from "../../../scripts/lib/util/paths.ts";

const validator = new SchemaValidator({ root: TOOLKIT_ROOT });

function findingsFor(object: K8sObject) {
  const verdict = validator.validate(object);
  if (verdict.status !== "invalid") return [];
  return schemaFindings(object, verdict.errors, "games/demo/production", "base/web/deployment.yaml");
}

const deployment = (container: Record<string, unknown>, spec: Record<string, unknown> = {}): K8sObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web" },
  spec: {
    selector: { matchLabels: { app: "web" } },
    template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "web:1", ...container }] } },
    ...spec,
  },
});

describe("schemaFindings", () => {
  it("is quiet on a valid object", () => {
    expect(validator.validate(deployment({}))).toEqual({ status: "valid" });
  });

  it("suggests the closest known field for a typo, with a pointer to the misspelt field", () => {
    const [f, ...rest] = findingsFor(deployment({ resourcess: {} }));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      ruleId: "schema-unknown-field",
      category: "schema",
      severity: "error",
      path: "/spec/template/spec/containers/0/resourcess",
      message: 'Deployment web: unknown field "resourcess" in spec.template.spec.containers[name=web] (did you mean "resources"?)',
      fix: 'Rename "resourcess" to "resources".',
      target: "games/demo/production",
      object: { apiVersion: "apps/v1", kind: "Deployment", name: "web" },
      source: { file: "base/web/deployment.yaml", line: 0 },
    });
  });

  it("says remove when an unknown field is like no known one", () => {
    const [f] = findingsFor(deployment({ zzzzzzzzzzzz: 1 }));
    expect(f.message).not.toContain("did you mean");
    expect(f.fix).toMatch(/^Remove "zzzzzzzzzzzz"/);
  });

  it("explains int-or-string fields once, naming both types", () => {
    const found = findingsFor(deployment({}, { strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: true } } }));
    expect(found.map((f) => [f.ruleId, f.path, f.message])).toEqual([
      ["schema-type", "/spec/strategy/rollingUpdate/maxSurge", "Deployment web: spec.strategy.rollingUpdate.maxSurge must be string or integer"],
    ]);
  });

  it("explains quantities (string or number) the same way", () => {
    const [f] = findingsFor(deployment({ resources: { requests: { cpu: [1] } } }));
    expect(f.message).toBe("Deployment web: spec.template.spec.containers[name=web].resources.requests.cpu must be string or number");
  });

  it("names the expected type and the value for plain type errors", () => {
    const [f] = findingsFor(deployment({}, { replicas: "3" }));
    expect(f).toMatchObject({ ruleId: "schema-type", path: "/spec/replicas", message: 'Deployment web: spec.replicas must be integer, not "3"' });
    expect(f.fix).toContain("no quotes, no decimals");
  });

  it("reports a missing required field at its parent", () => {
    const object = deployment({});
    (object.spec as any).template.spec.containers.push({ image: "side:1" });
    const [f] = findingsFor(object);
    expect(f).toMatchObject({
      ruleId: "schema-required",
      path: "/spec/template/spec/containers/1",
      message: 'Deployment web: missing required field "name" in spec.template.spec.containers[2nd]',
    });
  });

  it("describes enum and other keywords, and drops duplicates", () => {
    const enumError = {
      keyword: "enum",
      instancePath: "/spec/type",
      params: { allowedValues: ["A", "B"] },
      schemaPath: "",
      message: "",
    } as unknown as ErrorObject;
    const patternError = {
      keyword: "pattern",
      instancePath: "/metadata/name",
      params: {},
      schemaPath: "",
      message: 'must match pattern "^a"',
    } as unknown as ErrorObject;
    const found = schemaFindings(
      deployment({}),
      [enumError, enumError, patternError, { keyword: "if", instancePath: "", params: {}, schemaPath: "" } as ErrorObject],
      "t",
      "f.yaml",
    );
    expect(found.map((f) => [f.ruleId, f.message])).toEqual([
      ["schema-invalid", "Deployment web: spec.type must be one of A, B"],
      ["schema-invalid", 'Deployment web: metadata.name must match pattern "^a"'],
    ]);
  });
});

describe("missingSchemaFinding", () => {
  it("names where it looked and how to fix it", () => {
    const f = missingSchemaFinding(
      { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w", namespace: "gaia-demo" } },
      ["a.json", "b.json"],
      "t",
      "w.yaml",
    );
    expect(f).toMatchObject({
      ruleId: "schema-missing",
      severity: "error",
      message: "no schema for example.com/v1 Widget (looked in a.json, b.json)",
      object: { namespace: "gaia-demo" },
    });
    expect(f.fix).toContain("schemas.skip");
  });
});

describe("helpers", () => {
  it("humanPath turns pointers into dotted paths, naming list items by name or port, else by position from one", () => {
    expect(humanPath("")).toBe("(root)");
    expect(humanPath("/spec/containers/0/ports/1/name")).toBe("spec.containers[1st].ports[2nd].name");
    const pod = { spec: { containers: [{ name: "web", ports: [{ containerPort: 8080 }, { containerPort: 9090, name: "metrics" }] }], args: ["a", "b"] } };
    expect(humanPath("/spec/containers/0/ports/0/name", pod)).toBe("spec.containers[name=web].ports[containerPort=8080].name");
    expect(humanPath("/spec/containers/0/ports/1/name", pod)).toBe("spec.containers[name=web].ports[name=metrics].name");
    expect(humanPath("/spec/args/1", pod)).toBe("spec.args[2nd]");
    expect(humanPath("/spec/containers/3/image", pod)).toBe("spec.containers[4th].image");
    expect(humanPath("/metadata/annotations/gaia.tech~1ignore")).toBe("metadata.annotations.gaia.tech/ignore");
  });

  it("editDistance ignores case; closestName only suggests near names", () => {
    expect(editDistance("Replicas", "replicas")).toBe(0);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(closestName("replcas", ["replicas", "selector"])).toBe("replicas");
    expect(closestName("foo", ["replicas", "selector"])).toBeUndefined();
    expect(closestName("x", [])).toBeUndefined();
  });
});
