import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { foldersAbove, withSparseSnapshot } from "../../../scripts/lib/git/sparse-snapshot.ts";
import { fillOldSide } from "../../../scripts/lib/diff/old-side.ts";
import { inputClosure } from "../../../scripts/lib/render/closure.ts";
import { classifyTarget } from "../../../scripts/lib/discover/discover.ts";
import { toRepoPath } from "../../../scripts/lib/util/paths.ts";
import { KUSTOMIZATION, tempRepo, type TempRepo } from "../util/temp-repo.ts";

let repo: TempRepo;
afterEach(() => repo?.dispose());

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.email=ci@gaia.tech", "-c", "user.name=ci", "-c", "commit.gpgsign=false", ...args], { cwd, encoding: "utf8" });

/** A game reaching a Component through a chain of bases, a patch file, generator data behind a symlink, and 50 other games. */
function committedRepo(prefix = ""): { root: string; commit: string } {
  const files: Record<string, string> = {
    "base/kustomization.yaml": KUSTOMIZATION("resources:\n  - web\n"),
    "base/web/kustomization.yaml": KUSTOMIZATION("resources:\n  - service.yaml\n"),
    "base/web/service.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n",
    "base/components/tier/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - path: ../../patches/scale.yaml\n",
    "base/components/tier/unused.txt": "in the Component's folder\n",
    "base/patches/scale.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n",
    "overlays/production/kustomization.yaml": KUSTOMIZATION("resources:\n  - ../../base\n"),
    "shared/data/settings.env": "A=1\n",
    "README.md": "a file at the root\n",
  };
  for (let g = 0; g < 50; g++)
    files[`games/g${g}/production/kustomization.yaml`] = KUSTOMIZATION(
      "resources:\n  - ../../../overlays/production\ncomponents:\n  - ../../../base/components/tier\nconfigMapGenerator:\n  - name: settings\n    envs:\n      - settings.env\n",
    );
  repo = tempRepo(Object.fromEntries(Object.entries(files).map(([k, v]) => [`${prefix}${k}`, v])), "gaia-sparse-");
  for (let g = 0; g < 50; g++) symlinkSync("../../../shared/data/settings.env", join(repo.root, prefix, `games/g${g}/production/settings.env`));
  git(repo.root, "init", "-q");
  git(repo.root, "add", "-A");
  git(repo.root, "commit", "-qm", "base");
  return { root: resolve(repo.root, prefix), commit: git(repo.root, "rev-parse", "HEAD").trim() };
}

const relClosure = (root: string, target: string) => inputClosure(join(root, target), root).map((f) => toRepoPath(root, f));

describe("sparse snapshot of a commit (the old side of diff --since)", () => {
  for (const prefix of ["", "deploy/"])
    it(`holds exactly the input closure of the targets asked for${prefix ? " (repository in a subfolder)" : ""}`, async () => {
      const { root, commit } = committedRepo(prefix);
      const target = classifyTarget("games/g7/production");
      // The working tree moves on; the snapshot shows the commit.
      rmSync(join(root, "base/patches/scale.yaml"));
      await withSparseSnapshot(root, commit, async (snapshot) => {
        await fillOldSide(snapshot, [target], [], () => [target]);
        const expected = relClosure(root, "games/g7/production").concat("base/patches/scale.yaml").sort();
        expect(relClosure(snapshot.root, target.path)).toEqual(expected);
        expect(readFileSync(join(snapshot.root, "games/g7/production/settings.env"), "utf8")).toBe("A=1\n");
        // Nothing else: no other game, no unrelated file.
        expect(existsSync(join(snapshot.root, "games/g8"))).toBe(false);
        expect(existsSync(join(snapshot.root, "base/components/tier/unused.txt"))).toBe(true);
      });
      expect(git(repo.root, "worktree", "list").trim().split("\n")).toHaveLength(1);
      expect(git(repo.root, "status", "--porcelain")).toBe(` D ${prefix}base/patches/scale.yaml\n`);
    });

  it("skips paths the commit does not hold and counts only new files", async () => {
    const { root, commit } = committedRepo();
    await withSparseSnapshot(root, commit, async (snapshot) => {
      expect(await snapshot.fill(["games/nope", "base/web"])).toBe(2);
      expect(await snapshot.fill(["base/web/", "base/web/service.yaml"])).toBe(0);
      expect(await snapshot.fill(["base"])).toBe(1);
      expect(await snapshot.fill(["."])).toBe(1);
      expect(readFileSync(join(snapshot.root, "README.md"), "utf8")).toBe("a file at the root\n");
      expect(existsSync(join(snapshot.root, "base/components"))).toBe(false);
    });
  });

  it("lists the folders above a file up to the root", () => {
    expect(foldersAbove("games/a/production/x.yaml")).toEqual(["games/a/production", "games/a", "games", "."]);
    expect(foldersAbove("README.md")).toEqual(["."]);
  });
});
