// Batched rendering (many game targets in one kustomize process) must give exactly the objects of per-target rendering.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeSyntheticRepo } from "../../../scripts/bench/synthetic-repo.ts";
import { discoverTargets } from "../../../scripts/lib/discover/discover.ts";
import { kustomizeBuilder, type BuildFn } from "../../../scripts/lib/kustomize/build.ts";
import { resolveKustomize, type Kustomize } from "../../../scripts/lib/kustomize/resolve.ts";
import { createFileHasher, inputClosure } from "../../../scripts/lib/render/closure.ts";
import { kustomizationFolders, noOpFindings, type Located } from "../../../scripts/lib/render/no-ops.ts";
import { fromRepoPath } from "../../../scripts/lib/util/paths.ts";
import { noCache } from "../../../scripts/lib/render/cache.ts";
import { renderTargets } from "../../../scripts/lib/render/render.ts";
import type { RenderedTarget } from "../../../scripts/lib/types.ts";
import { KUSTOMIZATION, tempRepo } from "../util/temp-repo.ts";

let root: string;
let namespacedRoot: string;
let build: BuildFn;
let version: string;
let kustomize: Kustomize;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "gaia-batch-"));
  writeSyntheticRepo(root, 4);
  namespacedRoot = mkdtempSync(join(tmpdir(), "gaia-batch-ns-"));
  writeSyntheticRepo(namespacedRoot, 4, "namespaced");
  const k = await resolveKustomize({ root, env: process.env });
  kustomize = k;
  build = kustomizeBuilder(k);
  version = k.version;
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(namespacedRoot, { recursive: true, force: true });
});

const canonical = (rendered: RenderedTarget[]) =>
  Object.fromEntries(
    rendered.map((rt) => [
      rt.target.path,
      rt.objects
        .map((o) => ({ object: o.object, file: o.origin?.file, transformedBy: o.origin?.transformedBy }))
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    ]),
  );

