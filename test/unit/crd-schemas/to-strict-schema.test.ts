import { describe, expect, it } from "vitest";
import { SchemaShapeError, toStrictSchema } from "../../../scripts/schema-gen/crds/to-strict-schema.ts";

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
    const out = toStrictSchema({ type: "object", properties: { size: { type: "string", format: "int-or-string", "x-kubernetes-int-or-string": true } } }, id);
    expect((out.properties as any).size).toEqual({ anyOf: [{ type: "integer" }, { type: "string" }], "x-kubernetes-int-or-string": true });
  });

  it("recurses into allOf/anyOf/oneOf, not, tuple items and patternProperties", () => {
    const object = () => ({ type: "object", properties: { a: { type: "string" } } });
    const out = toStrictSchema(
      {
        type: "object",
        properties: {
          spec: {
            type: "object",
            oneOf: [object()],
            allOf: [object()],
            anyOf: [object()],
            not: object(),
            patternProperties: { "^x-": object() },
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
