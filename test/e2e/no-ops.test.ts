// Kustomize no-ops (kustomize ignores them silently) are findings at the entry's line, decided by kustomize's own
// selection; entries that do select something stay quiet. The real CLI and kustomize on the fixture repository.
import { afterEach, describe, expect, it } from "vitest";
import { fixtureRepo, gaia, type FixtureRepo } from "./repo.ts";

let repo: FixtureRepo | undefined;
afterEach(() => {
  repo?.dispose();
  repo = undefined;
});

const run = (r: FixtureRepo) => gaia(["validate", "--root", r.root, "--format", "json", "--no-cache", "--no-progress"], { cwd: r.root });
const GAME = "games/demo/production/kustomization.yaml";
const at = (report: any, id: string) =>
  report.findings
    .filter((f: any) => f.ruleId === id)
    .map((f: any) => `${f.source.file}:${f.source.line}`)
    .sort();

describe("kustomize no-ops are findings at the entry's line", () => {
  it("a targeted inline JSON 6902 patch, a targeted patch file, a patchesJson6902 entry and an images entry that select nothing", async () => {
    repo = fixtureRepo();
    repo.write(
      GAME,
      [
        "namespace: gaia-demo", // 1
        "resources:",
        "  - ../../../overlays/production",
        "patches:",
        "  - target:", // 5
        "      kind: Deployment",
        "      name: web",
        "    patch: |-",
        "      - op: replace",
        "        path: /spec/replicas",
        "        value: 2",
        "  - target:", // 12
        "      kind: Deployment",
        "      name: chat",
        "    patch: |-",
        "      - op: replace",
        "        path: /spec/replicas",
        "        value: 2",
        "  - path: label.yaml", // 19
        "    target:",
        "      kind: Service",
        "      labelSelector: tier=nope",
        "  - path: label.yaml", // 23
        "    target:",
        "      kind: Service",
        "patchesJson6902:",
        "  - target:", // 27
        "      version: v1",
        "      kind: ConfigMap",
        "      name: settings",
        "    path: ops.yaml",
        "images:",
        "  - name: registry.gaia.tech/platform/web", // 33
        "    digest: sha256:0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
        "  - name: registry.gaia.tech/platform/chat", // 35
        "    newTag: 1.2.3",
        "",
      ].join("\n"),
    );
    repo.write("games/demo/production/label.yaml", 'apiVersion: v1\nkind: Service\nmetadata:\n  name: any\n  labels:\n    patched: "yes"\n');
    repo.write("games/demo/production/ops.yaml", "- op: add\n  path: /data/x\n  value: y\n");
    const r = await run(repo);
    expect(r.exitCode).toBe(1);
    expect(at(r.json, "kustomize-no-op")).toEqual([`${GAME}:12`, `${GAME}:19`, `${GAME}:27`, `${GAME}:35`]);
    const byLine = (line: number) => r.json.findings.find((f: any) => f.ruleId === "kustomize-no-op" && f.source.line === line);
    expect(byLine(12)).toMatchObject({ severity: "error", target: "games/demo/production", path: "/patches/1" });
    expect(byLine(12).message).toMatch(/selects no object \(target: kind Deployment, name chat\)/);
    expect(byLine(35).message).toMatch(/matches no container \(image registry\.gaia\.tech\/platform\/chat\)/);
    expect(r.json.findings.filter((f: any) => f.source.file.startsWith("base/"))).toEqual([]);
  });

  it("a patch whose target matches by the object's original name (before a prefix) or deletes it is not a no-op", async () => {
    repo = fixtureRepo();
    repo.write(
      GAME,
      [
        "namespace: gaia-demo",
        "namePrefix: demo-",
        "resources:",
        "  - ../../../overlays/production",
        "patches:",
        "  - target:",
        "      kind: NetworkPolicy",
        "      name: allow-.*",
        "    patch: |-",
        "      $patch: delete",
        "      kind: NetworkPolicy",
        "      metadata:",
        "        name: any",
        "  - target:",
        "      kind: Deployment",
        "      name: web",
        "    patch: |-",
        "      - op: add",
        "        path: /metadata/annotations",
        "        value: {note: replaced}",
        "",
      ].join("\n"),
    );
    const r = await run(repo);
    expect(at(r.json, "kustomize-no-op")).toEqual([]);
  });

  it("a namespace on a kustomization that builds only cluster-scoped objects, and labels on one that builds nothing", async () => {
    repo = fixtureRepo();
    // A target without probe entries is checked on what it rendered; an included base by a build of its own.
    repo.write("overlays/cluster/kustomization.yaml", "namespace: somewhere\nresources:\n  - ns.yaml\n  - ../../base/labelled\n");
    repo.write("overlays/cluster/ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: gaia-extra\n");
    repo.write("base/labelled/kustomization.yaml", "resources: []\ncommonLabels:\n  team: x\n");
    repo.write("overlays/empty/kustomization.yaml", 'resources: []\nlabels:\n  - pairs:\n      team: x\nimages:\n  - name: nginx\n    newTag: "1"\n');
    const r = await run(repo);
    expect(at(r.json, "kustomize-no-op")).toEqual([
      "base/labelled/kustomization.yaml:2",
      "overlays/cluster/kustomization.yaml:1",
      "overlays/empty/kustomization.yaml:3",
      "overlays/empty/kustomization.yaml:6",
    ]);
    const ns = r.json.findings.find((f: any) => f.ruleId === "kustomize-no-op" && f.path === "/namespace");
    expect(ns).toMatchObject({ severity: "warning", message: expect.stringMatching(/no namespaced object/) });
  });

  it("a patch without target or a replicas entry that matches nothing fails the build at the entry's line (kustomize refuses those itself)", async () => {
    repo = fixtureRepo();
    repo.write(GAME, ["namespace: gaia-demo", "resources:", "  - ../../../overlays/production", "replicas:", "  - name: chat", "    count: 2", ""].join("\n"));
    const r1 = await run(repo);
    expect(at(r1.json, "kustomize-build")).toEqual([`${GAME}:5`]);
    repo.write(
      GAME,
      [
        "namespace: gaia-demo",
        "resources:",
        "  - ../../../overlays/production",
        "patches:",
        "  - patch: |-",
        "      apiVersion: apps/v1",
        "      kind: Deployment",
        "      metadata:",
        "        name: chat",
        "      spec:",
        "        replicas: 2",
        "",
      ].join("\n"),
    );
    const r2 = await run(repo);
    expect(at(r2.json, "kustomize-build")).toEqual([`${GAME}:9`]);
  });
});
