import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { changedFiles, changedTargets, narrowToPaths } from "../../../scripts/lib/discover/changed.ts";
import { UsageError } from "../../../scripts/lib/util/errors.ts";
import { discoverTargets } from "../../../scripts/lib/discover/discover.ts";
import { ClosureReader } from "../../../scripts/lib/render/closure.ts";
import { KUSTOMIZATION, tempRepo, type TempRepo } from "../util/temp-repo.ts";

let repo: TempRepo;
afterEach(() => repo?.dispose());

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.email=ci@gaia.tech", "-c", "user.name=ci", "-c", "commit.gpgsign=false", ...args], {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });

const game = (name: string, env: string) => ({
  [`games/${name}/${env}/kustomization.yaml`]: KUSTOMIZATION(`namespace: gaia-${name}\nresources:\n  - ../../../overlays/${env}\n  - config.yaml\n`),
  [`games/${name}/${env}/config.yaml`]: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`,
});

/** A repository with two games in two environments, committed on main; `prefix` puts it in a subfolder of the git repository. */
function gitRepo(prefix = ""): { repo: TempRepo; root: string } {
  const files: Record<string, string> = {
    "policies/config.yaml": "rules: {}\n",
    "base/web/kustomization.yaml": KUSTOMIZATION("resources:\n  - service.yaml\n"),
    "base/web/service.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n",
    "overlays/production/kustomization.yaml": KUSTOMIZATION("resources:\n  - ../../base/web\n"),
    "overlays/staging/kustomization.yaml": KUSTOMIZATION("resources:\n  - ../../base/web\n"),
    "games/alpha/game.yaml": "name: alpha\n",
    "games/beta/game.yaml": "name: beta\n",
    ...game("alpha", "production"),
    ...game("alpha", "staging"),
    ...game("beta", "production"),
    ...game("beta", "staging"),
  };
  const r = tempRepo(Object.fromEntries(Object.entries(files).map(([k, v]) => [`${prefix}${k}`, v])), "gaia-git-");
  git(r.root, "init", "-q", "-b", "main");
  git(r.root, "add", "-A");
  git(r.root, "commit", "-q", "-m", "initial");
  return { repo: r, root: resolve(r.root, prefix) };
}

const rel = (root: string, paths: string[]) => paths.map((p) => (p === root ? "." : p.slice(root.length + 1))).sort();

describe("changedTargets (--changed-since)", () => {
  it("selects only the targets of the game whose file changed in a commit", async () => {
    let root: string;
    ({ repo, root } = gitRepo());
    git(root, "checkout", "-q", "-b", "feature");
    repo.write("games/alpha/production/config.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: alpha-changed\n");
    git(root, "commit", "-q", "-am", "change alpha");
    expect(await changedFiles(root, "main")).toEqual(["games/alpha/production/config.yaml"]);
    expect(rel(root, await changedTargets(root, "main"))).toEqual(["games/alpha/production"]);
  });

  it("counts uncommitted and untracked changes too", async () => {
    let root: string;
    ({ repo, root } = gitRepo());
    repo.write("games/beta/staging/config.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: beta-edited\n");
    repo.write("games/alpha/staging/new.yaml", "untracked: true\n");
    expect(rel(root, await changedTargets(root, "HEAD"))).toEqual(["games/alpha/staging", "games/beta/staging"]);
  });

  it("selects every target that reads a changed shared file", async () => {
    let root: string;
    ({ repo, root } = gitRepo());
    repo.write("base/web/service.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: web2\n");
    expect(rel(root, await changedTargets(root, "HEAD"))).toEqual([
      "games/alpha/production",
      "games/alpha/staging",
      "games/beta/production",
      "games/beta/staging",
      "overlays/production",
      "overlays/staging",
    ]);
  });

  it("selects every target including a changed Component, and only those", async () => {
    let root: string;
    ({ repo, root } = gitRepo());
    repo.write("base/components/tier/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - path: scale.yaml\n");
    repo.write("base/components/tier/scale.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n");
    for (const target of ["games/alpha/production", "games/beta/staging"])
      repo.write(
        `${target}/kustomization.yaml`,
        KUSTOMIZATION(`resources:\n  - ../../../overlays/${target.split("/")[2]}\n  - config.yaml\ncomponents:\n  - ../../../base/components/tier\n`),
      );
    git(root, "add", "-A");
    git(root, "commit", "-qm", "tier");
    repo.write("base/components/tier/scale.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web2\n");
    expect(rel(root, await changedTargets(root, "HEAD"))).toEqual(["games/alpha/production", "games/beta/staging"]);
  });

  it("gives the same selection with the caller's targets and closure reader (shared with the run)", async () => {
    let root: string;
    ({ repo, root } = gitRepo());
    repo.write("overlays/staging/kustomization.yaml", KUSTOMIZATION("resources:\n  - ../../base/web\ncommonLabels:\n  a: b\n"));
    const reader = new ClosureReader(root);
    const shared = { targets: discoverTargets(root, (dir) => reader.list(dir)), reader };
    const alone = await changedTargets(root, "HEAD");
    expect(rel(root, alone)).toEqual(["games/alpha/staging", "games/beta/staging", "overlays/staging"]);
    expect(await changedTargets(root, "HEAD", undefined, shared)).toEqual(alone);
  });

  it("selects a game's folder (its targets and its game.yaml) when game.yaml changes, not game.yaml as a manifest", async () => {
    let root: string;
    ({ repo, root } = gitRepo());
    repo.write("games/beta/game.yaml", "name: beta\ntier: indie\n");
    expect(rel(root, await changedTargets(root, "HEAD"))).toEqual(["games/beta"]);
  });

  it("selects the whole repository when a policy file changes", async () => {
    let root: string;
    ({ repo, root } = gitRepo());
    repo.write("policies/config.yaml", "rules:\n  probes: {enabled: false}\n");
    expect(await changedTargets(root, "HEAD")).toEqual([root]);
  });

  it("ignores files that were deleted along with their folder", async () => {
    let root: string;
    ({ repo, root } = gitRepo());
    rmSync(join(root, "games/beta"), { recursive: true });
    expect(await changedTargets(root, "HEAD")).toEqual([]);
  });

  it("works when the repository is a subfolder of the git checkout", async () => {
    let root: string;
    ({ repo, root } = gitRepo("deploy/"));
    repo.write("deploy/games/alpha/staging/config.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: sub\n");
    repo.write("README.md", "outside the repository root\n");
    expect(await changedFiles(root, "HEAD")).toEqual(["games/alpha/staging/config.yaml"]);
    expect(rel(root, await changedTargets(root, "HEAD"))).toEqual(["games/alpha/staging"]);
  });

  it("fails with a clear usage error for a ref git does not know", async () => {
    let root: string;
    ({ repo, root } = gitRepo());
    const err = await changedTargets(root, "origin/nope").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(/^--changed-since origin\/nope: git cannot compare with that ref \(.+\)$/);
    expect((err as Error).message.split("\n")).toHaveLength(1);
  });
});

describe("narrowToPaths (--changed-since with explicit paths)", () => {
  const root = "/repo";
  const changed = ["/repo/games/alpha/production", "/repo/games/beta/staging", "/repo/overlays/production"];

  it("keeps the changed targets under the given paths", () => {
    expect(narrowToPaths(changed, ["/repo/games"])).toEqual(["/repo/games/alpha/production", "/repo/games/beta/staging"]);
    expect(narrowToPaths(changed, ["/repo/games/alpha/production"])).toEqual(["/repo/games/alpha/production"]);
  });

  it("keeps a given path under a changed selection, such as the whole repository after a policy change", () => {
    expect(narrowToPaths([root], ["/repo/games/beta", "/repo/overlays/staging"])).toEqual(["/repo/games/beta", "/repo/overlays/staging"]);
    expect(narrowToPaths(["/repo/games/beta"], ["/repo/games/beta/staging/config.yaml"])).toEqual(["/repo/games/beta/staging/config.yaml"]);
  });

  it("selects nothing when no change lies under the given paths, and does not take a sibling with the same prefix", () => {
    expect(narrowToPaths(changed, ["/repo/games/gamma"])).toEqual([]);
    expect(narrowToPaths(["/repo/games/alpha-2/production"], ["/repo/games/alpha"])).toEqual([]);
  });

  it("is the changed selection alone without paths, and always keeps stdin", () => {
    expect(narrowToPaths(changed, [])).toEqual(changed);
    expect(narrowToPaths(changed, ["-"])).toEqual([...changed, "-"]);
    expect(narrowToPaths(changed, ["/repo/games/gamma", "-"])).toEqual(["-"]);
  });
});
