import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { generateCrdSchemas } from "../../../scripts/schema-gen/crds/generate-crd-schemas.ts";
import { createCrdAjv } from "./crd-ajv.ts";
import { crdYaml, gameServerSchema, makeRepo } from "./crd-fixtures.ts";

const roots: string[] = [];
async function repo(files: Record<string, string>): Promise<string> {
  const root = await makeRepo(files);
  roots.push(root);
  return root;
}
afterEach(async () => {
  await Promise.all(roots.splice(0).map((root) => rm(root, { recursive: true, force: true })));
});

const gameServerCrd = crdYaml({
  group: "games.example.com",
  kind: "GameServer",
  versions: [
    { name: "v1beta1", schema: gameServerSchema },
    { name: "v1", schema: gameServerSchema },
    { name: "v1alpha1", served: false, schema: gameServerSchema },
  ],
});

async function readSchema(root: string, relative: string) {
  return JSON.parse(await readFile(path.join(root, "schemas/crds/json", relative), "utf8"));
}

describe("generateCrdSchemas", () => {
  it("writes one schema per served version in <group>/<kind>_<version>.json and returns the sorted paths", async () => {
    const root = await repo({ "schemas/crds/games.example.com/gameservers.yaml": gameServerCrd });
    const written = await generateCrdSchemas(root);
    const dir = path.join(root, "schemas/crds/json/games.example.com");
    expect(written).toEqual([path.join(dir, "gameserver_v1.json"), path.join(dir, "gameserver_v1beta1.json")]);
    expect((await readdir(dir)).sort()).toEqual(["gameserver_v1.json", "gameserver_v1beta1.json"]);
    expect((await readSchema(root, "games.example.com/gameserver_v1beta1.json")).properties.apiVersion.enum).toEqual(["games.example.com/v1beta1"]);
  });

  it("makes objects with properties strict, keeps maps and preserve-unknown subtrees open", async () => {
    const root = await repo({ "schemas/crds/gameservers.yaml": gameServerCrd });
    await generateCrdSchemas(root);
    const schema = await readSchema(root, "games.example.com/gameserver_v1.json");
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.spec.additionalProperties).toBe(false);
    expect(schema.properties.spec.properties.ports.items.additionalProperties).toBe(false);
    expect(schema.properties.spec.properties.labels.additionalProperties).toEqual({ type: ["string", "null"] });
    expect(schema.properties.spec.properties.config.additionalProperties).toBeUndefined();

    const validate = createCrdAjv().compile(schema);
    const base = { apiVersion: "games.example.com/v1", kind: "GameServer", metadata: { name: "lobby" } };
    expect(validate({ ...base, spec: { image: "lobby:1", config: { anything: { goes: [1, "two"] } } } })).toBe(true);
    expect(validate({ ...base, spec: { image: "lobby:1", replica: 3 } })).toBe(false);
    expect(validate({ ...base, spec: { image: "lobby:1", ports: [{ name: "http", port: 80, protocol: "TCP" }] } })).toBe(false);
    expect(validate({ ...base, spec: { image: "lobby:1" }, extra: true })).toBe(false);
  });

  it("spells int-or-string out as anyOf integer|string", async () => {
    const root = await repo({ "schemas/crds/gameservers.yaml": gameServerCrd });
    await generateCrdSchemas(root);
    const schema = await readSchema(root, "games.example.com/gameserver_v1.json");
    expect(schema.properties.spec.properties.maxSurge.anyOf).toEqual([{ type: "integer" }, { type: "string" }, { type: "null" }]);
    const validate = createCrdAjv().compile(schema);
    const withSurge = (maxSurge: unknown) => ({ apiVersion: "games.example.com/v1", kind: "GameServer", spec: { image: "x", maxSurge } });
    expect(validate(withSurge(2))).toBe(true);
    expect(validate(withSurge("25%"))).toBe(true);
    expect(validate(withSurge(true))).toBe(false);
  });

  it("adds apiVersion, kind and metadata to the root and pins apiVersion and kind", async () => {
    const root = await repo({ "schemas/crds/gameservers.yaml": gameServerCrd });
    await generateCrdSchemas(root);
    const schema = await readSchema(root, "games.example.com/gameserver_v1.json");
    expect(schema.properties.kind).toEqual({ type: "string", enum: ["GameServer"] });
    expect(schema.properties.metadata).toEqual({ type: ["object", "null"] });
    const validate = createCrdAjv().compile(schema);
    expect(validate({ apiVersion: "games.example.com/v1", kind: "GameServers", spec: { image: "x" } })).toBe(false);
    expect(validate({ apiVersion: "games.example.com/v2", kind: "GameServer", spec: { image: "x" } })).toBe(false);
  });

  it("writes sorted keys, 2-space indentation and a final newline, byte-identical on every run", async () => {
    const root = await repo({ "schemas/crds/gameservers.yaml": gameServerCrd });
    const [file] = await generateCrdSchemas(root);
    const first = await readFile(file, "utf8");
    await generateCrdSchemas(root);
    expect(await readFile(file, "utf8")).toBe(first);
    expect(first.endsWith("}\n")).toBe(true);
    expect(first.split("\n")[1]).toBe('  "additionalProperties": false,');
    expect(Object.keys(JSON.parse(first))).toEqual(["additionalProperties", "properties", "type"]);
  });

  it("reads CRDs from base/**/crds/** and ignores other documents and other base files", async () => {
    const platformCrd = crdYaml({ group: "gaia.tech", kind: "GateNetwork", versions: [{ name: "v1alpha1", schema: gameServerSchema }] });
    const root = await repo({
      "base/gate-engine/crds/gatenetwork.yaml": `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: note}\n---\n${platformCrd}`,
      "base/gate-engine/crds/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [gatenetwork.yaml]\n",
      "base/gate-engine/deployment.yaml": crdYaml({ group: "stray.example.com", kind: "Stray", versions: [{ name: "v1", schema: gameServerSchema }] }),
      "schemas/crds/games.example.com/gameservers.yml": gameServerCrd,
    });
    const written = (await generateCrdSchemas(root)).map((f) => path.relative(path.join(root, "schemas/crds/json"), f));
    expect(written).toEqual(["gaia.tech/gatenetwork_v1alpha1.json", "games.example.com/gameserver_v1.json", "games.example.com/gameserver_v1beta1.json"]);
  });

  it("writes into outDir when given and removes schemas whose CRD is gone", async () => {
    const root = await repo({ "schemas/crds/gameservers.yaml": gameServerCrd });
    const outDir = path.join(root, "elsewhere");
    await mkdir(path.join(outDir, "old.example.com"), { recursive: true });
    await writeFile(path.join(outDir, "old.example.com/removed_v1.json"), "{}\n");
    await writeFile(path.join(outDir, "README.md"), "kept\n");
    await generateCrdSchemas(root, outDir);
    expect((await readdir(outDir)).sort()).toEqual(["README.md", "games.example.com"]);
    await expect(readdir(path.join(root, "schemas/crds/json"))).rejects.toThrow(/ENOENT/);
  });

  it("returns nothing and writes nothing when the repo has no CRDs", async () => {
    const root = await repo({ "README.md": "empty\n" });
    expect(await generateCrdSchemas(root)).toEqual([]);
  });
});

