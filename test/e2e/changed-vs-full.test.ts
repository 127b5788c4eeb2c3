// A --changed-since run checks the changed game's targets as a full run does, and runs the repository-wide rules over
// the whole repository's files as a full run does: its findings are exactly the full run's for those targets and rules.
// Real git, the real CLI and kustomize on a generated repository.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { $ } from "zx";
import { writeSyntheticRepo } from "../../scripts/bench/synthetic-repo.ts";
import { allRules } from "../../scripts/lib/policy/rules/index.ts";
import { gaia } from "./repo.ts";

let root: string;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "gaia-changed-full-"));
  writeSyntheticRepo(root, 4);
  // An unchanged game breaking a repository-wide file rule: found by both runs.
  const other = join(root, "games/game-002/development/kustomization.yaml");
  writeFileSync(other, `${readFileSync(other, "utf8")}generators: []\n`);
  await $({ cwd: root, quiet: true })`git init --quiet && git add -A && git -c user.name=t -c user.email=t@t commit --quiet -m base`;
  appendFileSync(join(root, "games/game-001/production/kustomization.yaml"), "commonAnnotations:\n  gaia.tech/edit: changed\n");
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const key = (f: any) => JSON.stringify([f.ruleId, f.target, f.object ?? null, f.path, f.source, f.message, f.severity]);

describe("--changed-since against a full run", () => {
  it("reports the full run's findings for the changed targets and every repository-wide finding, nothing else", async () => {
    const args = ["--format", "json", "--no-progress", "--no-cache", "--jobs", "2"];
    const pr = (await gaia(["validate", "--changed-since", "HEAD", ...args], { cwd: root })).json;
    const full = (await gaia(["validate", ...args], { cwd: root })).json;
    expect(pr.targets.map((t: any) => t.path)).toEqual(["games/game-001/production"]);
    const repoRules = new Set(
      allRules()
        .filter((r) => r.scope === "repo")
        .map((r) => r.id),
    );
    const expected = full.findings
      .filter((f: any) => f.target === "games/game-001/production" || repoRules.has(f.ruleId))
      .map(key)
      .sort();
    expect(pr.findings.map(key).sort()).toEqual(expected);
    expect(expected.some((k: string) => k.includes("tenancy-no-remote-resources") && k.includes("game-002"))).toBe(true);
    expect(expected.some((k: string) => k.includes("promotion-order"))).toBe(true);
  }, 300_000);
});
