import { utimesSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ClosureReader, closureKey, createFileHasher, inputClosure, isRemoteReference, kustomizationReferences } from "../../../scripts/lib/render/closure.ts";
import { KUSTOMIZATION, tempRepo, type TempRepo } from "../util/temp-repo.ts";

let repo: TempRepo;
afterEach(() => repo?.dispose());

describe("kustomizationReferences", () => {
  it("collects resources, components, patch paths and generator files (key=path), skipping remote and inline refs", () => {
    const refs = kustomizationReferences({
      resources: ["../base", "https://github.com/org/repo//deploy?ref=v1", "github.com/org/repo/deploy", "git@github.com:org/repo.git", "svc.yaml"],
      components: ["../components/canary"],
      patches: [{ path: "replicas.yaml" }, { patch: "- op: add\n  path: /x\n  value: 1\n" }],
      patchesStrategicMerge: ["psm.yaml", "apiVersion: v1\nkind: ConfigMap\n"],
      patchesJson6902: [{ path: "json6902.yaml", target: { kind: "Deployment" } }],
      configMapGenerator: [{ name: "cfg", files: ["settings.json", "app.conf=conf/app.conf"], envs: ["vars.env"] }],
      secretGenerator: [{ name: "s", env: "secret.env" }],
    });
    expect(refs.sort()).toEqual(
      [
        "../base",
        "../components/canary",
        "conf/app.conf",
        "json6902.yaml",
        "psm.yaml",
        "replicas.yaml",
        "secret.env",
        "settings.json",
        "svc.yaml",
        "vars.env",
      ].sort(),
    );
  });

  it("ignores fields of the wrong shape", () => {
    expect(kustomizationReferences({ resources: "base", patches: [null, 3, { path: 7 }], configMapGenerator: [{ files: "x" }] })).toEqual([]);
  });

  it("recognises remote references", () => {
    for (const r of ["https://example.com/k.yaml", "ssh://git@host/a/b", "github.com/a/b", "git@gitlab.com:a/b.git", "../x?ref=main"])
      expect(isRemoteReference(r), r).toBe(true);
    for (const r of ["../base", "svc.yaml", "github.com.yaml"]) expect(isRemoteReference(r), r).toBe(false);
  });
});

function closureRepo(): TempRepo {
  return tempRepo({
    "base/web/kustomization.yaml": KUSTOMIZATION("resources:\n  - deployment.yaml\n"),
    "base/web/deployment.yaml": "kind: Deployment\n",
    "base/components/canary/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n",
    "shared/app.conf": "debug=false\n",
    "shared/unrelated.txt": "not read\n",
    "games/demo/production/kustomization.yaml": KUSTOMIZATION(
      "resources:\n  - ../../../base/web\n  - https://github.com/org/repo//x?ref=v1\ncomponents:\n  - ../../../base/components/canary\npatches:\n  - path: ../patches/replicas.yaml\nconfigMapGenerator:\n  - name: cfg\n    files:\n      - app.conf=../../../shared/app.conf\n",
    ),
    "games/demo/production/notes.md": "read with its folder\n",
    "games/demo/patches/replicas.yaml": "kind: Deployment\n",
    "games/demo/patches/other.yaml": "not referenced\n",
  });
}

describe("inputClosure", () => {
  it("holds every local file the build can read, and nothing it cannot", () => {
    repo = closureRepo();
    const files = inputClosure(join(repo.root, "games/demo/production")).map((f) => f.slice(repo.root.length + 1));
    expect(files).toEqual([
      "base/components/canary/kustomization.yaml",
      "base/web/deployment.yaml",
      "base/web/kustomization.yaml",
      "games/demo/patches/replicas.yaml",
      "games/demo/production/kustomization.yaml",
      "games/demo/production/notes.md",
      "shared/app.conf",
    ]);
  });

  it("survives a missing reference, a cycle and an unreadable kustomization", () => {
    repo = tempRepo({
      "a/kustomization.yaml": KUSTOMIZATION("resources:\n  - ../b\n  - missing.yaml\n"),
      "b/kustomization.yaml": KUSTOMIZATION("resources:\n  - ../a\n"),
      "c/kustomization.yaml": "resources: [\n",
    });
    expect(inputClosure(join(repo.root, "a")).map((f) => f.slice(repo.root.length + 1))).toEqual(["a/kustomization.yaml", "b/kustomization.yaml"]);
    expect(inputClosure(join(repo.root, "c")).map((f) => f.slice(repo.root.length + 1))).toEqual(["c/kustomization.yaml"]);
  });
});