describe("generateCrdSchemas on malformed CRDs", () => {
  const cases: [string, string, RegExp][] = [
    ["invalid YAML", "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nspec: [unclosed\n", /^schemas\/crds\/bad\.yaml: invalid YAML: /],
    [
      "an exponential alias document",
      `kind: CustomResourceDefinition\na: &a [x, x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 6 }, (_, i) => `${"bcdefg"[i]}: &${"bcdefg"[i]} [${Array(10).fill(`*${"abcdefg"[i]}`).join(", ")}]`).join("\n")}\n`,
      /^schemas\/crds\/bad\.yaml: invalid YAML: .*alias/i,
    ],
    [
      "no metadata.name",
      "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nspec: {}\n",
      /bad\.yaml: CustomResourceDefinition "<unnamed>" has no metadata\.name/,
    ],
    [
      "an apiextensions v1beta1 manifest",
      "apiVersion: apiextensions.k8s.io/v1beta1\nkind: CustomResourceDefinition\nmetadata: {name: things.example.com}\nspec: {}\n",
      /bad\.yaml: CustomResourceDefinition "things\.example\.com" has apiVersion "apiextensions\.k8s\.io\/v1beta1"/,
    ],
    [
      "no spec.group",
      crdYaml({ group: "x.example.com", kind: "Thing", versions: [{ name: "v1", schema: { type: "object" } }] }).replace(/^ {2}group: .*\n/m, ""),
      /bad\.yaml: CustomResourceDefinition "things\.x\.example\.com" has no spec\.group/,
    ],
    [
      "no spec.names.kind",
      crdYaml({ group: "x.example.com", kind: "Thing", versions: [{ name: "v1", schema: { type: "object" } }] }).replace(/^ {4}kind: Thing\n/m, ""),
      /bad\.yaml: .* has no spec\.names\.kind/,
    ],
    ["no versions", crdYaml({ group: "x.example.com", kind: "Thing", versions: [] }), /bad\.yaml: .* has no spec\.versions/],
    [
      "a served version without a schema",
      crdYaml({ group: "x.example.com", kind: "Thing", versions: [{ name: "v1", schema: { type: "object" } }] }).replace(/schema:\n.*\n.*type: object\n/, ""),
      /bad\.yaml: CustomResourceDefinition "things\.x\.example\.com" version v1 is served but has no spec\.versions\[0\]\.schema\.openAPIV3Schema/,
    ],
    [
      "a version without a name",
      crdYaml({ group: "x.example.com", kind: "Thing", versions: [{ name: "", schema: { type: "object" } }] }),
      /bad\.yaml: .* has no spec\.versions\[0\]\.name/,
    ],
    [
      "a property schema that is not an object",
      crdYaml({
        group: "x.example.com",
        kind: "Thing",
        versions: [{ name: "v1", schema: { type: "object", properties: { spec: { type: "object", properties: { size: "integer" } } } } }],
      }),
      /bad\.yaml: CustomResourceDefinition "things\.x\.example\.com" version v1: openAPIV3Schema\/properties\/spec\/properties\/size: expected a schema object, found string "integer"/,
    ],
    [
      "properties that are a list",
      crdYaml({ group: "x.example.com", kind: "Thing", versions: [{ name: "v1", schema: { type: "object", properties: [{ spec: {} }] } }] }),
      /bad\.yaml: .*openAPIV3Schema\/properties: expected a map of schemas, found a list/,
    ],
  ];

  it.each(cases)("names the file for %s", async (_name, manifest, message) => {
    const root = await repo({ "schemas/crds/bad.yaml": manifest });
    await expect(generateCrdSchemas(root)).rejects.toThrow(message);
  });

  it("names both files when two manifests define the same group, kind and version", async () => {
    const root = await repo({ "schemas/crds/a.yaml": gameServerCrd, "base/games/crds/b.yaml": gameServerCrd });
    await expect(generateCrdSchemas(root)).rejects.toThrow(
      /^schemas\/crds\/a\.yaml: games\.example\.com\/v1beta1 GameServer is also defined in base\/games\/crds\/b\.yaml$/,
    );
  });

  it("writes nothing when a manifest is malformed", async () => {
    const root = await repo({ "schemas/crds/a.yaml": gameServerCrd, "schemas/crds/b.yaml": "kind: CustomResourceDefinition\n" });
    await expect(generateCrdSchemas(root)).rejects.toThrow(/b\.yaml/);
    await expect(readdir(path.join(root, "schemas/crds/json"))).rejects.toThrow(/ENOENT/);
  });
});
