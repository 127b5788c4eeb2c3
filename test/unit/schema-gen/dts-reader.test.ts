import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readDeclarations } from "../../../scripts/schema-gen/kubernetes/dts-reader.ts";

const made: string[] = [];

async function fakePackage(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "k8s-types-"));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return dir;
}

afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("readDeclarations", () => {
  it("reads structure, optionality, docs and references across modules", async () => {
    const dir = await fakePackage({
      "meta/v1.d.ts": "/** Meta data. */\nexport interface ObjectMeta {\n    name?: string;\n}\n/** A time. */\nexport type Time = string;\n",
      "apps/v1.d.ts": [
        'import { ObjectMeta, Time } from "../meta/v1";',
        "/**",
        " * A widget.",
        " *",
        " * \tindented line",
        " */",
        "export interface Widget {",
        '    apiVersion?: "apps/v1";',
        "    /** How many. */",
        "    replicas: number;",
        "    metadata?: ObjectMeta;",
        "    port?: number | string;",
        "    labels?: {",
        "        [name: string]: string;",
        "    };",
        "    tags?: Array<string>;",
        "    times?: Time[];",
        '    "x-odd"?: boolean;',
        "    either?: ObjectMeta | boolean;",
        "}",
      ].join("\n"),
    });
    const declarations = await readDeclarations(dir);
    expect(declarations.map((d) => `${d.module}.${d.name}`)).toEqual(["apps/v1.Widget", "meta/v1.ObjectMeta", "meta/v1.Time"]);
    const [widget] = declarations;
    expect(widget.description).toBe("A widget.\n\n\tindented line");
    expect(widget.body).toEqual({
      kind: "interface",
      properties: [
        { name: "apiVersion", optional: true, description: undefined, type: { kind: "literal", value: "apps/v1" } },
        { name: "replicas", optional: false, description: "How many.", type: { kind: "number" } },
        { name: "metadata", optional: true, description: undefined, type: { kind: "ref", target: { module: "meta/v1", name: "ObjectMeta" } } },
        { name: "port", optional: true, description: undefined, type: { kind: "intOrString" } },
        { name: "labels", optional: true, description: undefined, type: { kind: "map", values: { kind: "string" } } },
        { name: "tags", optional: true, description: undefined, type: { kind: "array", items: { kind: "string" } } },
        {
          name: "times",
          optional: true,
          description: undefined,
          type: { kind: "array", items: { kind: "ref", target: { module: "meta/v1", name: "Time" } } },
        },
        { name: "x-odd", optional: true, description: undefined, type: { kind: "boolean" } },
        {
          name: "either",
          optional: true,
          description: undefined,
          type: { kind: "union", members: [{ kind: "ref", target: { module: "meta/v1", name: "ObjectMeta" } }, { kind: "boolean" }] },
        },
      ],
    });
    expect(declarations[2]).toEqual({ module: "meta/v1", name: "Time", description: "A time.", body: { kind: "alias", type: { kind: "string" } } });
  });

  it.each([
    ["an unsupported type", "export interface A {\n    x?: any;\n}\n", /v1.d.ts:2: unsupported type: any/],
    ["an inline object with fields", "export interface A {\n    x?: { a: string };\n}\n", /unsupported inline object type/],
    ["a method member", "export interface A {\n    x(): string;\n}\n", /unsupported interface member/],
    ["a function declaration", "export declare function f(): void;\n", /unsupported top-level statement/],
    ["a reference outside the package", "export interface A {\n    x?: Date;\n}\n", /unresolved type reference: Date/],
    ["a computed property name", 'export interface A {\n    ["x"]?: string;\n}\n', /unsupported property name/],
  ])("rejects %s with file and line", async (_what, text, message) => {
    const dir = await fakePackage({ "apps/v1.d.ts": text });
    await expect(readDeclarations(dir)).rejects.toThrow(message);
  });
});
