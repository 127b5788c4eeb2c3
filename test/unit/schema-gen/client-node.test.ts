import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enrichWithClientModels, parseClientType } from "../../../scripts/schema-gen/kubernetes/client-node-enrich.ts";
import { clientClassCandidates, loadClientModels, type ClientAttribute, type ClientModels } from "../../../scripts/schema-gen/kubernetes/client-node-models.ts";
import type { DeclarationModel } from "../../../scripts/schema-gen/kubernetes/model.ts";

let modelsDir: string;

beforeAll(async () => {
  modelsDir = await mkdtemp(path.join(tmpdir(), "client-models-"));
  await writeFile(
    path.join(modelsDir, "V1Widget.d.ts"),
    [
      "export declare class V1Widget {",
      "    /**",
      '    * Odd \\"quoted\\" field.',
      "    */",
      "    'x_odd'?: Array<V1Part>;",
      "    'lostOne': number;",
      "}",
    ].join("\n"),
  );
});

afterAll(async () => {
  await rm(modelsDir, { recursive: true, force: true });
});

function attribute(baseName: string, type: string, format = "", name = baseName): ClientAttribute {
  return { name, baseName, type, format };
}

function models(classes: Record<string, ClientAttribute[]>): ClientModels {
  return { classes: new Map(Object.entries(classes)), modelsDir };
}

const widget: DeclarationModel = {
  module: "apps/v1",
  name: "Widget",
  body: {
    kind: "interface",
    properties: [
      { name: "replicas", optional: true, type: { kind: "number" } },
      { name: "weights", optional: true, type: { kind: "array", items: { kind: "number" } } },
      { name: "ratio", optional: true, type: { kind: "number" } },
      { name: "data", optional: true, type: { kind: "map", values: { kind: "string" } } },
      { name: "renamed", optional: true, type: { kind: "number" } },
      { name: "unknown", optional: true, type: { kind: "number" } },
    ],
  },
};
const part: DeclarationModel = { module: "apps/v1", name: "Part", body: { kind: "interface", properties: [] } };

describe("enrichWithClientModels", () => {
  const clientModels = (extra: ClientAttribute[] = []) =>
    models({
      V1Widget: [
        attribute("replicas", "number", "int32"),
        attribute("weights", "Array<number>", "int64"),
        attribute("ratio", "number", "double"),
        attribute("data", "{ [key: string]: string; }", "byte"),
        attribute("renamed", "string", "int32"),
        attribute("x-odd", "Array<V1Part>", "", "x_odd"),
        attribute("lostOne", "number", "int64"),
        attribute("newerField", "string"),
        ...extra,
      ],
      V1Part: [],
    });

  it("takes formats of the same type and field, and only when the kinds agree", async () => {
    const { declarations, numbersWithoutFormat } = await enrichWithClientModels([widget, part], clientModels(), {});
    const properties = declarations[0].body.kind === "interface" ? declarations[0].body.properties : [];
    const format = (name: string) => properties.find((p) => p.name === name)?.format;
    expect(format("replicas")).toBe("int32");
    expect(format("weights")).toBe("int64");
    expect(format("ratio")).toBe("double");
    expect(format("data")).toBe("byte");
    expect(format("renamed")).toBeUndefined();
    expect(numbersWithoutFormat).toEqual(["apps/v1.Widget.renamed", "apps/v1.Widget.unknown"]);
  });

  it("adds lost fields with their docs and optionality, and leaves newer fields out", async () => {
    const { declarations } = await enrichWithClientModels([widget, part], clientModels(), { "apps/v1.Widget": ["lostOne"] });
    const properties = declarations[0].body.kind === "interface" ? declarations[0].body.properties : [];
    expect(properties.slice(6)).toEqual([
      {
        name: "x-odd",
        optional: true,
        description: 'Odd "quoted" field.',
        type: { kind: "array", items: { kind: "ref", target: { module: "apps/v1", name: "Part" } } },
      },
      { name: "lostOne", optional: false, description: undefined, type: { kind: "number" }, format: "int64" },
    ]);
  });

  it("fails when a client-node field is missing from the class declaration", async () => {
    const undeclared = attribute("undeclared-in-dts", "string", "", "undeclared");
    await expect(enrichWithClientModels([widget, part], clientModels([undeclared]), {})).rejects.toThrow(/declares no property 'undeclared'/);
  });

  it.each([
    [{ "apps/v1.Widget": ["replicas"] }, /apps\/v1.Widget.replicas is listed as lost, but kubernetes-types has it/],
    [{ "apps/v1.Widget": ["absent"] }, /apps\/v1.Widget.absent is listed as lost/],
    [{ "apps/v1.Gadget": ["x"] }, /listed for types without a client-node class: apps\/v1.Gadget/],
  ])("rejects a stale lost-field list %j", async (lost, message) => {
    await expect(enrichWithClientModels([widget, part], clientModels(), lost)).rejects.toThrow(message);
  });

  it("leaves types without a client-node class as they are", async () => {
    const { declarations } = await enrichWithClientModels([part], models({}), {});
    expect(declarations).toEqual([part]);
  });
});

describe("parseClientType", () => {
  const classes = new Map([["V1Part", { module: "apps/v1", name: "Part" }]]);

  it("parses primitives, arrays, maps and classes", () => {
    expect(parseClientType("{ [key: string]: Array<string>; }", classes)).toEqual({
      kind: "map",
      values: { kind: "array", items: { kind: "string" } },
    });
    expect(parseClientType("V1Part", classes)).toEqual({ kind: "ref", target: { module: "apps/v1", name: "Part" } });
  });

  it("rejects a class kubernetes-types does not declare", () => {
    expect(() => parseClientType("V9Nothing", classes)).toThrow(/client-node type "V9Nothing" has no counterpart/);
  });
});

describe("client-node classes", () => {
  it("tries the group-qualified class name first", () => {
    expect(clientClassCandidates("core/v1", "Event")).toEqual(["CoreV1Event", "V1Event"]);
    expect(clientClassCandidates("runtime", "RawExtension")).toEqual([]);
  });

  it("rejects a models folder without model classes", async () => {
    await writeFile(path.join(modelsDir, "all.js"), "export const nothing = 1;\n");
    await expect(loadClientModels(modelsDir)).rejects.toThrow(/no model classes with an attributeTypeMap/);
  });

  it("rejects a malformed attributeTypeMap entry", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "client-models-bad-"));
    try {
      await writeFile(path.join(dir, "all.js"), "export class V1X {}\nV1X.attributeTypeMap = [{ name: 'a' }];\n");
      await expect(loadClientModels(dir)).rejects.toThrow(/malformed attributeTypeMap entry/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