describe("batched render (real kustomize)", () => {
  it("gives the same objects, origins and attribution per target as one process per target, with fewer processes", async () => {
    const targets = discoverTargets(root);
    expect(targets).toHaveLength(15);
    let batchedCalls = 0;
    let singleCalls = 0;
    const batched = await renderTargets(targets, {
      root,
      kustomizeVersion: version,
      build: (d) => (batchedCalls++, build(d)),
      cache: noCache(),
      jobs: 2,
      batch: true,
    });
    const single = await renderTargets(targets, {
      root,
      kustomizeVersion: version,
      build: (d) => (singleCalls++, build(d)),
      cache: noCache(),
      jobs: 2,
      batch: false,
    });
    expect(batched.every((r) => r.status === "ok")).toBe(true);
    expect(canonical(batched)).toEqual(canonical(single));
    expect(singleCalls).toBe(15);
    expect(batchedCalls).toBeLessThan(singleCalls);
    const game = batched.find((r) => r.target.path === "games/game-001/production")!;
    expect(game.objects.every((o) => o.object.metadata.namespace === "gaia-game-001")).toBe(true);
    expect(game.objects.find((o) => o.object.kind === "HorizontalPodAutoscaler" && o.object.metadata.name === "chat")!.origin?.transformedBy?.[0]).toBe(
      "games/game-001/production/kustomization.yaml",
    );
  });

  it("falls back to per-target renders when a batch cannot be attributed exactly", async () => {
    const targets = discoverTargets(root).filter((t) => t.environment === "staging" && t.kind === "game");
    const calls: string[] = [];
    // A build that renders an object outside every game namespace: ambiguous, so the batch is retried one by one.
    const leaky: BuildFn = async (dir) => {
      calls.push(dir);
      const res = await build(dir);
      return calls.length === 1
        ? { ...res, stdout: `${res.stdout}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: stray\n  namespace: elsewhere\n` }
        : res;
    };
    const rendered = await renderTargets(targets, { root, kustomizeVersion: version, build: leaky, cache: noCache(), jobs: 1, batch: true });
    expect(calls.length).toBe(1 + targets.length);
    expect(rendered.map((r) => r.status)).toEqual(targets.map(() => "ok"));
    expect(rendered.flatMap((r) => r.objects).some((o) => o.object.metadata.name === "stray")).toBe(false);
  });

  it("falls back to per-target renders when a batch fails, so only the broken target reports the failure", async () => {
    const targets = discoverTargets(root).filter((t) => t.environment === "development" && t.kind === "game");
    let n = 0;
    const flaky: BuildFn = async (dir) => (++n === 1 ? { ok: false, stdout: "", stderr: "Error: boom", exitCode: 1 } : build(dir));
    const rendered = await renderTargets(targets, { root, kustomizeVersion: version, build: flaky, cache: noCache(), jobs: 1, batch: true });
    expect(rendered.every((r) => r.status === "ok")).toBe(true);
  });

  it("renders each target once on the namespaced shape (games render their own Namespace), with the same objects as per target", async () => {
    const targets = discoverTargets(namespacedRoot);
    const built: string[] = [];
    const batched = await renderTargets(targets, {
      root: namespacedRoot,
      kustomizeVersion: version,
      build: (d) => (built.push(d), build(d)),
      cache: noCache(),
      jobs: 2,
      batch: true,
    });
    const single = await renderTargets(targets, { root: namespacedRoot, kustomizeVersion: version, build, cache: noCache(), jobs: 2, batch: false });
    expect(batched.every((r) => r.status === "ok")).toBe(true);
    expect(canonical(batched)).toEqual(canonical(single));
    expect(batched.find((r) => r.target.path === "games/game-000/production")!.objects.map((o) => o.object.kind)).toContain("Namespace");
    // 3 overlays alone and 12 game targets in batches: no game target is built on its own after its batch.
    expect(built.filter((d) => d.includes(`${namespacedRoot}/games/`))).toEqual([]);
    expect(built.length).toBeLessThan(targets.length);
  });

  it("attributes cluster-scoped objects exactly: shared, per-game and deleted ones, each target built once", async () => {
    const repo = tempRepo({
      "shared/kustomization.yaml": KUSTOMIZATION(
        "resources:\n  - rbac.yaml\n  - crd.yaml\npatches:\n  - target:\n      kind: CustomResourceDefinition\n    patch: |-\n      $patch: delete\n      apiVersion: apiextensions.k8s.io/v1\n      kind: CustomResourceDefinition\n      metadata:\n        name: any\n",
      ),
      "shared/rbac.yaml": [
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: reader\nrules: []",
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: reader\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: reader\nsubjects:\n  - kind: ServiceAccount\n    name: app\n    namespace: x",
        "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app",
      ].join("\n---\n"),
      "shared/crd.yaml":
        "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: things.gaia.tech\nspec:\n  group: gaia.tech\n  names: {kind: Thing, plural: things}\n  scope: Namespaced\n  versions: []\n",
      ...Object.fromEntries(
        ["a", "b", "c"].flatMap((g) => [
          [`games/${g}/production/kustomization.yaml`, KUSTOMIZATION(`namespace: gaia-${g}\nresources:\n  - ../../../shared\n  - own.yaml\n`)],
          [`games/${g}/production/own.yaml`, `apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  name: ${g}-high\nvalue: 1000\n`],
        ]),
      ),
    });
    try {
      const targets = discoverTargets(repo.root);
      const built: string[] = [];
      const opts = { root: repo.root, kustomizeVersion: version, cache: noCache(), jobs: 1 };
      const batched = await renderTargets(targets, { ...opts, build: (d) => (built.push(d), build(d)), batch: true });
      const single = await renderTargets(targets, { ...opts, build, batch: false });
      expect(batched.every((r) => r.status === "ok")).toBe(true);
      expect(built).toHaveLength(1);
      expect(canonical(batched)).toEqual(canonical(single));
      const b = batched.find((r) => r.target.path === "games/b/production")!;
      expect(b.objects.map((o) => `${o.object.kind}/${o.object.metadata.name}`).sort()).toEqual([
        "ClusterRole/reader",
        "ClusterRoleBinding/reader",
        "PriorityClass/b-high",
        "ServiceAccount/app",
      ]);
      expect(JSON.stringify(b.objects.map((o) => o.object))).not.toContain("gaiabatch");
    } finally {
      repo.dispose();
    }
  });

  it("renders targets with no-op probes through their probe copies: the same objects and verdicts, no separate probe build", async () => {
    const repo = tempRepo();
    try {
      writeSyntheticRepo(repo.root, 2, "namespaced");
      // One game's patch selects nothing: its probe must still find it.
      const kfile = join(repo.root, "games/game-001/staging/kustomization.yaml");
      writeFileSync(kfile, readFileSync(kfile, "utf8").replace("patches:\n", "patches:\n  - path: relax.yaml\n    target:\n      kind: StatefulSet\n"));
      const targets = discoverTargets(repo.root);
      const probeBuild = kustomizeBuilder(kustomize, ["--load-restrictor", "LoadRestrictionsNone"]);
      const lineOf = (file: string, pointer: string) => ({ file, line: pointer.length });
      const verdicts = new Map<string, Located[]>();
      const built: string[] = [];
      const opts = { root: repo.root, kustomizeVersion: version, cache: noCache(), jobs: 1, batch: true };
      const probed = await renderTargets(targets, {
        ...opts,
        build: (d) => (built.push(d), build(d)),
        probes: { build: (d) => (built.push(d), probeBuild(d)), lineOf, onVerdicts: (dir, found) => void verdicts.set(dir, found) },
      });
      const plain = await renderTargets(targets, { ...opts, build });
      expect(probed.every((r) => r.status === "ok")).toBe(true);
      expect(canonical(probed)).toEqual(canonical(plain));
      // Every game target and the two overlays without `images` went through their probe copies; production's has images.
      expect([...verdicts.keys()].sort()).toEqual(
        targets
          .filter((t) => t.path !== "overlays/production")
          .map((t) => fromRepoPath(repo.root, t.path))
          .sort(),
      );
      // Three overlays alone and one batch of two games per environment.
      expect(built.length).toBe(3 + 3);
      const separate = await noOpFindings(kustomizationFolders(targets.map((t) => inputClosure(fromRepoPath(repo.root, t.path), repo.root))), {
        root: repo.root,
        build: probeBuild,
        jobs: 2,
        cache: noCache(),
        kustomizeVersion: version,
        hasher: createFileHasher(),
        lineOf,
        targets,
        batch: true,
      });
      const fromRender = [...verdicts].flatMap(([dir, found]) => found.map((f) => ({ ...f, target: dir.slice(repo.root.length + 1) })));
      const key = (f: object) => JSON.stringify(f);
      expect(fromRender.map(key).sort()).toEqual(
        separate
          .filter((f) => verdicts.has(fromRepoPath(repo.root, f.target)))
          .map(key)
          .sort(),
      );
      expect(fromRender.map((f) => `${f.target} ${f.path}`)).toEqual(["games/game-001/staging /patches/0"]);
    } finally {
      repo.dispose();
    }
  }, 180_000);
});
