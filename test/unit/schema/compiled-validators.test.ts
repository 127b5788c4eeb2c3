// Precompiled validators (ajv standalone modules): a validator loaded from its module gives exactly the verdicts, errors
// and finding texts of the one ajv compiled, formats included; a damaged module is compiled again.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { schemaFindings } from "../../../scripts/lib/schema/errors.ts";
import { SchemaValidator, type SchemaVerdict } from "../../../scripts/lib/schema/validator.ts";
import { TOOLKIT_ROOT } from "../../../scripts/lib/util/paths.ts";
import { holdsItsChecksum } from "../../../scripts/lib/schema/compiled-validators.ts";
import { tempRepo, type TempRepo } from "../util/temp-repo.ts";

let store: TempRepo;
afterEach(() => store?.dispose());

const deployment = (container: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  ({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web" },
    spec: { selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [container] } } },
    ...extra,
  }) as any;

const objects = [
  deployment({ name: "web", image: "nginx:1.27" }),
  deployment({ name: "web", image: "nginx:1.27", imagePullPolicy: 3, unknownField: true }),
  deployment({ name: "web" }, { status: { replicas: "two" } }),
  { apiVersion: "argoproj.io/v1alpha1", kind: "Rollout", metadata: { name: "r" }, spec: { progressDeadlineAbort: "yes" } } as any,
  { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { a: 1 } } as any,
];

const texts = (verdicts: SchemaVerdict[]) =>
  verdicts.map((v) => (v.status === "invalid" ? schemaFindings(objects[0], v.errors, "t", "f.yaml").map((f) => `${f.ruleId} ${f.message}`) : v.status));

describe("precompiled validators", () => {
  it("give the verdicts and finding texts of compiled ones, and are loaded instead of compiled on the next run", () => {
    store = tempRepo();
    const compiled = new SchemaValidator({ root: TOOLKIT_ROOT, compiledDir: store.root });
    const first = objects.map((o) => compiled.validate(o));
    const modules = readdirSync(store.root).filter((f) => f.endsWith(".cjs"));
    expect(modules.length).toBe(3);
    const loaded = new SchemaValidator({ root: TOOLKIT_ROOT, compiledDir: store.root });
    const second = objects.map((o) => loaded.validate(o));
    expect(second.map((v) => v.status)).toEqual(["valid", "invalid", "invalid", "invalid", "invalid"]);
    expect(texts(second)).toEqual(texts(first));
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    // Loaded, not compiled: the second validator never put the Kubernetes definitions into its ajv.
    expect((loaded as unknown as { definitionsLoaded: boolean }).definitionsLoaded).toBe(false);
  });

  it("read durations as Kubernetes does, from the one formats module", async () => {
    store = tempRepo();
    const { formats } = (await import(join(TOOLKIT_ROOT, "scripts/lib/schema/kubernetes-formats.cjs"))) as { formats: Record<string, (v: string) => boolean> };
    expect(["5m", "1h30m", "PT5M"].map((d) => formats.duration(d))).toEqual([true, true, true]);
    expect(["5 minutes", "P"].map((d) => formats.duration(d))).toEqual([false, false]);
  });

  it("compile again when a module is damaged", () => {
    store = tempRepo();
    new SchemaValidator({ root: TOOLKIT_ROOT, compiledDir: store.root }).validate(objects[4]);
    const [module] = readdirSync(store.root);
    writeFileSync(join(store.root, module), "this is not javascript");
    const again = new SchemaValidator({ root: TOOLKIT_ROOT, compiledDir: store.root }).validate(objects[4]);
    expect(again.status).toBe("invalid");
  });

  it("never trust a module whose code no longer matches its checksum (a forged one that accepts everything)", () => {
    store = tempRepo();
    new SchemaValidator({ root: TOOLKIT_ROOT, compiledDir: store.root }).validate(objects[4]);
    const [module] = readdirSync(store.root);
    const file = join(store.root, module);
    const [checksum] = readFileSync(file, "utf8").split("\n");
    writeFileSync(file, `${checksum}\nmodule.exports = function validate() { return true; };\n`);
    const again = new SchemaValidator({ root: TOOLKIT_ROOT, compiledDir: store.root }).validate(objects[4]);
    expect(again.status).toBe("invalid");
    expect(holdsItsChecksum(readFileSync(file, "utf8"))).toBe(true);
  });
});
