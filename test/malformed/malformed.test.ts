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
