// The real generator over the installed packages: the properties the schemas must get right, and that the
// committed schemas/kubernetes/ is exactly what the generator produces now.

import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  KUBERNETES_DEFINITIONS_FILE,
  KUBERNETES_DEFINITION_KEYWORDS,
  KUBERNETES_SCHEMA_DIR,
  kubernetesDefinitionName,
} from "../../../scripts/lib/schema/kubernetes-schemas.ts";
import { buildKubernetesSchemas, generateKubernetesSchemas } from "../../../scripts/schema-gen/kubernetes/generate.ts";

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const root = path.resolve(import.meta.dirname, "../../..");
type Schema = Record<string, any>;

let files: Map<string, string>;
let numbersWithoutFormat: string[];
let definitions: Record<string, Schema>;
/** The schema of an optional field without its null allowance (required fields have none). */
function nonNull(schema: Schema): Schema {
  if (Array.isArray(schema.anyOf) && schema.anyOf.length === 2 && schema.anyOf[1]?.type === "null") return { ...schema, ...schema.anyOf[0], anyOf: undefined };
  if (Array.isArray(schema.type) && schema.type.includes("null")) return { ...schema, type: schema.type.find((t: string) => t !== "null") };
  return schema;
}
const property = (definition: string, field: string): Schema => nonNull(definitions[definition].properties[field]);
const rawProperty = (definition: string, field: string): Schema => definitions[definition].properties[field];

beforeAll(async () => {
  ({ files, numbersWithoutFormat } = await buildKubernetesSchemas(root));
  definitions = JSON.parse(files.get(KUBERNETES_DEFINITIONS_FILE)!).definitions;
});

describe("generated Kubernetes definitions", () => {
  it("tells integers from numbers by client-node's formats", () => {
    expect(property("io.k8s.api.apps.v1.DeploymentSpec", "replicas")).toMatchObject({ type: "integer", format: "int32" });
    expect(property("io.k8s.api.core.v1.PodSpec", "activeDeadlineSeconds")).toMatchObject({ type: "integer", format: "int64" });
    expect(property("io.k8s.api.core.v1.PodSecurityContext", "supplementalGroups").items).toEqual({ type: "integer", format: "int64" });
    const schemaProps = "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps";
    expect(property(schemaProps, "maximum")).toMatchObject({ type: "number", format: "double" });
  });

  it("falls back to integer only in alpha and beta versions client-node no longer has", () => {
    expect(numbersWithoutFormat.length).toBeGreaterThan(0);
    expect(numbersWithoutFormat.filter((field) => !/^[a-z]+\/v\d+(alpha|beta)\d+\./.test(field))).toEqual([]);
  });

  it("spells int-or-string, quantities and times like the Kubernetes OpenAPI", () => {
    const intOrString = "#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString";
    expect(property("io.k8s.api.core.v1.ServicePort", "targetPort").$ref).toBe(intOrString);
    expect(property("io.k8s.api.apps.v1.RollingUpdateDeployment", "maxSurge").$ref).toBe(intOrString);
    expect(definitions["io.k8s.apimachinery.pkg.util.intstr.IntOrString"]).toMatchObject({
      oneOf: [{ type: "string" }, { type: "integer" }],
      "x-kubernetes-int-or-string": true,
    });
    expect(property("io.k8s.api.core.v1.ResourceRequirements", "limits").additionalProperties).toEqual({
      $ref: "#/definitions/io.k8s.apimachinery.pkg.api.resource.Quantity",
    });
    expect(definitions["io.k8s.apimachinery.pkg.api.resource.Quantity"].oneOf).toEqual([{ type: "string" }, { type: "number" }]);
    expect(definitions["io.k8s.apimachinery.pkg.apis.meta.v1.Time"]).toMatchObject({ type: "string", format: "date-time" });
    expect(property("io.k8s.api.core.v1.Secret", "data").additionalProperties).toEqual({ type: "string", format: "byte" });
    expect(property("io.k8s.api.core.v1.ConfigMap", "data").additionalProperties).toEqual({ type: "string" });
    expect(definitions["io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON"]).not.toHaveProperty("type");
    expect(definitions["io.k8s.apimachinery.pkg.runtime.RawExtension"]).toMatchObject({ type: "object" });
  });

  it("lets optional fields be null, as the API server and kubeconform's schemas do, and required ones not", () => {
    expect(rawProperty("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "creationTimestamp")).toMatchObject({
      anyOf: [{ $ref: "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Time" }, { type: "null" }],
    });
    expect(rawProperty("io.k8s.api.apps.v1.DeploymentSpec", "replicas")).toMatchObject({ type: ["integer", "null"] });
    expect(rawProperty("io.k8s.api.core.v1.Container", "name")).toMatchObject({ type: "string" });
    expect(rawProperty("io.k8s.api.apps.v1.DeploymentSpec", "selector")).toEqual(expect.objectContaining({ $ref: expect.any(String) }));
  });

  it("marks required fields and keeps optional ones out", () => {
    expect(definitions["io.k8s.api.core.v1.Container"].required).toEqual(["name"]);
    expect(definitions["io.k8s.api.apps.v1.DeploymentSpec"].required).toEqual(["selector", "template"]);
    expect(definitions["io.k8s.api.core.v1.ServicePort"].required).toEqual(["port"]);
    expect(definitions["io.k8s.api.apps.v1.Deployment"].required).toBeUndefined();
  });

  it("is strict: every definition with properties forbids others", () => {
    const open = Object.entries(definitions).filter(([, schema]) => schema.properties && schema.additionalProperties !== false);
    expect(open.map(([name]) => name)).toEqual([]);
    expect(definitions["io.k8s.api.core.v1.Pod"].additionalProperties).toBe(false);
  });

  it("keeps CustomResourceDefinition schemas' x-kubernetes-* fields that kubernetes-types drops", () => {
    const schemaProps = definitions["io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps"].properties;
    expect(nonNull(schemaProps["x-kubernetes-preserve-unknown-fields"])).toMatchObject({ type: "boolean" });
    expect(nonNull(schemaProps["x-kubernetes-validations"]).items.$ref).toBe(
      "#/definitions/io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.ValidationRule",
    );
  });

  it("restores the fields kubernetes-types 1.30.0 loses from client-node", () => {
    const rule = definitions["io.k8s.api.admissionregistration.v1.RuleWithOperations"];
    expect(Object.keys(rule.properties).sort()).toEqual(["apiGroups", "apiVersions", "operations", "resources", "scope"]);
    const resourceRule = definitions["io.k8s.api.authorization.v1.ResourceRule"];
    expect(resourceRule.required).toEqual(["verbs"]);
    expect(nonNull(resourceRule.properties.resources)).toMatchObject({ type: "array", items: { type: "string" } });
  });

  it("covers apiregistration.k8s.io, which kubernetes-types lacks, from client-node", () => {
    const spec = definitions["io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIServiceSpec"];
    expect(spec.required).toEqual(["groupPriorityMinimum", "versionPriority"]);
    expect(nonNull(spec.properties.groupPriorityMinimum)).toMatchObject({ type: "integer", format: "int32" });
    expect(nonNull(spec.properties.caBundle)).toMatchObject({ type: "string", format: "byte" });
    expect(spec.additionalProperties).toBe(false);
  });

  it("leaves out fields that only newer Kubernetes versions have", () => {
    expect(definitions["io.k8s.api.core.v1.PodSpec"].properties).not.toHaveProperty("resources");
    expect(definitions["io.k8s.api.core.v1.Volume"].properties).not.toHaveProperty("image");
  });

  it("uses no custom keywords besides the ones it declares", () => {
    const found = new Set<string>();
    const visit = (schema: unknown): void => {
      if (typeof schema !== "object" || schema === null) return;
      if (Array.isArray(schema)) return schema.forEach(visit);
      for (const [key, value] of Object.entries(schema)) {
        if (key === "properties" || key === "definitions") Object.values(value as object).forEach(visit);
        else {
          if (key.startsWith("x-")) found.add(key);
          visit(value);
        }
      }
    };
    visit(definitions);
    expect([...found].sort()).toEqual([...KUBERNETES_DEFINITION_KEYWORDS].sort());
  });
});

