// validateRepository in-process, with a stand-in kustomize: what the report says (targets, findings, summary counts)
// on failing runs, the schema stage (built-in, cached, replaced by an engine), and what a selection leaves out.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { validateRepository, type ValidateOptions } from "../../../scripts/lib/pipeline.ts";
import type { BuildFn } from "../../../scripts/lib/kustomize/build.ts";
import type { Finding } from "../../../scripts/lib/types.ts";
import { flagDeployments } from "../policy/helpers.ts";
import { tempRepo, type TempRepo } from "../util/temp-repo.ts";

let repo: TempRepo;
afterEach(() => repo?.dispose());

const CONFIG = 'kubernetesVersion: "1.30"\nparameters: {}\nrules: {}\n';
const configMap = (name: string, extra = "") => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${extra}`;
const BAD_SERVICE = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: lobby\nspec:\n  ports:\n    - port: "80"\n';

/** A kustomize stand-in that prints each target folder's `all.yaml`, as a build of `resources: [all.yaml]` would. */
function echoBuild(calls: string[] = []): BuildFn {
  return async (dir) => {
    calls.push(dir);
    return { ok: true, stdout: readFileSync(join(dir, "all.yaml"), "utf8"), stderr: "", exitCode: 0 };
  };
}

function run(overrides: Partial<ValidateOptions> = {}) {
  return validateRepository({ ...baseOptions(repo.root), ...overrides });
}

const brief = (f: Finding) => `${f.ruleId} ${f.target} ${f.source.file}:${f.source.line} ${f.path}`;

function twoGames(): TempRepo {
  return tempRepo({
    "policies/config.yaml": CONFIG,
    "games/alpha/production/kustomization.yaml": "resources: [all.yaml]\n",
    "games/alpha/production/all.yaml": `${BAD_SERVICE}---\n${configMap("alpha-settings")}`,
    "games/beta/production/kustomization.yaml": "resources: [all.yaml]\n",
    "games/beta/production/all.yaml": configMap("beta-settings"),
  });
}

describe("validateRepository", () => {
  it("reports every target with its object count and counts the findings of a failing run in the summary", async () => {
    repo = twoGames();
    const { report } = await run({ rules: [flagDeployments({ id: "no-configmaps", kinds: ["ConfigMap"] })] });
    expect(report.targets.map((t) => [t.path, t.status, t.objects])).toEqual([
      ["games/alpha/production", "ok", 2],
      ["games/beta/production", "ok", 1],
    ]);
    expect(report.findings.map(brief)).toEqual([
      "schema-type games/alpha/production games/alpha/production/all.yaml:7 /spec/ports/0/port",
      expect.stringMatching(/^no-configmaps games\/alpha\/production /),
      expect.stringMatching(/^no-configmaps games\/beta\/production /),
    ]);
    expect(report.summary).toMatchObject({ targets: 2, objects: 3, errors: 1, warnings: 2, infos: 0 });
    expect(report.tool).toEqual({ name: "gaia", kustomize: "v5.7.1", kubernetes: expect.any(String) });
    expect(report.version).toBe(1);
  });

  it("reports a kind without a schema unless missing schemas are ignored", async () => {
    repo = tempRepo({ "policies/config.yaml": CONFIG, "m/widget.yaml": "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n" });
    const paths = [join(repo.root, "m/widget.yaml")];
    const missing = (await run({ paths })).report.findings;
    expect(missing.map(brief)).toEqual(["schema-missing m/widget.yaml m/widget.yaml:1 "]);
    expect((await run({ paths, ignoreMissingSchemas: true })).report.findings).toEqual([]);
  });

  it("gives the same findings cold and with a warm verdict cache, and writes the cache only when asked", async () => {
    repo = twoGames();
    const cold = await run({ cache: true });
    expect(existsSync(join(repo.root, ".cache"))).toBe(true);
    const warm = await run({ cache: true });
    expect(warm.report.findings).toEqual(cold.report.findings);
    expect(warm.report.summary.errors).toBe(1);

    const uncached = twoGames();
    try {
      const { report } = await validateRepository({ ...baseOptions(uncached.root), cache: false });
      expect(report.summary.errors).toBe(1);
      expect(existsSync(join(uncached.root, ".cache"))).toBe(false);
    } finally {
      uncached.dispose();
    }
  });

  it("hands every rendered object to a replacement schema engine and locates what it reports", async () => {
    repo = twoGames();
    const seen: string[] = [];
    const { report } = await run({
      schemaEngine: async (items) => {
        seen.push(...items.map((i) => `${i.target} ${i.lo.object.kind}/${i.lo.object.metadata.name}`));
        const settings = items.find((i) => i.lo.object.metadata.name === "beta-settings")!;
        return [
          {
            ruleId: "schema-invalid",
            category: "schema",
            severity: "error",
            message: "engine says no",
            fix: "",
            target: settings.target,
            object: { apiVersion: "v1", kind: "ConfigMap", name: "beta-settings" },
            path: "/metadata/name",
            source: { file: settings.lo.source.file, line: 0 },
          },
        ];
      },
    });
    expect(seen.sort()).toEqual([
      "games/alpha/production ConfigMap/alpha-settings",
      "games/alpha/production Service/lobby",
      "games/beta/production ConfigMap/beta-settings",
    ]);
    // The built-in validator did not run (the bad Service port is not reported); the engine's finding got its line.
    expect(report.findings.map(brief)).toEqual(["schema-invalid games/beta/production games/beta/production/all.yaml:4 /metadata/name"]);
    expect(report.summary.errors).toBe(1);
  });

  it("checks nothing when the selection matched nothing", async () => {
    repo = twoGames();
    const calls: string[] = [];
    const { report } = await run({ nothingSelected: true, build: echoBuild(calls), rules: [flagDeployments({ kinds: ["ConfigMap"] })] });
    expect(calls).toEqual([]);
    expect(report.targets).toEqual([]);
    expect(report.findings).toEqual([]);
    expect(report.summary).toMatchObject({ targets: 0, objects: 0, errors: 0, warnings: 0, infos: 0 });
  });

  it("renders only the targets under the given paths", async () => {
    repo = twoGames();
    const calls: string[] = [];
    const { report } = await run({ paths: [join(repo.root, "games/beta")], build: echoBuild(calls) });
    expect(calls).toEqual([join(repo.root, "games/beta/production")]);
    expect(report.targets.map((t) => t.path)).toEqual(["games/beta/production"]);
    expect(report.summary).toMatchObject({ targets: 1, objects: 1, errors: 0 });
  });

  it("reports one finding once even when a rule returns it twice", async () => {
    repo = twoGames();
    const same = { message: "same", path: "/metadata/name" };
    const twice = flagDeployments({ id: "twice", kinds: ["ConfigMap"], check: () => [same, same] });
    const { report } = await run({ paths: [join(repo.root, "games/beta")], rules: [twice] });
    expect(report.findings.filter((f) => f.ruleId === "twice")).toHaveLength(1);
  });

  it("in a shard, reports only its own targets and their findings", async () => {
    // games/two falls in shard 1 of 2 and games/one in shard 2 (sha256 of the game folder).
    repo = tempRepo({
      "policies/config.yaml": CONFIG,
      "games/one/production/kustomization.yaml": "resources: [all.yaml]\n",
      "games/one/production/all.yaml": BAD_SERVICE,
      "games/two/production/kustomization.yaml": "resources: [all.yaml]\n",
      "games/two/production/all.yaml": configMap("two-settings"),
    });
    const first = await run({ shard: { index: 1, count: 2 } });
    const second = await run({ shard: { index: 2, count: 2 } });
    expect(first.report.targets.map((t) => t.path)).toEqual(["games/two/production"]);
    expect(first.report.summary).toMatchObject({ targets: 1, objects: 1, errors: 0 });
    expect(first.report.shard).toEqual({ index: 1, count: 2 });
    expect(second.report.targets.map((t) => t.path)).toEqual(["games/one/production"]);
    expect(second.report.findings.map(brief)).toEqual(["schema-type games/one/production games/one/production/all.yaml:7 /spec/ports/0/port"]);
    expect(second.report.summary).toMatchObject({ targets: 1, objects: 1, errors: 1 });
  });

  it("reports progress as targets render", async () => {
    repo = twoGames();
    const progress: Array<[number, number]> = [];
    await run({ onProgress: (done, total) => progress.push([done, total]) });
    expect(progress.at(-1)).toEqual([2, 2]);
  });
});

function baseOptions(root: string): ValidateOptions {
  return {
    root,
    paths: [],
    environment: "production",
    jobs: 1,
    cache: false,
    batch: false,
    kustomizeVersion: "v5.7.1",
    build: echoBuild(),
    rules: [],
    today: "2026-06-01",
  };
}
