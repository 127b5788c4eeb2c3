// Reading GateNetwork, LearningPolicy and EndpointGate objects from YAML, including the shipped examples.
import { mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GateEngine } from "../../gate-engine/src/engine.ts";
import { gateObjects, loadManifestDir, parseDuration } from "../../gate-engine/src/manifests.ts";
import { catalogOf, EXAMPLES_DIR, tempDirWith } from "./support.ts";

const policy = (spec: string) => catalogOf(`apiVersion: gaia.tech/v1\nkind: LearningPolicy\nmetadata: {name: p}\nspec: ${spec}\n`).policies[0];

describe("durations", () => {
  it("parses Kubernetes-style durations into milliseconds", () => {
    expect(parseDuration("100ms")).toBe(100);
    expect(parseDuration("5s")).toBe(5000);
    expect(parseDuration("1.5m")).toBe(90_000);
    expect(parseDuration("2h")).toBe(7_200_000);
  });
  it("rejects anything else", () => {
    expect(() => parseDuration("fast")).toThrow('"fast" is not a duration like 100ms, 5s or 1m');
    expect(() => parseDuration("0s")).toThrow('"0s" must be longer than zero');
  });
});

describe("LearningPolicy", () => {
  it("reads the seed's policy with defaults for what it leaves out", () => {
    expect(policy("{updateInterval: 100ms, gates: {selector: {type: ADAPTIVE_AND}}, persistence: {enabled: true, storage: configmap}}")).toEqual({
      name: "p",
      updateIntervalMs: 100,
      selectorType: "ADAPTIVE_AND",
      learningRate: 0.1,
      confidenceMin: 0.05,
      confidenceMax: 0.99,
      persistence: true,
    });
  });
  it("rejects bad rates, bounds and storage", () => {
    expect(() => policy("{training: {learningRate: 0}}")).toThrow("learningRate must be in (0, 1]");
    expect(() => policy("{training: {confidenceBounds: {min: 0.9, max: 0.2}}}")).toThrow("confidenceBounds need 0 ≤ min < max ≤ 1");
    expect(() => policy("{persistence: {enabled: true, storage: etcd}}")).toThrow('persistence storage "etcd" is not supported');
    expect(() => policy("{gates: {selector: {type: OR}}}")).toThrow('selector type "OR" is not one of');
    expect(() => policy("{updateInterval: soon}")).toThrow("updateInterval");
    expect(() => policy("{updateInterval: 100}")).toThrow('p updateInterval: "100" is not a duration');
  });
});

describe("manifest documents", () => {
  it("ignores other kinds and other API groups", () => {
    const c = catalogOf("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n---\napiVersion: other.io/v1\nkind: GateNetwork\nmetadata: {name: y}\n");
    expect(c).toEqual({ networks: [], policies: [], endpoints: [] });
  });
  it("reports malformed objects with their file and name", () => {
    expect(() => catalogOf("apiVersion: gaia.tech/v1\nkind: GateNetwork\nmetadata: {name: n}\n")).toThrow("test.yaml GateNetwork/n: spec is missing");
    expect(() => catalogOf("apiVersion: gaia.tech/v1\nkind: GateNetwork\nmetadata: {}\nspec: {}\n")).toThrow("name must be a non-empty string");
    expect(() => catalogOf("apiVersion: gaia.tech/v1\nkind: GateNetwork\nmetadata: {name: n}\nspec: {gates: 3}\n")).toThrow("gates must be a list of objects");
    expect(() => catalogOf("a: [1\n")).toThrow("test.yaml: invalid YAML");
    const gate = (g: string) => catalogOf(`apiVersion: gaia.tech/v1\nkind: GateNetwork\nmetadata: {name: n}\nspec: {gates: [${g}]}\n`);
    expect(() => gate("{name: t, type: THRESHOLD, weights: [a]}")).toThrow("weights must be numbers");
    expect(() => gate("{name: t, type: THRESHOLD, threshold: high}")).toThrow("threshold must be a number");
    expect(() => gate("{name: p, type: PATTERN, patterns: [1]}")).toThrow("patterns must map bit strings to 0 or 1");
    expect(() => gate('{name: p, type: PATTERN, patterns: {"1": 2}}')).toThrow("pattern 1 must be 0 or 1");
    expect(() => gate("{name: p, type: PATTERN, defaultOutput: 5}")).toThrow("defaultOutput must be 0 or 1");
  });
});

