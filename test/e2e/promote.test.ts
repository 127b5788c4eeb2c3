// gaia promote on a real git repository with the real kustomize: what moves, the commit, every refusal, atomic writes.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { $ } from "zx";
import { PROJECT_ROOT, gaia } from "./repo.ts";
import { DIGEST, gitFixtureRepo, type GitRepo } from "./git-repo.ts";

let repo: GitRepo;
afterEach(() => repo?.dispose());

const promote = (...args: string[]) => gaia(["promote", ...args, "--no-cache"], { cwd: repo.root });
const STAGING = "overlays/staging/kustomization.yaml";
const PRODUCTION = "overlays/production/kustomization.yaml";

describe("gaia promote end to end (real git, real kustomize)", () => {
  it("--dry-run prints the moves and the rendered diff and writes nothing", async () => {
    repo = await gitFixtureRepo();
    const before = repo.read(STAGING);
    const r = await promote("development", "staging", "--dry-run");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("spec.template.spec.containers[name=web].image");
    expect(r.stdout).toContain(`registry.gaia.tech/platform/web:1.2.0@${DIGEST.staging} → registry.gaia.tech/platform/web:1.3.0@${DIGEST.dev}`);
    expect(r.stdout).toMatch(/data\.WEB_RELEASE: 1\.2\.0 → 1\.3\.0/);
    expect(r.stderr).toContain("not written (--dry-run)");
    expect(repo.read(STAGING)).toBe(before);
    expect(await repo.git("status", "--porcelain")).toBe("");
  });

  it("--branch commits exactly the moved versions on a new branch, keeping comments, without touching the working tree", async () => {
    repo = await gitFixtureRepo();
    const r = await promote("development", "staging", "--branch", "promote/web-1.3.0");
    expect(r.exitCode, r.stderr).toBe(0);
    expect((await repo.git("rev-parse", "--abbrev-ref", "HEAD")).trim()).toBe("main");
    expect(await repo.git("status", "--porcelain")).toBe("");
    expect((await repo.git("diff", "--name-only", "main", "promote/web-1.3.0")).trim()).toBe(STAGING);
    const message = await repo.git("log", "-1", "--format=%B", "promote/web-1.3.0");
    expect(message).toMatch(/^Promote development → staging: 1 image, 1 config value/);
    expect(message).toContain(`- image registry.gaia.tech/platform/web: 1.2.0@${DIGEST.staging} → 1.3.0@${DIGEST.dev}`);
    expect(message).toContain("- config web-settings WEB_RELEASE: 1.2.0 → 1.3.0");
    const text = await repo.git("show", `promote/web-1.3.0:${STAGING}`);
    expect(text).toContain("newTag: 1.3.0 # the release");
    expect(text).toContain("# Pinned versions (gaia promote copies them to the next environment)");
    expect(text).toContain("- LOG_LEVEL=info");
    const patch = await repo.git("diff", "--unified=0", "main", "promote/web-1.3.0");
    expect(patch.split("\n").filter((l) => /^[-+](?![-+])/.test(l))).toHaveLength(6);
    const again = await promote("development", "staging", "--branch", "promote/web-1.3.0");
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain("branch promote/web-1.3.0 already exists");
  });

  it("promotes development → staging → production, and then there is nothing left to move", async () => {
    repo = await gitFixtureRepo();
    expect((await promote("development", "staging")).exitCode).toBe(0);
    expect(repo.read(STAGING)).toContain(`digest: ${DIGEST.dev}`);
    await repo.commitAll("promote to staging");
    const r = await promote("staging", "production");
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain("games/demo/production");
    expect(repo.read(PRODUCTION)).toContain(`digest: ${DIGEST.dev}`);
    expect(repo.read(PRODUCTION)).toContain("- path: replicas.yaml");
    await repo.commitAll("promote to production");
    const validate = await gaia(["validate", "--root", repo.root, "--no-cache", "--no-progress", "--format", "json"]);
    expect(validate.json.findings.filter((f: any) => f.ruleId === "promotion-order")).toEqual([]);
    const none = await promote("staging", "production");
    expect(none.exitCode).toBe(0);
    expect(none.stderr).toContain("nothing to promote");
  });

  it("--only images leaves the config values, --only config leaves the images", async () => {
    repo = await gitFixtureRepo();
    expect((await promote("development", "staging", "--only", "images")).exitCode).toBe(0);
    expect(repo.read(STAGING)).toContain(`digest: ${DIGEST.dev}`);
    expect(repo.read(STAGING)).toContain("WEB_RELEASE=1.2.0");
    await $({ cwd: repo.root, quiet: true })`git checkout -- .`;
    expect((await promote("development", "staging", "--only", "config")).exitCode).toBe(0);
    expect(repo.read(STAGING)).toContain(`digest: ${DIGEST.staging}`);
    expect(repo.read(STAGING)).toContain("WEB_RELEASE=1.3.0");
  });

  it("--game promotes a game's own pins into its next environment, adding the images list where there was none", async () => {
    repo = await gitFixtureRepo();
    const dev = "games/demo/development/kustomization.yaml";
    repo.write(dev, `${repo.read(dev)}images:\n  - name: registry.gaia.tech/games/demo-server\n    newTag: 0.9.1\n`);
    await repo.commitAll("demo pins its server in development");
    const r = await promote("development", "staging", "--game", "demo", "--format", "json");
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.json.targets.map((t: any) => t.target)).toEqual(["games/demo/staging"]);
    expect(repo.read("games/demo/staging/kustomization.yaml")).toContain("images:\n  - name: registry.gaia.tech/games/demo-server\n    newTag: 0.9.1\n");
    expect(repo.read(STAGING)).not.toContain(DIGEST.dev);
  });

  it("refuses to skip staging without --force --reason, and records the reason when forced", async () => {
    repo = await gitFixtureRepo();
    const skip = await promote("development", "production");
    expect(skip.exitCode).toBe(2);
    expect(skip.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^gaia: refusing to promote development → production: it skips staging/)]);
    const noReason = await promote("development", "production", "--force");
    expect(noReason.exitCode).toBe(2);
    expect(noReason.stderr).toContain("--force needs --reason");
    const forced = await promote("development", "production", "--force", "--reason", "CVE-2026-1234 hotfix", "--branch", "hotfix/web");
    expect(forced.exitCode, forced.stderr).toBe(0);
    expect(forced.stderr).toContain("accepted with --force: promotion-order");
    expect(await repo.git("log", "-1", "--format=%B", "hotfix/web")).toContain("Reason (production without staging): CVE-2026-1234 hotfix");
  });

  it("refuses unknown environments, a dirty working tree and a repository without git, with exit 2 and one line", async () => {
    repo = await gitFixtureRepo();
    const unknown = await promote("development", "qa");
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr.trim()).toBe('gaia: unknown target environment "qa" (expected development, staging, production)');
    const game = await promote("development", "staging", "--game", "nope");
    expect(game.exitCode).toBe(2);
    expect(game.stderr.trim()).toBe('gaia: no game "nope" (no folder games/nope)');
    repo.write("base/web/service.yaml", `${repo.read("base/web/service.yaml")}# edited\n`);
    const dirty = await promote("development", "staging");
    expect(dirty.exitCode).toBe(2);
    expect(dirty.stderr.trim()).toMatch(/^gaia: the working tree has uncommitted changes \(1, e\.g\. base\/web\/service\.yaml\)/);
    await $({ cwd: repo.root, quiet: true })`rm -rf .git`;
    const noGit = await promote("development", "staging");
    expect(noGit.exitCode).toBe(2);
    expect(noGit.stderr.trim()).toMatch(/^gaia: gaia promote works on a git repository/);
  });

  it("refuses a promotion that would fail validation in the target environment, with the findings, writing nothing", async () => {
    repo = await gitFixtureRepo();
    repo.write(
      "overlays/development/kustomization.yaml",
      repo.read("overlays/development/kustomization.yaml").replace("newTag: 1.3.0", "newName: docker.io/someone/web\n    newTag: 1.3.0"),
    );
    await repo.commitAll("development runs an image from a public registry");
    const before = repo.read(STAGING);
    const r = await promote("development", "staging", "--branch", "promote/bad");
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain("image-registry-allowed");
    expect(r.stderr).toMatch(/promotion refused: \d+ error finding\(s\) in staging with the promoted versions; nothing was written/);
    expect(repo.read(STAGING)).toBe(before);
    expect((await repo.git("branch", "--list", "promote/bad")).trim()).toBe("");
  });

  it("leaves the kustomization either as it was or complete when the process is killed at any moment", async () => {
    repo = await gitFixtureRepo();
    const original = repo.read(STAGING);
    const seen: string[] = [];
    for (const delay of [150, 400, 700, 1000, 1300, 1700, 2200]) {
      const child = $({ cwd: repo.root, quiet: true, nothrow: true })`node ${join(PROJECT_ROOT, "bin", "gaia.js")} promote development staging --no-cache`;
      await new Promise((r) => setTimeout(r, delay));
      await child.kill("SIGKILL");
      await child;
      seen.push(repo.read(STAGING));
      expect(readdirSync(join(repo.root, "overlays/staging")).sort()).toEqual(["kustomization.yaml"]);
      await $({ cwd: repo.root, quiet: true })`git checkout -- .`;
    }
    expect((await promote("development", "staging")).exitCode).toBe(0);
    const promoted = repo.read(STAGING);
    expect(promoted).not.toBe(original);
    for (const text of seen) expect([original, promoted]).toContain(text);
  });
});
