import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClientAttribute, ClientModels } from "../../../scripts/schema-gen/kubernetes/client-node-models.ts";
import { readClientOnlyDeclarations, type ClientOnlyGroup } from "../../../scripts/schema-gen/kubernetes/client-only-groups.ts";
import type { DeclarationModel } from "../../../scripts/schema-gen/kubernetes/model.ts";

let modelsDir: string;

beforeAll(async () => {
  modelsDir = await mkdtemp(path.join(tmpdir(), "client-only-"));
  const classFile = (name: string, body: string[]) =>
    writeFile(path.join(modelsDir, `${name}.d.ts`), [`/**\n* ${name} docs.\n*/`, `export declare class ${name} {`, ...body, "}"].join("\n"));
  await classFile("V1Gadget", ["    'apiVersion'?: string;", "    'kind'?: string;", "    'metadata'?: V1ObjectMeta;", "    'spec': V1GadgetSpec;"]);
  await classFile("V1GadgetSpec", ["    /**\n    * When it was made.\n    */", "    'madeAt'?: Date;", "    'size': number;"]);
});

afterAll(async () => {
  await rm(modelsDir, { recursive: true, force: true });
});

const attribute = (baseName: string, type: string, format = ""): ClientAttribute => ({ name: baseName, baseName, type, format });
const models = (extra: Record<string, ClientAttribute[]> = {}): ClientModels => ({
  modelsDir,
  classes: new Map(
    Object.entries({
      V1Gadget: [attribute("apiVersion", "string"), attribute("kind", "string"), attribute("metadata", "V1ObjectMeta"), attribute("spec", "V1GadgetSpec")],
      V1GadgetSpec: [attribute("madeAt", "Date", "date-time"), attribute("size", "number", "int32")],
      V1ObjectMeta: [],
      ...extra,
    }),
  ),
});
const objectMeta: DeclarationModel = { module: "meta/v1", name: "ObjectMeta", body: { kind: "interface", properties: [] } };
const group: ClientOnlyGroup = {
  module: "gadgets/v1",
  apiVersion: "gadgets.example.com/v1",
  types: { Gadget: "V1Gadget", GadgetSpec: "V1GadgetSpec" },
  kinds: ["Gadget"],
};

describe("readClientOnlyDeclarations", () => {
  it("builds declarations from client-node classes, with literal apiVersion and kind for kinds", async () => {
    const [gadget, spec] = await readClientOnlyDeclarations(models(), [group], [objectMeta]);
    expect(gadget).toEqual({
      module: "gadgets/v1",
      name: "Gadget",
      description: "V1Gadget docs.",
      body: {
        kind: "interface",
        properties: [
          { name: "apiVersion", optional: true, description: undefined, type: { kind: "literal", value: "gadgets.example.com/v1" } },
          { name: "kind", optional: true, description: undefined, type: { kind: "literal", value: "Gadget" } },
          { name: "metadata", optional: true, description: undefined, type: { kind: "ref", target: { module: "meta/v1", name: "ObjectMeta" } } },
          { name: "spec", optional: false, description: undefined, type: { kind: "ref", target: { module: "gadgets/v1", name: "GadgetSpec" } } },
        ],
      },
    });
    expect(spec.body).toEqual({
      kind: "interface",
      properties: [
        { name: "madeAt", optional: true, description: "When it was made.", type: { kind: "ref", target: { module: "meta/v1", name: "Time" } } },
        { name: "size", optional: false, description: undefined, type: { kind: "number" } },
      ],
    });
  });

  it("rejects a group type client-node has no class for", async () => {
    const missing = { ...group, types: { ...group.types, GadgetStatus: "V1GadgetStatus" } };
    await expect(readClientOnlyDeclarations(models(), [missing], [objectMeta])).rejects.toThrow(/client-node has no class V1GadgetStatus/);
  });

  it("rejects an attribute the class declaration does not declare", async () => {
    const extra = models({ V1GadgetSpec: [attribute("size", "number"), attribute("weight", "number")] });
    await expect(readClientOnlyDeclarations(extra, [group], [objectMeta])).rejects.toThrow(/V1GadgetSpec.d.ts declares no property 'weight'/);
  });

  it("rejects a class file without the class", async () => {
    const other = models({ V1Other: [] });
    const withOther = { ...group, types: { ...group.types, Other: "V1Other" } };
    await writeFile(path.join(modelsDir, "V1Other.d.ts"), "export declare class V1Else {\n}\n");
    await expect(readClientOnlyDeclarations(other, [withOther], [objectMeta])).rejects.toThrow(/declares no class V1Other/);
  });
});