describe("loading a folder", () => {
  it("loads the examples in base/gate-engine: a 3-layer network, routes and policies, all valid", async () => {
    const catalog = await loadManifestDir(EXAMPLES_DIR);
    expect(catalog.networks.map((n) => n.name).sort()).toEqual(["order-processor", "text-processor", "user-handler"]);
    expect(catalog.policies.map((p) => p.name).sort()).toEqual(["adaptive-routing", "decision-tuning", "pattern-training"]);
    expect(catalog.endpoints[0].routes).toEqual([
      { path: "/users/*", gate: "user-handler" },
      { path: "/orders/*", gate: "order-processor" },
    ]);
    const engine = new GateEngine(catalog);
    const layers = engine.plan("text-processor").order.map((g) => g.spec.type);
    expect(layers).toEqual(["BUFFER", "PATTERN", "ADAPTIVE_AND", "THRESHOLD"]);
  });

  it("reads a mounted ConfigMap folder once, skipping its ..data staging entries", async () => {
    const net = "apiVersion: gaia.tech/v1\nkind: GateNetwork\nmetadata: {name: only}\nspec: {inputBits: 1, gates: [{name: a, type: BUFFER}]}\n";
    const dir = await tempDirWith({});
    await mkdir(join(dir, "..2026_01_01_00_00_00.1"));
    await writeFile(join(dir, "..2026_01_01_00_00_00.1", "net.yaml"), net);
    await symlink("..2026_01_01_00_00_00.1", join(dir, "..data"));
    await symlink("..data/net.yaml", join(dir, "net.yaml"));
    await writeFile(join(dir, "notes.txt"), "not yaml");
    expect((await loadManifestDir(dir)).networks.map((n) => n.name)).toEqual(["only"]);
  });

  it("converts only gaia.tech documents: others beside them are parsed for syntax, never turned into values", async () => {
    // Converting this ConfigMap would expand 10^6 aliases, which yaml refuses as a resource exhaustion attack.
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]", ...[..."bcdef"].map((k, i) => `${k}: &${k} [${Array(10).fill(`*${"abcdef"[i]}`).join(", ")}]`)];
    const configMap = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n${bomb.map((l) => `  ${l}`).join("\n")}\n`;
    const net = "apiVersion: gaia.tech/v1\nkind: GateNetwork\nmetadata: {name: only}\nspec: {inputBits: 1, gates: [{name: a, type: BUFFER}]}\n";
    expect(gateObjects(`${configMap}---\n${net}`, "two.yaml").map((o) => (o.metadata as { name: string }).name)).toEqual(["only"]);
    const dir = await tempDirWith({ "a.yaml": configMap, "b.yaml": net });
    expect((await loadManifestDir(dir)).networks.map((n) => n.name)).toEqual(["only"]);
    // The same document named as a gaia.tech object is converted, and refused.
    expect(() => gateObjects(configMap.replace("apiVersion: v1\nkind: ConfigMap", "apiVersion: gaia.tech/v1\nkind: GateNetwork"), "x.yaml")).toThrow(/alias/i);
  });

  it("still refuses a syntax error in a document of another kind, and still reads a kind given through an alias", () => {
    expect(() => gateObjects("apiVersion: v1\nkind: ConfigMap\ndata: [1\n", "cm.yaml")).toThrow("cm.yaml: invalid YAML");
    const aliased = "apiVersion: &v gaia.tech/v1\nkind: &k GateNetwork\nmetadata: {name: n, labels: {api: *v, kind: *k}}\nspec: {gates: []}\n";
    expect(gateObjects(aliased, "a.yaml")).toHaveLength(1);
    expect(gateObjects("x: &k ConfigMap\napiVersion: gaia.tech/v1\nkind: *k\n", "b.yaml")).toEqual([]);
  });

  it("fails clearly when the folder does not exist", async () => {
    await expect(loadManifestDir("/nonexistent/gate-engine")).rejects.toThrow("ENOENT");
  });
});
