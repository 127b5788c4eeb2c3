import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { classifyTarget, discoverDocuments, discoverTargets, kustomizationFile, selectTargets } from "../../../scripts/lib/discover/discover.ts";
import { UsageError } from "../../../scripts/lib/util/errors.ts";
import { KUSTOMIZATION, tempRepo, type TempRepo } from "../util/temp-repo.ts";

let repo: TempRepo;
afterEach(() => repo?.dispose());

function layoutRepo(): TempRepo {
  return tempRepo({
    "overlays/production/kustomization.yaml": KUSTOMIZATION(),
    "overlays/staging/kustomization.yml": KUSTOMIZATION(),
    "overlays/notes/README.md": "no kustomization here\n",
    "games/demo/game.yaml": "name: demo\n",
    "games/demo/production/kustomization.yaml": KUSTOMIZATION(),
    "games/demo/development/Kustomization": KUSTOMIZATION(),
    "games/demo/patches/replicas.yaml": "kind: Deployment\n",
    "games/zeta/staging/kustomization.yaml": KUSTOMIZATION(),
    "games/_template/production/kustomization.yaml": KUSTOMIZATION(),
    "clusters/eu/kustomization.yaml": KUSTOMIZATION(),
    "clusters/eu/cluster.yaml": "name: eu\n",
    "clusters/.hidden/kustomization.yaml": KUSTOMIZATION(),
    "policies/config.yaml": "rules: {}\n",
    "policies/exceptions.yaml": "exceptions: []\n",
    "policies/custom/labels.yaml": "id: x\n",
    "policies/custom/README.md": "docs\n",
    "manifests/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n",
  });
}

describe("classifyTarget", () => {
  it("classifies overlays, game environments and clusters by their place in the layout", () => {
    expect(classifyTarget("overlays/staging")).toEqual({ path: "overlays/staging", kind: "overlay", environment: "staging" });
    expect(classifyTarget("games/demo/production")).toEqual({ path: "games/demo/production", kind: "game", game: "demo", environment: "production" });
    expect(classifyTarget("clusters/eu")).toEqual({ path: "clusters/eu", kind: "cluster", cluster: "eu" });
  });

  it("leaves the environment unset for folders that are not an environment", () => {
    expect(classifyTarget("games/demo/qa").environment).toBeUndefined();
    expect(classifyTarget("overlays/shared").environment).toBeUndefined();
    expect(classifyTarget("base/gateway")).toEqual({ path: "base/gateway", kind: "overlay" });
  });
});

describe("discoverTargets", () => {
  it("finds every kustomization root of the layout, whatever the kustomization file is called, skipping hidden and _ folders", () => {
    repo = layoutRepo();
    expect(discoverTargets(repo.root).map((t) => t.path)).toEqual([
      "overlays/production",
      "overlays/staging",
      "games/demo/development",
      "games/demo/production",
      "games/zeta/staging",
      "clusters/eu",
    ]);
  });

  it("returns nothing for an empty repository", () => {
    repo = tempRepo();
    expect(discoverTargets(repo.root)).toEqual([]);
  });

  it("kustomizationFile finds kustomization.yaml, .yml and Kustomization", () => {
    repo = layoutRepo();
    expect(kustomizationFile(join(repo.root, "overlays/staging"))).toMatch(/kustomization\.yml$/);
    expect(kustomizationFile(join(repo.root, "games/demo/development"))).toMatch(/Kustomization$/);
    expect(kustomizationFile(join(repo.root, "overlays/notes"))).toBeUndefined();
  });
});

describe("discoverDocuments", () => {
  it("pairs game.yaml, cluster.yaml and policy files with their JSON schemas", () => {
    repo = layoutRepo();
    expect(discoverDocuments(repo.root)).toEqual([
      { file: "games/demo/game.yaml", schema: "schemas/game.schema.json" },
      { file: "clusters/eu/cluster.yaml", schema: "schemas/cluster.schema.json" },
      { file: "policies/config.yaml", schema: "schemas/policy-config.schema.json" },
      { file: "policies/exceptions.yaml", schema: "schemas/exceptions.schema.json" },
      { file: "policies/custom/labels.yaml", schema: "schemas/custom-rule.schema.json" },
    ]);
  });
});

describe("selectTargets", () => {
  it("selects the targets under a folder, and a target by its own path", () => {
    repo = layoutRepo();
    const all = discoverTargets(repo.root);
    expect(selectTargets(repo.root, all, [join(repo.root, "games/demo")]).map((t) => t.path)).toEqual(["games/demo/development", "games/demo/production"]);
    expect(selectTargets(repo.root, all, [join(repo.root, "games/demo/production")]).map((t) => t.path)).toEqual(["games/demo/production"]);
    expect(selectTargets(repo.root, all, [repo.root])).toHaveLength(all.length);
  });

  it("does not take a sibling whose name starts with the same letters", () => {
    repo = layoutRepo();
    repo.write("games/demo2/production/kustomization.yaml", KUSTOMIZATION());
    const all = discoverTargets(repo.root);
    expect(selectTargets(repo.root, all, [join(repo.root, "games/demo")]).map((t) => t.path)).not.toContain("games/demo2/production");
  });

  it("treats a kustomization outside the layout as a target of its own", () => {
    repo = layoutRepo();
    repo.write("base/web/kustomization.yaml", KUSTOMIZATION());
    expect(selectTargets(repo.root, discoverTargets(repo.root), [join(repo.root, "base/web")])).toEqual([{ path: "base/web", kind: "overlay" }]);
  });

  it("treats a manifest file and a folder without a kustomization as plain manifests, and - as stdin", () => {
    repo = layoutRepo();
    const all = discoverTargets(repo.root);
    expect(selectTargets(repo.root, all, [join(repo.root, "manifests/cm.yaml"), join(repo.root, "manifests"), "-"])).toEqual([
      { path: "manifests/cm.yaml", kind: "manifests" },
      { path: "manifests", kind: "manifests" },
      { path: "-", kind: "stdin" },
    ]);
  });

  it("takes a kustomization file for its target, not for a manifest", () => {
    repo = layoutRepo();
    const all = discoverTargets(repo.root);
    expect(selectTargets(repo.root, all, [join(repo.root, "games/demo/production/kustomization.yaml")])).toEqual([
      { path: "games/demo/production", kind: "game", game: "demo", environment: "production" },
    ]);
    expect(selectTargets(repo.root, all, [join(repo.root, "games/demo/development/Kustomization")]).map((t) => t.path)).toEqual(["games/demo/development"]);
  });

  it("refuses a path that does not exist with a usage error", () => {
    repo = layoutRepo();
    expect(() => selectTargets(repo.root, discoverTargets(repo.root), [join(repo.root, "games/nope")])).toThrow(UsageError);
    expect(() => selectTargets(repo.root, discoverTargets(repo.root), [join(repo.root, "games/nope")])).toThrow("games/nope: no such file or folder");
  });

  it("selects each target once when paths overlap", () => {
    repo = layoutRepo();
    const all = discoverTargets(repo.root);
    const chosen = selectTargets(repo.root, all, [join(repo.root, "games"), join(repo.root, "games/demo/production")]);
    expect(chosen.map((t) => t.path)).toEqual(["games/demo/development", "games/demo/production", "games/zeta/staging"]);
  });
});
