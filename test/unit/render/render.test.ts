// The render stage with a replaceable kustomize: caching, batching, fallbacks and failures, without running kustomize.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import yaml from "js-yaml";
import { afterEach, describe, expect, it } from "vitest";
import type { BuildFn } from "../../../scripts/lib/kustomize/build.ts";
import { diskCache, noCache } from "../../../scripts/lib/render/cache.ts";
import { buildFailure, errorLine, isBatchable, renderTargets } from "../../../scripts/lib/render/render.ts";
import { writeWrapper } from "../../../scripts/lib/render/wrapper.ts";
import { discoverTargets } from "../../../scripts/lib/discover/discover.ts";
import { KUSTOMIZATION, tempRepo, type TempRepo } from "../util/temp-repo.ts";

let repo: TempRepo;
afterEach(() => repo?.dispose());

const gameFiles = (game: string, body = `namespace: gaia-${game}\nresources:\n  - cm.yaml\n`) => ({
  [`games/${game}/production/kustomization.yaml`]: KUSTOMIZATION(body),
  [`games/${game}/production/cm.yaml`]: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${game}\n`,
});

/**
 * Stands in for kustomize: builds either a batch wrapper (its resources are game targets) or one target folder, giving one
 * ConfigMap per game in that game's namespace, as the game's cm.yaml declares it. Records each call's targets; fails for
 * games listed in `broken`.
 */
function fakeKustomize(broken: string[] = [], namespaceOf = (game: string) => `gaia-${game}`) {
  const calls: string[][] = [];
  const build: BuildFn = async (dir) => {
    const isTarget = dir.includes("/games/");
    const wrapper = isTarget
      ? { resources: ["."] }
      : (yaml.load(readFileSync(join(dir, "kustomization.yaml"), "utf8")) as { resources: string[]; buildMetadata?: string[] });
    expect(wrapper.buildMetadata).toBeUndefined();
    const games = wrapper.resources.map((r) => resolve(dir, r).split("/games/")[1].split("/")[0]);
    calls.push(games);
    const bad = games.findIndex((g) => broken.includes(g));
    if (bad >= 0) {
      const missing = `${resolve(dir, wrapper.resources[bad])}/missing-${games[bad]}.yaml`;
      const stderr = `Error: accumulating resources: accumulation err='accumulating resources from 'missing-${games[bad]}.yaml': evalsymlink failure on '${missing}' : lstat ${missing}: no such file or directory': must build at directory: not a valid directory: evalsymlink failure on '${missing}'\n`;
      return { ok: false, stdout: "", stderr, exitCode: 1 };
    }
    const docs = wrapper.resources.map((r, i) => ({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: games[i], namespace: namespaceOf(games[i]) },
    }));
    return { ok: true, stdout: docs.map((d) => yaml.dump(d)).join("---\n"), stderr: "", exitCode: 0 };
  };
  return { build, calls };
}

const options = (build: BuildFn, extra = {}) => ({ root: repo.root, kustomizeVersion: "v5.7.1", build, cache: noCache(), jobs: 2, ...extra });

describe("renderTargets", () => {
  it("batches game targets, attributes each object with its origin file, and strips the build annotations", async () => {
    repo = tempRepo({ ...gameFiles("a"), ...gameFiles("b"), ...gameFiles("c") });
    const { build, calls } = fakeKustomize();
    const rendered = await renderTargets(discoverTargets(repo.root), options(build, { jobs: 1 }));
    expect(calls).toEqual([["a", "b", "c"]]);
    expect(
      rendered.map((rt) => [rt.target.path, rt.status, rt.objects.map((o) => [o.object.metadata.name, o.origin?.file, o.object.metadata.annotations])]),
    ).toEqual([
      ["games/a/production", "ok", [["a", "games/a/production/cm.yaml", undefined]]],
      ["games/b/production", "ok", [["b", "games/b/production/cm.yaml", undefined]]],
      ["games/c/production", "ok", [["c", "games/c/production/cm.yaml", undefined]]],
    ]);
    expect(rendered[0].objects[0].origin?.transformedBy).toEqual(["games/a/production/kustomization.yaml"]);
  });

  it("renders per target with --no-batch", async () => {
    repo = tempRepo({ ...gameFiles("a"), ...gameFiles("b") });
    const { build, calls } = fakeKustomize();
    await renderTargets(discoverTargets(repo.root), options(build, { batch: false }));
    expect(calls.sort()).toEqual([["a"], ["b"]]);
  });

  it("serves unchanged targets from the cache and renders only what changed", async () => {
    repo = tempRepo({ ...gameFiles("a"), ...gameFiles("b") });
    const cache = diskCache(join(repo.root, ".cache", "render"));
    const first = fakeKustomize();
    const cold = await renderTargets(discoverTargets(repo.root), options(first.build, { cache }));
    expect(cold.every((rt) => !rt.cached)).toBe(true);
    const second = fakeKustomize();
    const warm = await renderTargets(discoverTargets(repo.root), options(second.build, { cache }));
    expect(second.calls).toEqual([]);
    expect(warm.map((rt) => [rt.cached, rt.objects.map((o) => o.origin?.file)])).toEqual(cold.map((rt) => [true, rt.objects.map((o) => o.origin?.file)]));
    repo.write("games/b/production/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b2\n");
    const third = fakeKustomize();
    await renderTargets(discoverTargets(repo.root), options(third.build, { cache }));
    expect(third.calls).toEqual([["b"]]);
  });

  it("retries a failed batch target by target, so only the broken target fails, at its kustomization's line", async () => {
    repo = tempRepo({ ...gameFiles("a"), ...gameFiles("b", "namespace: gaia-b\nresources:\n  - cm.yaml\n  - missing-b.yaml\n") });
    const { build, calls } = fakeKustomize(["b"]);
    const rendered = await renderTargets(discoverTargets(repo.root), options(build, { jobs: 1 }));
    expect(calls).toEqual([["a", "b"], ["a"], ["b"]]);
    expect(rendered.map((rt) => [rt.target.path, rt.status])).toEqual([
      ["games/a/production", "ok"],
      ["games/b/production", "failed"],
    ]);
    const [f] = rendered[1].findings;
    expect(f).toMatchObject({
      ruleId: "kustomize-build",
      category: "render",
      severity: "error",
      target: "games/b/production",
      source: { file: "games/b/production/kustomization.yaml", line: 6 },
    });
    expect(f.message).toContain("missing-b.yaml");
  });

  it("falls back to per-target renders when a batch cannot be attributed", async () => {
    repo = tempRepo({ ...gameFiles("a"), ...gameFiles("b") });
    const { build, calls } = fakeKustomize([], () => "shared");
    const rendered = await renderTargets(discoverTargets(repo.root), options(build, { jobs: 1 }));
    expect(calls).toEqual([["a", "b"], ["a"], ["b"]]);
    expect(rendered.map((rt) => rt.objects.length)).toEqual([1, 1]);
  });

  it("skips targets it is told to skip and reports progress", async () => {
    repo = tempRepo({ ...gameFiles("a"), ...gameFiles("b") });
    const { build } = fakeKustomize();
    const progress: Array<[number, number]> = [];
    const rendered = await renderTargets(
      discoverTargets(repo.root),
      options(build, { skip: new Set(["games/a/production"]), onProgress: (d: number, t: number) => progress.push([d, t]) }),
    );
    expect(rendered.map((rt) => rt.target.path)).toEqual(["games/b/production"]);
    expect(progress[progress.length - 1]).toEqual([1, 2]);
  });
});

describe("isBatchable", () => {
  it("batches only game targets that pin their own namespace and run no plugins", () => {
    repo = tempRepo({
      ...gameFiles("a"),
      ...gameFiles("b", "namespace: gaia-other\nresources:\n  - cm.yaml\n"),
      ...gameFiles("c", "namespace: gaia-c\nresources:\n  - cm.yaml\nreplacements:\n  - path: r.yaml\n"),
      "overlays/production/kustomization.yaml": KUSTOMIZATION(),
    });
    expect(discoverTargets(repo.root).map((t) => [t.path, isBatchable(repo.root, t)])).toEqual([
      ["overlays/production", false],
      ["games/a/production", true],
      ["games/b/production", false],
      ["games/c/production", false],
    ]);
  });

  it("renders every target once when a batch carries the games' own Namespace objects", async () => {
    repo = tempRepo({ ...gameFiles("a"), ...gameFiles("b") });
    const calls: string[][] = [];
    const build: BuildFn = async (dir) => {
      const doc = yaml.load(readFileSync(join(dir, "kustomization.yaml"), "utf8")) as { resources: string[] };
      const games = dir.includes("/games/")
        ? [dir.split("/games/")[1].split("/")[0]]
        : doc.resources.map((r) => resolve(dir, r).split("/games/")[1].split("/")[0]);
      calls.push(games);
      const docs = games.flatMap((g) => [
        { apiVersion: "v1", kind: "Namespace", metadata: { name: `gaia-${g}` } },
        { apiVersion: "v1", kind: "ConfigMap", metadata: { name: g, namespace: `gaia-${g}` } },
      ]);
      return { ok: true, stdout: docs.map((d) => yaml.dump(d)).join("---\n"), stderr: "", exitCode: 0 };
    };
    const rendered = await renderTargets(discoverTargets(repo.root), options(build, { jobs: 1 }));
    expect(calls).toEqual([["a", "b"]]);
    expect(rendered.map((rt) => rt.objects.map((lo) => `${lo.object.kind}/${lo.object.metadata.name}`))).toEqual([
      ["Namespace/gaia-a", "ConfigMap/a"],
      ["Namespace/gaia-b", "ConfigMap/b"],
    ]);
  });
});

describe("build failures", () => {
  it("errorLine points at the line naming what kustomize quoted, else line 1", () => {
    const k = "resources:\n  - ../base\n  - missing.yaml\n";
    expect(errorLine(k, "accumulating resources from 'missing.yaml': no such file")).toBe(3);
    expect(errorLine(k, 'trouble with "overlays/x/../base"')).toBe(2);
    expect(errorLine(k, "something else")).toBe(1);
  });

  it("errorLine points a patch or replicas entry that matches nothing at the line naming the object", () => {
    const k =
      "resources:\n  - ../../base/web\npatches:\n  - patch: |-\n      kind: Deployment\n      metadata:\n        name: nomatch\nreplicas:\n  - name: web\n    count: 2\n";
    expect(errorLine(k, 'no resource matches strategic merge patch "Deployment.v1.apps/nomatch.[noNs]": no matches for Id')).toBe(7);
    expect(errorLine(k, "resource with name web does not match a config with the following GVK [Deployment]")).toBe(9);
  });

  it("buildFailure falls back to kustomization.yaml when the target has none", () => {
    repo = tempRepo();
    const f = buildFailure(repo.root, { path: "games/x/production", kind: "game", game: "x" }, "Error: boom");
    expect(f.source).toEqual({ file: "games/x/production/kustomization.yaml", line: 1 });
    expect(f.message).toBe("kustomize build failed: boom");
  });
});

describe("writeWrapper", () => {
  it("lists the targets relative to a temp folder, turns on origin annotations and cleans up", () => {
    repo = tempRepo(gameFiles("a"));
    const w = writeWrapper(repo.root, ["games/a/production"]);
    const doc = yaml.load(readFileSync(join(w.dir, "kustomization.yaml"), "utf8")) as { resources: string[]; buildMetadata?: string[] };
    expect(resolve(w.dir, doc.resources[0])).toBe(join(repo.root, "games/a/production"));
    expect(doc.buildMetadata).toBeUndefined();
    w.dispose();
    expect(() => readFileSync(join(w.dir, "kustomization.yaml"))).toThrow();
  });
});

describe("kustomizeErrorSource", () => {
  it("points at the entry a nested, unescaped quote names, and at line 1 when nothing is named", async () => {
    const { kustomizeErrorSource } = await import("../../../scripts/lib/kustomize/error-location.ts");
    repo = tempRepo({ "t/kustomization.yaml": "namespace: x\nresources:\n  - ../base\n  - /etc/passwd\n", "t/p.yaml": "- op: nope\n" });
    const own = join(repo.root, "t/kustomization.yaml");
    const reads = [own, join(repo.root, "t/p.yaml")];
    const nested = "accumulation err='accumulating resources from '/etc/passwd': security; file '/etc/passwd' is not in or below 't'': boom";
    expect(kustomizeErrorSource(repo.root, own, reads, nested)).toEqual({ file: "t/kustomization.yaml", line: 4 });
    expect(kustomizeErrorSource(repo.root, own, reads, "Unexpected kind: nope")).toEqual({ file: "t/p.yaml", line: 1 });
    expect(kustomizeErrorSource(repo.root, own, reads, "invalid Kustomization: json: cannot unmarshal array")).toEqual({
      file: "t/kustomization.yaml",
      line: 1,
    });
  });
});
