import { describe, expect, it } from "vitest";
import { makeStrict } from "../../../scripts/schema-gen/kubernetes/strict.ts";

describe("makeStrict", () => {
  it("closes every object schema that declares properties, at any depth", () => {
    const schema = {
      definitions: {
        A: {
          type: "object",
          properties: {
            inline: { type: "object", properties: { x: { type: "string" } } },
            list: { type: "array", items: { properties: { y: { type: "integer" } } } },
            either: { oneOf: [{ properties: { z: { type: "boolean" } } }, { type: "string" }] },
          },
        },
      },
    };
    const strict = makeStrict(schema) as any;
    const a = strict.definitions.A;
    expect(a.additionalProperties).toBe(false);
    expect(a.properties.inline.additionalProperties).toBe(false);
    expect(a.properties.list.items.additionalProperties).toBe(false);
    expect(a.properties.either.oneOf[0].additionalProperties).toBe(false);
    expect(a.properties.either.oneOf[1]).toEqual({ type: "string" });
  });

  it("leaves maps, empty objects and explicit additionalProperties alone", () => {
    const strict = makeStrict({
      properties: {
        labels: { type: "object", additionalProperties: { type: "string" } },
        raw: { type: "object" },
        open: { type: "object", properties: {} },
        loose: { properties: { a: {} }, additionalProperties: true },
      },
    }) as any;
    expect(strict.properties.labels).toEqual({ type: "object", additionalProperties: { type: "string" } });
    expect(strict.properties.raw).toEqual({ type: "object" });
    expect(strict.properties.open.additionalProperties).toBeUndefined();
    expect(strict.properties.loose.additionalProperties).toBe(true);
  });

  it("does not take a field named `properties` for the keyword", () => {
    const strict = makeStrict({ properties: { properties: { type: "object", additionalProperties: { $ref: "#/x" } } } }) as any;
    expect(Object.keys(strict.properties)).toEqual(["properties"]);
    expect(strict.properties.properties).toEqual({ type: "object", additionalProperties: { $ref: "#/x" } });
    expect(strict.additionalProperties).toBe(false);
  });

  it("does not modify its input", () => {
    const input = { properties: { a: { properties: { b: {} } } } };
    makeStrict(input);
    expect(input).toEqual({ properties: { a: { properties: { b: {} } } } });
  });
});
