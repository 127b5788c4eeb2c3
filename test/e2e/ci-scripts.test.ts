// The workflows' scripts on a real git repository: the pull-request comment and the promotion step (push to a bare
// remote; `gh` replaced by a recorder on PATH, since opening the pull request needs GitHub).
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { $ } from "zx";
import { PROJECT_ROOT, gaia } from "./repo.ts";
import { gitFixtureRepo, type GitRepo } from "./git-repo.ts";

let repo: GitRepo;
let scratch: string;
afterEach(() => {
  repo?.dispose();
  rmSync(scratch, { recursive: true, force: true });
});

describe("CI scripts end to end", () => {
  it("pr-comment.sh composes the marker, the rendered diff, the findings and the changed game's network graph", async () => {
    repo = await gitFixtureRepo();
    scratch = mkdtempSync(join(tmpdir(), "gaia-ci-"));
    await repo.git("switch", "--quiet", "-c", "feature");
    repo.write("games/demo/production/kustomization.yaml", `${repo.read("games/demo/production/kustomization.yaml")}replicas:\n  - name: web\n    count: 4\n`);
    await repo.commitAll("demo: four replicas");
    const findings = join(scratch, "findings.md");
    const v = await gaia(["validate", "--changed-since", "main", "--no-progress", "--format", "markdown", "--output", findings], { cwd: repo.root });
    expect(v.exitCode, v.stderr).toBe(0);
    const out = join(scratch, "comment.md");
    const r = await $({ cwd: repo.root, quiet: true, nothrow: true })`${join(PROJECT_ROOT, "scripts/ci/pr-comment.sh")} main ${findings} ${out}`;
    expect(r.exitCode, r.stderr).toBe(0);
    const comment = readFileSync(out, "utf8");
    expect(comment.startsWith("<!-- gaia-pr-comment -->\n### 🔍 gaia diff: 1 target of 1 change")).toBe(true);
    expect(comment).toContain("| ✏️ changed | `Deployment gaia-demo/web` | `spec.replicas` | `3` | `4` |");
    expect(comment).toContain("gaia validate");
    expect(comment).toContain("Network: allowed flows of <code>demo</code>");
    expect(comment).toContain("```mermaid");
    const usage = await $({ quiet: true, nothrow: true })`${join(PROJECT_ROOT, "scripts/ci/pr-comment.sh")} main`;
    expect(usage.exitCode).toBe(2);
  });

  it("promote.sh commits on a branch, pushes it and opens the pull request with the moves and the rendered diff", async () => {
    repo = await gitFixtureRepo();
    scratch = mkdtempSync(join(tmpdir(), "gaia-ci-"));
    await $({ quiet: true })`git init --quiet --bare ${join(scratch, "remote.git")}`;
    await repo.git("remote", "add", "origin", join(scratch, "remote.git"));
    const gh = join(scratch, "bin", "gh");
    await $({ quiet: true })`mkdir -p ${join(scratch, "bin")}`;
    writeFileSync(gh, `#!/bin/sh\nprintf '%s\\n' "$@" > "${join(scratch, "gh-args")}"\nfor a; do last="$a"; done\ncp "$last" "${join(scratch, "gh-body")}"\n`);
    chmodSync(gh, 0o755);
    const env = { FROM: "development", TO: "staging", BRANCH: "promote/development-to-staging-1", PATH: `${join(scratch, "bin")}:${process.env.PATH}` };
    const r = await $({ cwd: repo.root, quiet: true, nothrow: true, env: { ...process.env, ...env } })`${join(PROJECT_ROOT, "scripts/ci/promote.sh")}`;
    expect(r.exitCode, r.stderr).toBe(0);
    expect(await $({ quiet: true })`git --git-dir ${join(scratch, "remote.git")} branch --list promote/*`.then((x) => x.stdout.trim())).toBe(
      "promote/development-to-staging-1",
    );
    const args = readFileSync(join(scratch, "gh-args"), "utf8").split("\n");
    expect(args.slice(0, 2)).toEqual(["pr", "create"]);
    expect(args).toContain("Promote development → staging: 1 image, 1 config value");
    const body = readFileSync(join(scratch, "gh-body"), "utf8");
    expect(body).toContain("- config web-settings WEB_RELEASE: 1.2.0 → 1.3.0");
    expect(body).toContain("### 🔍 gaia diff");
  });
});
