// Every third-party kind has a real-looking valid example that its generated schema accepts and an invalid one
// that it rejects for exactly the reasons the example's `# expect-error: <keyword> at <pointer>` lines name.

import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { crdSchemaFile } from "../../../scripts/lib/schema/crd-schemas.ts";
import { crdVersionsFromYaml } from "../../../scripts/schema-gen/crds/read-crds.ts";
import { actionableErrors, createCrdAjv, describeError } from "./crd-ajv.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const examplesDir = path.join(repoRoot, "test/unit/crd-schemas/examples");
const manifestsDir = path.join(repoRoot, "schemas/crds");

interface Example {
  file: string;
  expectValid: boolean;
  expectedErrors: string[];
  object: { apiVersion: string; kind: string };
}

function loadExamples(): Example[] {
  const examples: Example[] = [];
  for (const group of readdirSync(examplesDir).sort()) {
    for (const name of readdirSync(path.join(examplesDir, group)).sort()) {
      const match = /\.(valid|invalid)\.yaml$/.exec(name);
      if (!match) throw new Error(`${group}/${name}: example names end in .valid.yaml or .invalid.yaml`);
      const text = readFileSync(path.join(examplesDir, group, name), "utf8");
      const expectedErrors = [...text.matchAll(/^# expect-error: (.+)$/gm)].map((m) => m[1].trim());
      examples.push({ file: `${group}/${name}`, expectValid: match[1] === "valid", expectedErrors, object: parse(text) });
    }
  }
  return examples;
}

function thirdPartyKinds(): string[] {
  const kinds = new Set<string>();
  const groups = readdirSync(manifestsDir, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== "json");
  for (const { name: group } of groups) {
    for (const name of readdirSync(path.join(manifestsDir, group)).filter((f) => f.endsWith(".yaml"))) {
      const text = readFileSync(path.join(manifestsDir, group, name), "utf8");
      for (const v of crdVersionsFromYaml(text, name)) kinds.add(`${v.group}/${v.kind.toLowerCase()}`);
    }
  }
  return [...kinds].sort();
}

// The kinds the template uses; each must have a CRD manifest in schemas/crds/ (and so an example pair).
const REQUIRED_KINDS = [
  "argoproj.io/application",
  "argoproj.io/applicationset",
  "argoproj.io/appproject",
  "argoproj.io/rollout",
  "autoscaling.k8s.io/verticalpodautoscaler",
  "cert-manager.io/certificate",
  "cert-manager.io/clusterissuer",
  "cert-manager.io/issuer",
  "external-secrets.io/clustersecretstore",
  "external-secrets.io/externalsecret",
  "external-secrets.io/secretstore",
  "keda.sh/scaledobject",
  "monitoring.coreos.com/prometheusrule",
  "monitoring.coreos.com/servicemonitor",
  "networking.istio.io/destinationrule",
  "networking.istio.io/gateway",
  "networking.istio.io/virtualservice",
];

const examples = loadExamples();
const ajv = createCrdAjv();

function validate(example: Example) {
  const schemaPath = path.join(repoRoot, crdSchemaFile(example.object.apiVersion, example.object.kind));
  const check = ajv.getSchema(schemaPath) ?? (ajv.addSchema(JSON.parse(readFileSync(schemaPath, "utf8")), schemaPath), ajv.getSchema(schemaPath)!);
  const ok = check(example.object);
  return { ok, errors: actionableErrors(check.errors).map(describeError) };
}

describe("CRD schema examples", () => {
  it("cover every kind in schemas/crds with one valid and one invalid example", () => {
    const covered = (validity: string) =>
      examples
        .filter((e) => e.file.endsWith(`.${validity}.yaml`))
        .map((e) => e.file.replace(`.${validity}.yaml`, ""))
        .sort();
    expect(thirdPartyKinds()).toEqual(expect.arrayContaining(REQUIRED_KINDS));
    expect(covered("valid")).toEqual(thirdPartyKinds());
    expect(covered("invalid")).toEqual(thirdPartyKinds());
  });

  it.each(examples.filter((e) => e.expectValid).map((e) => [e.file, e] as const))("accepts %s", (_file, example) => {
    expect(example.expectedErrors).toEqual([]);
    expect(validate(example).errors).toEqual([]);
  });

  it.each(examples.filter((e) => !e.expectValid).map((e) => [e.file, e] as const))("rejects %s", (_file, example) => {
    expect(example.expectedErrors.length).toBeGreaterThan(0);
    const result = validate(example);
    expect(result.ok).toBe(false);
    expect([...result.errors].sort()).toEqual([...example.expectedErrors].sort());
  });
});
