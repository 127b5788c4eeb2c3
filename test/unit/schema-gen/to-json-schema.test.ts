import { describe, expect, it } from "vitest";
import { apiVersionOf, definitionName, groupVersionKindOf } from "../../../scripts/schema-gen/kubernetes/api-names.ts";
import type { DeclarationModel, PropertyModel } from "../../../scripts/schema-gen/kubernetes/model.ts";
import { buildDefinitions, typeSchema } from "../../../scripts/schema-gen/kubernetes/to-json-schema.ts";

const INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";

function iface(module: string, name: string, properties: PropertyModel[], description?: string): DeclarationModel {
  return { module, name, description, body: { kind: "interface", properties } };
}

describe("typeSchema", () => {
  it("maps int32/int64 to integer and double to number", () => {
    expect(typeSchema({ kind: "number" }, "int32")).toEqual({ type: "integer", format: "int32" });
    expect(typeSchema({ kind: "number" }, "int64")).toEqual({ type: "integer", format: "int64" });
    expect(typeSchema({ kind: "number" }, "double")).toEqual({ type: "number", format: "double" });
  });

  it("falls back to integer for a number without a format", () => {
    expect(typeSchema({ kind: "number" })).toEqual({ type: "integer" });
  });

  it("applies a format to array items and map values", () => {
    expect(typeSchema({ kind: "array", items: { kind: "number" } }, "int64")).toEqual({
      type: "array",
      items: { type: "integer", format: "int64" },
    });
    expect(typeSchema({ kind: "map", values: { kind: "string" } }, "byte")).toEqual({
      type: "object",
      additionalProperties: { type: "string", format: "byte" },
    });
  });

  it("refers int-or-string to the IntOrString definition and literals to an enum", () => {
    expect(typeSchema({ kind: "intOrString" })).toEqual({ $ref: `#/definitions/${INT_OR_STRING}` });
    expect(typeSchema({ kind: "literal", value: "apps/v1" })).toEqual({ type: "string", enum: ["apps/v1"] });
  });

  it("turns unions into oneOf", () => {
    const union = typeSchema({ kind: "union", members: [{ kind: "boolean" }, { kind: "array", items: { kind: "string" } }] });
    expect(union).toEqual({ oneOf: [{ type: "boolean" }, { type: "array", items: { type: "string" } }] });
  });
});

describe("buildDefinitions", () => {
  const quantity: DeclarationModel = { module: "api/resource", name: "Quantity", description: "Q.", body: { kind: "alias", type: { kind: "string" } } };
  const time: DeclarationModel = { module: "meta/v1", name: "Time", body: { kind: "alias", type: { kind: "string" } } };
  const widget = iface(
    "apps/v1",
    "Widget",
    [
      { name: "apiVersion", optional: true, type: { kind: "literal", value: "apps/v1" } },
      { name: "kind", optional: true, type: { kind: "literal", value: "Widget" } },
      { name: "size", optional: false, type: { kind: "number" }, format: "int32", description: "How big." },
      { name: "port", optional: false, type: { kind: "intOrString" } },
      { name: "cpu", optional: true, type: { kind: "ref", target: { module: "api/resource", name: "Quantity" } } },
      { name: "since", optional: true, type: { kind: "ref", target: { module: "meta/v1", name: "Time" } } },
      { name: "raw", optional: true, type: { kind: "ref", target: { module: "runtime", name: "RawExtension" } } },
    ],
    "A widget.",
  );
  const raw = iface("runtime", "RawExtension", []);
  const definitions = buildDefinitions([quantity, time, widget, raw]);

  it("names definitions like the Kubernetes OpenAPI and adds IntOrString", () => {
    expect(Object.keys(definitions).sort()).toEqual(
      [
        "io.k8s.api.apps.v1.Widget",
        "io.k8s.apimachinery.pkg.api.resource.Quantity",
        "io.k8s.apimachinery.pkg.apis.meta.v1.Time",
        "io.k8s.apimachinery.pkg.runtime.RawExtension",
        INT_OR_STRING,
      ].sort(),
    );
    expect(definitions[INT_OR_STRING]).toMatchObject({ oneOf: [{ type: "string" }, { type: "integer" }], "x-kubernetes-int-or-string": true });
  });

  it("builds a strict object with required fields, descriptions and its group/version/kind", () => {
    const schema = definitions["io.k8s.api.apps.v1.Widget"] as any;
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(["port", "size"]);
    expect(schema.description).toBe("A widget.");
    expect(schema.properties.size).toEqual({ description: "How big.", type: "integer", format: "int32" });
    expect(schema["x-kubernetes-group-version-kind"]).toEqual([{ group: "apps", version: "v1", kind: "Widget" }]);
  });

  it("gives well-known types their wire format and empty interfaces an open object", () => {
    expect(definitions["io.k8s.apimachinery.pkg.api.resource.Quantity"]).toEqual({
      description: "Q.",
      oneOf: [{ type: "string" }, { type: "number" }],
    });
    expect(definitions["io.k8s.apimachinery.pkg.apis.meta.v1.Time"]).toEqual({ type: "string", format: "date-time" });
    expect(definitions["io.k8s.apimachinery.pkg.runtime.RawExtension"]).toEqual({ type: "object" });
  });

  it("rejects a reference to a type that is not declared", () => {
    const dangling = iface("apps/v1", "Broken", [{ name: "x", optional: true, type: { kind: "ref", target: { module: "apps/v1", name: "Missing" } } }]);
    expect(() => buildDefinitions([dangling])).toThrow(/io.k8s.api.apps.v1.Broken refers to #\/definitions\/io.k8s.api.apps.v1.Missing/);
  });

  it("rejects two declarations with the same definition name", () => {
    expect(() => buildDefinitions([raw, raw])).toThrow(/two declarations map to the definition name/);
  });
});

describe("api names", () => {
  it.each([
    ["apps/v1", "io.k8s.api.apps.v1.X"],
    ["core/v1", "io.k8s.api.core.v1.X"],
    ["meta/v1", "io.k8s.apimachinery.pkg.apis.meta.v1.X"],
    ["apiextensions/v1", "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.X"],
    ["runtime", "io.k8s.apimachinery.pkg.runtime.X"],
    ["apiregistration/v1", "io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.X"],
  ])("names module %s", (module, name) => {
    expect(definitionName({ module, name: "X" })).toBe(name);
  });

  it.each(["unknown", "apps/v1/extra", "Apps/v1"])("rejects the module %s", (module) => {
    expect(() => definitionName({ module, name: "X" })).toThrow(/neither an API group\/version nor a known apimachinery module/);
  });

  it("reads the group/version/kind of top-level types only", () => {
    const core = iface("core/v1", "Pod", [
      { name: "apiVersion", optional: true, type: { kind: "literal", value: "v1" } },
      { name: "kind", optional: true, type: { kind: "literal", value: "Pod" } },
    ]);
    expect(groupVersionKindOf(core)).toEqual({ group: "", version: "v1", kind: "Pod" });
    expect(apiVersionOf({ group: "", version: "v1", kind: "Pod" })).toBe("v1");
    expect(apiVersionOf({ group: "apps", version: "v1", kind: "Deployment" })).toBe("apps/v1");
    const embedded = iface("core/v1", "ObjectReference", [
      { name: "apiVersion", optional: true, type: { kind: "string" } },
      { name: "kind", optional: true, type: { kind: "string" } },
    ]);
    expect(groupVersionKindOf(embedded)).toBeUndefined();
  });
});
