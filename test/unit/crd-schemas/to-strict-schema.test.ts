import { describe, expect, it } from "vitest";
import { SchemaShapeError, toStrictSchema } from "../../../scripts/schema-gen/crds/to-strict-schema.ts";
import { actionableErrors, createCrdAjv, describeError } from "./crd-ajv.ts";

const id = { group: "games.example.com", version: "v1", kind: "Match" };

describe("toStrictSchema", () => {
  it("does not modify the CRD's schema", () => {
    const input = { type: "object", properties: { spec: { type: "object", properties: { n: { type: "integer" } } } } };
    const copy = structuredClone(input);
    toStrictSchema(input, id);
    expect(input).toEqual(copy);
  });

  it("turns nullable into a null-admitting type and drops the OpenAPI keyword", () => {
    const out = toStrictSchema({ type: "object", properties: { retries: { type: "integer", nullable: true } } }, id);
    expect((out.properties as any).retries).toEqual({ type: ["integer", "null"] });
  });

  it("admits null for a nullable int-or-string", () => {
    const out = toStrictSchema({ type: "object", properties: { port: { "x-kubernetes-int-or-string": true, nullable: true } } }, id);
    expect((out.properties as any).port.anyOf).toEqual([{ type: "integer" }, { type: "string" }, { type: "null" }]);
  });

  it("replaces the type and format of an int-or-string and keeps the marker", () => {
    const out = toStrictSchema(
      { type: "object", required: ["size"], properties: { size: { type: "string", format: "int-or-string", "x-kubernetes-int-or-string": true } } },
      id,
    );
    expect((out.properties as any).size).toEqual({ anyOf: [{ type: "integer" }, { type: "string" }], "x-kubernetes-int-or-string": true });
  });

  it("recurses into allOf/anyOf/oneOf, not, tuple items and patternProperties", () => {
    const object = () => ({ type: "object", properties: { a: { type: "string" } } });
    const out = toStrictSchema(
      {
        type: "object",
        required: ["spec"],
        properties: {
          spec: {
            type: "object",
            oneOf: [object()],
            allOf: [object()],
            anyOf: [object()],
            not: object(),
            patternProperties: { "^x-": object() },
            required: ["pair"],
            properties: { pair: { type: "array", items: [object(), object()] } },
          },
        },
      },
      id,
    );
    const spec = (out.properties as any).spec;
    for (const keyword of ["oneOf", "allOf", "anyOf"]) expect(spec[keyword][0].additionalProperties).toBe(false);
    expect(spec.not.additionalProperties).toBe(false);
    expect(spec.patternProperties["^x-"].additionalProperties).toBe(false);
    expect(spec.properties.pair.items.map((i: any) => i.additionalProperties)).toEqual([false, false]);
  });

  it("leaves a root that preserves unknown fields open while still pinning apiVersion and kind", () => {
    const out = toStrictSchema({ type: "object", "x-kubernetes-preserve-unknown-fields": true }, id);
    expect(out.additionalProperties).toBeUndefined();
    expect((out.properties as any).apiVersion).toEqual({ type: "string", enum: ["games.example.com/v1"] });
  });

  it("keeps an existing root field's description when pinning it", () => {
    const out = toStrictSchema({ type: "object", properties: { kind: { type: "string", description: "Kind of resource" } } }, id);
    expect((out.properties as any).kind).toEqual({ type: "string", description: "Kind of resource", enum: ["Match"] });
  });

  it("reports where a malformed schema node is with a JSON pointer", () => {
    const broken = { type: "object", properties: { "a/b": { type: "object", items: 7 } } };
    try {
      toStrictSchema(broken, id);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SchemaShapeError);
      expect((error as SchemaShapeError).pointer).toBe("/properties/a~1b/items");
      expect((error as Error).message).toBe("openAPIV3Schema/properties/a~1b/items: expected a schema object, found number 7");
    }
  });

  it("rejects a combinator that is not a list", () => {
    expect(() => toStrictSchema({ type: "object", anyOf: { type: "string" } }, id)).toThrow("openAPIV3Schema/anyOf: expected a list of schemas, found object");
  });
});

