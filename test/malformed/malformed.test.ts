// Each malformed input is validated twice through the real CLI: cold (empty .cache/) and warm (the cache the first run
// wrote). Both runs must give the same findings, at the same lines, with the other targets still checked.
import { afterEach, describe, expect, it } from "vitest";
import { fixtureRepo, gaia, type FixtureRepo } from "../e2e/repo.ts";
import { ALL_CASES, type MalformedCase } from "./cases.ts";

let repo: FixtureRepo | undefined;
afterEach(() => {
  repo?.dispose();
  repo = undefined;
});

const validate = (r: FixtureRepo, paths: string[]) => gaia(["validate", "--root", r.root, "--format", "json", "--no-progress", ...paths], { cwd: r.root });

function check(c: MalformedCase, run: Awaited<ReturnType<typeof validate>>): void {
  expect(run.stderr).not.toMatch(/internal error/);
  expect(run.json, run.stderr).toBeDefined();
  expect(run.exitCode).toBe(1);
  const findings = run.json.findings as Array<{ ruleId: string; message: string; source: { file: string; line: number } }>;
  for (const e of c.expect) {
    const hit = findings.find(
      (f) => f.ruleId === e.ruleId && f.source.file === e.file && f.source.line === e.line && (!e.message || e.message.test(f.message)),
    );
    expect(
      hit,
      `${e.ruleId} at ${e.file}:${e.line} ${e.message ?? ""} in ${JSON.stringify(findings.map((f) => [f.ruleId, f.source, f.message]))}`,
    ).toBeDefined();
  }
  for (const id of c.absent ?? []) expect(findings.filter((f) => f.ruleId === id)).toEqual([]);
  for (const t of c.okTargets ?? []) expect(run.json.targets.find((x: any) => x.path === t)?.status).toBe("ok");
  expect(run.json.summary.errors).toBe(findings.filter((f: any) => f.severity === "error").length);
}

describe("malformed input never crashes the run or hides another finding", () => {
  for (const c of ALL_CASES) {
    it(`${c.name} (cold, then warm cache)`, async () => {
      repo = fixtureRepo();
      c.setup(repo);
      const paths = (c.paths ?? []).map((p) => `${repo!.root}/${p}`);
      const cold = await validate(repo, paths);
      check(c, cold);
      const warm = await validate(repo, paths);
      check(c, warm);
      expect(warm.json.findings).toEqual(cold.json.findings);
    });
  }
});

describe("the cache folder", () => {
  it("when it cannot be written, the run gives one warning and the same report as without a cache", async () => {
    repo = fixtureRepo();
    repo.write(".cache", "a file where the cache folder should be");
    repo.write("base/web/service.yaml", repo.read("base/web/service.yaml").replace("port: 80", 'port: "eighty"'));
    const run = await validate(repo, []);
    expect(run.exitCode).toBe(1);
    const warnings = run.stderr.split("\n").filter((l) => l.startsWith("warning:"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/cannot write the cache \(ENOTDIR .*\); continuing without caching/);
    const uncached = await gaia(["validate", "--root", repo.root, "--format", "json", "--no-progress", "--no-cache"], { cwd: repo.root });
    expect(run.json.findings).toEqual(uncached.json.findings);
    expect(run.json.findings.map((f: any) => f.ruleId)).toContain("schema-type");
  });

  it("is shared safely by concurrent runs: same reports, no partial files, a valid cache afterwards", async () => {
    repo = fixtureRepo();
    repo.write("base/web/service.yaml", repo.read("base/web/service.yaml").replace("port: 80", 'port: "eighty"'));
    const runs = await Promise.all([validate(repo, []), validate(repo, []), validate(repo, [])]);
    for (const r of runs) {
      expect(r.stderr).toBe("");
      expect(r.json.findings).toEqual(runs[0].json.findings);
    }
    const { readdirSync } = await import("node:fs");
    const files = readdirSync(`${repo.root}/.cache`, { recursive: true }).map(String);
    expect(files.filter((f) => f.includes("partial"))).toEqual([]);
    const warm = await validate(repo, []);
    expect(warm.json.findings).toEqual(runs[0].json.findings);
    expect(warm.json.summary.errors).toBeGreaterThan(0);
  });
});

describe("a slow render", () => {
  it("past --render-timeout becomes a finding with the elapsed time, and the rest of the run completes", async () => {
    repo = fixtureRepo();
    const { PROJECT_ROOT } = await import("../e2e/repo.ts");
    const slow = `#!/bin/sh\nif [ "$1" = "version" ]; then echo v5.7.1; exit 0; fi\ncase "$2" in *games*) exec sleep 60;; esac\nexec ${PROJECT_ROOT}/.tools/kubectl kustomize "$2"\n`;
    repo.write("slow-kustomize/kustomize", slow);
    const { chmodSync } = await import("node:fs");
    chmodSync(`${repo.root}/slow-kustomize/kustomize`, 0o755);
    repo.write("base/web/service.yaml", repo.read("base/web/service.yaml").replace("port: 80", 'port: "eighty"'));
    const started = Date.now();
    const run = await gaia(["validate", "--root", repo.root, "--format", "json", "--no-progress", "--no-cache", "--no-batch", "--render-timeout", "2s"], {
      cwd: repo.root,
      env: { KUSTOMIZE: `${repo.root}/slow-kustomize/kustomize` },
    });
    expect(Date.now() - started).toBeLessThan(50_000);
    expect(run.exitCode).toBe(1);
    const [timeout] = run.json.findings.filter((f: any) => f.ruleId === "render-timeout");
    expect(timeout.source).toEqual({ file: "games/demo/production/kustomization.yaml", line: 1 });
    expect(timeout.message).toMatch(/^kustomize build of games\/demo\/production was stopped after \d+\.\d s, past the render timeout/);
    expect(Number(/after (\d+\.\d) s/.exec(timeout.message)![1])).toBeGreaterThanOrEqual(1.8);
    expect(run.json.targets.find((t: any) => t.path === "overlays/production").status).toBe("ok");
    expect(run.json.findings.map((f: any) => f.ruleId)).toContain("schema-type");
  });
});