describe("generated per-kind files", () => {
  it.each([
    ["deployment-apps-v1.json", "io.k8s.api.apps.v1.Deployment"],
    ["service-v1.json", "io.k8s.api.core.v1.Service"],
    ["ingress-networking-v1.json", "io.k8s.api.networking.v1.Ingress"],
    ["horizontalpodautoscaler-autoscaling-v2.json", "io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler"],
    ["clusterrolebinding-rbac-v1.json", "io.k8s.api.rbac.v1.ClusterRoleBinding"],
    ["event-events-v1.json", "io.k8s.api.events.v1.Event"],
    ["event-v1.json", "io.k8s.api.core.v1.Event"],
    ["flowschema-flowcontrol-v1beta3.json", "io.k8s.api.flowcontrol.v1beta3.FlowSchema"],
    ["deploymentlist-apps-v1.json", "io.k8s.api.apps.v1.DeploymentList"],
    ["apiservice-apiregistration-v1.json", "io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIService"],
  ])("%s refers to %s", (file, definition) => {
    expect(JSON.parse(files.get(file)!)).toEqual({ $ref: `_definitions.json#/definitions/${definition}` });
  });

  it("has one file per top-level kind and nothing else", () => {
    const kinds = Object.values(definitions).flatMap((schema) => schema["x-kubernetes-group-version-kind"] ?? []);
    expect(kinds.length).toBeGreaterThan(150);
    expect(files.size).toBe(kinds.length + 1);
  });

  it("compiles every kind with ajv 8 and the declared vocabulary", () => {
    const ajv = new Ajv({ strict: false });
    addFormats(ajv);
    ajv.addVocabulary([...KUBERNETES_DEFINITION_KEYWORDS]);
    ajv.addSchema({ definitions }, "k8s");
    for (const [file, text] of files) {
      if (file === KUBERNETES_DEFINITIONS_FILE) continue;
      expect(() => ajv.compile({ $ref: `k8s#/definitions/${kubernetesDefinitionName(JSON.parse(text))}` })).not.toThrow();
    }
  });
});

describe("committed schemas", () => {
  let outDir: string;
  beforeAll(async () => {
    outDir = await mkdtemp(path.join(tmpdir(), "k8s-schemas-"));
  });
  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it("are byte-identical to a fresh generation (run `npm run schemas` when this fails)", async () => {
    const written = await generateKubernetesSchemas(root, outDir);
    const committedDir = path.join(root, KUBERNETES_SCHEMA_DIR);
    const committed = (await readdir(committedDir)).sort();
    expect((await readdir(outDir)).sort()).toEqual(committed);
    expect(written.map((file) => path.basename(file)).sort()).toEqual(committed);
    expect(await readdir(path.join(root, "schemas", "kubernetes"))).toEqual([path.basename(KUBERNETES_SCHEMA_DIR)]);
    for (const name of committed) {
      expect(await readFile(path.join(outDir, name), "utf8"), name).toBe(await readFile(path.join(committedDir, name), "utf8"));
    }
  });

  it("regenerating removes files that are no longer generated", async () => {
    const stale = path.join(outDir, "gone-v1.json");
    await writeFile(stale, "{}");
    await generateKubernetesSchemas(root, outDir);
    expect(await readdir(outDir)).not.toContain("gone-v1.json");
  });
});