describe("toStrictSchema: null on optional fields (the API server prunes it before validating)", () => {
  const ajv = createCrdAjv();
  const spec = (properties: Record<string, unknown>, required: string[] = []) => ({
    type: "object",
    properties: { spec: { type: "object", required, properties } },
  });
  const errorsFor = (schema: Record<string, unknown>, specValue: unknown): string[] => {
    const check = ajv.compile(toStrictSchema(schema, id));
    check({ apiVersion: "games.example.com/v1", kind: "Match", spec: specValue });
    return actionableErrors(check.errors).map(describeError).sort();
  };

  it("adds null as a second type of an optional field and leaves a required one alone", () => {
    const out = toStrictSchema(spec({ mode: { type: "string" }, name: { type: "string" } }, ["name"]), id) as any;
    expect(out.properties.spec.properties.mode).toEqual({ type: ["string", "null"] });
    expect(out.properties.spec.properties.name).toEqual({ type: "string" });
    expect(out.properties.spec.type).toEqual(["object", "null"]);
  });

  it("accepts an optional field left null and rejects a required one", () => {
    const schema = spec({ retries: { type: "integer" }, name: { type: "string" } }, ["name"]);
    expect(errorsFor(schema, { name: "a", retries: null })).toEqual([]);
    expect(errorsFor(schema, { name: null })).toEqual(["type at /spec/name"]);
    expect(errorsFor(schema, { name: "a", retries: "3" })).toEqual(["type at /spec/retries"]);
  });

  it("wraps an optional enum in anyOf so null passes and a wrong value still fails on the enum", () => {
    const schema = spec({ algorithm: { type: "string", enum: ["RSA", "ECDSA"] } });
    expect((toStrictSchema(schema, id) as any).properties.spec.properties.algorithm).toEqual({
      anyOf: [{ type: "string", enum: ["RSA", "ECDSA"] }, { type: "null" }],
    });
    expect(errorsFor(schema, { algorithm: null })).toEqual([]);
    expect(errorsFor(schema, { algorithm: "EC" })).toContain("enum at /spec/algorithm");
  });

  it("keeps a format away from null: an optional formatted field is wrapped, not given a second type", () => {
    const schema = spec({ interval: { type: "string", format: "duration" } });
    expect((toStrictSchema(schema, id) as any).properties.spec.properties.interval).toEqual({
      anyOf: [{ type: "string", format: "duration" }, { type: "null" }],
    });
    expect(errorsFor(schema, { interval: null })).toEqual([]);
  });

  it("lets a nullable enum accept null too", () => {
    const schema = spec({ mode: { type: "string", enum: ["once"], nullable: true } }, ["mode"]);
    expect((toStrictSchema(schema, id) as any).properties.spec.properties.mode).toEqual({ anyOf: [{ type: "string", enum: ["once"] }, { type: "null" }] });
    expect(errorsFor(schema, { mode: null })).toEqual([]);
    expect(errorsFor(schema, { mode: "twice" })).toEqual(["enum at /spec/mode"]);
  });

  it("adds a null alternative to an optional int-or-string", () => {
    const schema = spec({ port: { "x-kubernetes-int-or-string": true } });
    expect((toStrictSchema(schema, id) as any).properties.spec.properties.port.anyOf).toEqual([{ type: "integer" }, { type: "string" }, { type: "null" }]);
    expect(errorsFor(schema, { port: null })).toEqual([]);
    expect(errorsFor(schema, { port: true }).length).toBeGreaterThan(0);
  });

  it("wraps an optional object with oneOf, which null would otherwise match more than once", () => {
    const match = {
      type: "object",
      oneOf: [{ required: ["exact"] }, { required: ["prefix"] }],
      properties: { exact: { type: "string" }, prefix: { type: "string" } },
    };
    const schema = spec({ uri: match });
    expect((toStrictSchema(schema, id) as any).properties.spec.properties.uri.anyOf).toHaveLength(2);
    expect(errorsFor(schema, { uri: null })).toEqual([]);
    expect(errorsFor(schema, { uri: { exact: "a", prefix: "b" } })).toContain("oneOf at /spec/uri");
  });

  it("accepts null map values but not null list items", () => {
    const schema = spec({ labels: { type: "object", additionalProperties: { type: "string" } }, hosts: { type: "array", items: { type: "string" } } });
    expect(errorsFor(schema, { labels: { team: null } })).toEqual([]);
    expect(errorsFor(schema, { hosts: [null] })).toEqual(["type at /spec/hosts/0"]);
  });

  it("does not add null twice to a nullable field and leaves a schema without a type as it is", () => {
    const out = toStrictSchema(spec({ count: { type: "integer", nullable: true }, raw: { "x-kubernetes-preserve-unknown-fields": true } }), id) as any;
    expect(out.properties.spec.properties.count).toEqual({ type: ["integer", "null"] });
    expect(out.properties.spec.properties.raw).toEqual({ "x-kubernetes-preserve-unknown-fields": true });
  });

  it("keeps apiVersion and kind non-null at the root, while metadata accepts null like a built-in kind's", () => {
    const out = toStrictSchema({ type: "object", properties: { apiVersion: { type: "string" }, kind: { type: "string" } } }, id) as any;
    expect(out.properties.apiVersion).toEqual({ type: "string", enum: ["games.example.com/v1"] });
    expect(out.properties.kind).toEqual({ type: "string", enum: ["Match"] });
    expect(out.properties.metadata).toEqual({ type: ["object", "null"] });
    const check = ajv.compile(out);
    expect(check({ apiVersion: null, kind: "Match" })).toBe(false);
    expect(check({ apiVersion: "games.example.com/v1", kind: "Match", metadata: null })).toBe(true);
  });
});
