// --changed-since splits findings into those in the change and those inherited from before it; GitHub annotations go
// only on changed files. The real CLI, git and kustomize on the fixture repository.
import { afterEach, describe, expect, it } from "vitest";
import { $ } from "zx";
import { fixtureRepo, gaia, type FixtureRepo } from "./repo.ts";

let repo: FixtureRepo | undefined;
afterEach(() => {
  repo?.dispose();
  repo = undefined;
});

describe("--changed-since: in this change vs inherited", () => {
  it("marks findings outside the changed files inherited, annotates only changed files, and shows both sections", async () => {
    repo = fixtureRepo();
    const r = repo;
    const git = (args: string[]) => $({ cwd: r.root, quiet: true })`git ${args}`;
    // Already on main: an unknown field in the base (inherited by every target that builds it).
    r.write("base/web/service.yaml", r.read("base/web/service.yaml").replace(/^spec:\n/m, "spec:\n  clusterIPx: None\n"));
    await git(["init", "-q"]);
    await git(["add", "-A"]);
    await git(["-c", "user.email=ci@gaia.tech", "-c", "user.name=ci", "commit", "-qm", "main"]);
    // The change: the game moves itself to another namespace.
    r.write(
      "games/demo/production/kustomization.yaml",
      r.read("games/demo/production/kustomization.yaml").replace("namespace: gaia-demo", "namespace: gaia-other"),
    );
    const args = ["validate", "--root", r.root, "--no-cache", "--no-progress", "--changed-since", "HEAD"];
    const json = (await gaia([...args, "--format", "json"], { cwd: r.root })).json;
    const GAME = "games/demo/production/kustomization.yaml";
    expect(json.change).toEqual({ since: "HEAD", files: [GAME] });
    const mine = json.findings.filter((f: any) => !f.inherited);
    const inherited = json.findings.filter((f: any) => f.inherited);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((f: any) => f.source.file === GAME)).toBe(true);
    expect(mine.map((f: any) => f.ruleId)).toContain("tenancy-namespace");
    expect(inherited.map((f: any) => `${f.ruleId} ${f.source.file}`)).toEqual(["schema-unknown-field base/web/service.yaml"]);
    expect(json.summary.errors).toBe(json.findings.filter((f: any) => f.severity === "error").length);

    const github = (await gaia([...args, "--format", "github"], { cwd: r.root })).stdout;
    const annotations = github.split("\n").filter((l) => l.startsWith("::"));
    expect(annotations.length).toBe(new Set(mine.map((f: any) => `${f.ruleId}:${f.source.line}:${f.message}`)).size);
    expect(annotations.every((l) => l.includes(`file=${GAME}`))).toBe(true);
    expect(github).toContain("1 inherited finding outside the files changed since HEAD: not annotated");

    const pretty = (await gaia(args, { cwd: r.root })).stdout;
    const changedAt = pretty.indexOf("In this change (files changed since HEAD)");
    const inheritedAt = pretty.indexOf("Inherited, outside the changed files: 1 finding");
    expect(changedAt).toBeGreaterThanOrEqual(0);
    expect(inheritedAt).toBeGreaterThan(changedAt);
    expect(pretty.indexOf("base/web/service.yaml")).toBeGreaterThan(inheritedAt);
  });
});