describe("closureKey", () => {
  const keyOf = (r: TempRepo, version = "v5.7.1") =>
    closureKey(r.root, inputClosure(join(r.root, "games/demo/production")), version, createFileHasher(), "games/demo/production");

  it("is stable when nothing changes, even when a file is touched", () => {
    repo = closureRepo();
    const before = keyOf(repo);
    const later = new Date(Date.now() + 5000);
    utimesSync(join(repo.root, "base/web/deployment.yaml"), later, later);
    expect(keyOf(repo)).toBe(before);
  });

  it("changes when any file of the closure changes", () => {
    repo = closureRepo();
    for (const file of [
      "base/web/deployment.yaml",
      "games/demo/patches/replicas.yaml",
      "shared/app.conf",
      "base/components/canary/kustomization.yaml",
      "games/demo/production/notes.md",
    ]) {
      const before = keyOf(repo);
      repo.write(file, `# changed\n${Math.random()}\n`);
      expect(keyOf(repo), file).not.toBe(before);
    }
  });

  it("does not change when a file outside the closure changes", () => {
    repo = closureRepo();
    const before = keyOf(repo);
    repo.write("games/demo/patches/other.yaml", "changed\n");
    repo.write("shared/unrelated.txt", "changed\n");
    repo.write("base/other/kustomization.yaml", KUSTOMIZATION());
    expect(keyOf(repo)).toBe(before);
  });

  it("changes with the kustomize version and the target", () => {
    repo = closureRepo();
    const files = inputClosure(join(repo.root, "games/demo/production"));
    const h = createFileHasher();
    const base = closureKey(repo.root, files, "v5.7.1", h, "games/demo/production");
    expect(closureKey(repo.root, files, "v5.6.0", h, "games/demo/production")).not.toBe(base);
    expect(closureKey(repo.root, files, "v5.7.1", h, "games/demo/staging")).not.toBe(base);
  });

  it("does not depend on where the repository is checked out", () => {
    repo = closureRepo();
    const other = closureRepo();
    try {
      expect(keyOf(other)).toBe(keyOf(repo));
    } finally {
      other.dispose();
    }
  });
});

describe("ClosureReader.touches", () => {
  it("answers as the closure does for every target and changed file, sharing one memo, across a reference cycle", () => {
    repo = tempRepo({
      "base/web/kustomization.yaml": KUSTOMIZATION("resources:\n  - web.yaml\n"),
      "base/web/web.yaml": "kind: ConfigMap\n",
      "base/kustomization.yaml": KUSTOMIZATION("resources:\n  - web\n"),
      "overlays/dev/kustomization.yaml": KUSTOMIZATION("resources:\n  - ../../base\npatches:\n  - path: ../../shared/patch.yaml\n"),
      "shared/patch.yaml": "kind: ConfigMap\n",
      "games/a/dev/kustomization.yaml": KUSTOMIZATION("resources:\n  - ../../../overlays/dev\n  - ../cycle-one\n"),
      // A reference cycle (kustomize refuses it; the selection must still be right from every start).
      "games/a/cycle-one/kustomization.yaml": KUSTOMIZATION("resources:\n  - ../cycle-two\n  - ../cycle-file.yaml\n"),
      "games/a/cycle-two/kustomization.yaml": KUSTOMIZATION("resources:\n  - ../cycle-one\n"),
      "games/a/cycle-file.yaml": "kind: ConfigMap\n",
      "games/b/dev/kustomization.yaml": KUSTOMIZATION("resources:\n  - ../../../overlays/dev\n"),
    });
    const targets = ["games/a/dev", "games/b/dev", "overlays/dev", "games/a/cycle-two", "games/a/cycle-one"].map((t) => join(repo.root, t));
    const files = ["base/web/web.yaml", "shared/patch.yaml", "games/a/cycle-file.yaml", "games/b/dev/kustomization.yaml", "README.md"];
    for (const file of files) {
      const changed = new Set([join(repo.root, file)]);
      const reader = new ClosureReader(repo.root);
      const memo = new Map<string, boolean>();
      const expected = targets.map((t) => inputClosure(t, repo.root).includes(join(repo.root, file)));
      expect(
        targets.map((t) => reader.touches(t, changed, memo)),
        file,
      ).toEqual(expected);
      // Asked again in another order, with the memo filled: the same answers.
      expect(
        [...targets].reverse().map((t) => reader.touches(t, changed, memo)),
        file,
      ).toEqual([...expected].reverse());
    }
    const some = (file: string) => targets.map((t) => new ClosureReader(repo.root).touches(t, new Set([join(repo.root, file)]), new Map()));
    expect(some("games/a/cycle-file.yaml")).toEqual([true, false, false, true, true]);
    expect(some("README.md")).toEqual([false, false, false, false, false]);
  });
});
