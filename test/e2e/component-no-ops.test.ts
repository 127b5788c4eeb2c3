// Kustomize no-ops inside Components: an entry of a `kind: Component` kustomization is a finding at its line when it
// selects nothing in every target that includes the Component (selecting something in one of them is enough), like an
// entry of an ordinary kustomization. The real CLI and kustomize on the fixture repository.
import { afterEach, describe, expect, it } from "vitest";
import { fixtureRepo, gaia, type FixtureRepo } from "./repo.ts";

let repo: FixtureRepo | undefined;
afterEach(() => {
  repo?.dispose();
  repo = undefined;
});

const COMPONENT = "base/components/extras/kustomization.yaml";
const GAME = "games/demo/production/kustomization.yaml";
const run = (r: FixtureRepo, paths: string[] = []) =>
  gaia(["validate", "--root", r.root, "--format", "json", "--no-cache", "--no-progress", ...paths], { cwd: r.root });
const at = (report: any, id: string) =>
  report.findings
    .filter((f: any) => f.ruleId === id)
    .map((f: any) => `${f.source.file}:${f.source.line}`)
    .sort();

/** The game and a second target (staging, which also renders a ConfigMap "settings") include the Component. */
function includeComponent(r: FixtureRepo, component: string): void {
  r.write(COMPONENT, component);
  r.write("base/components/extras/label.yaml", 'apiVersion: v1\nkind: Service\nmetadata:\n  name: any\n  labels:\n    patched: "yes"\n');
  r.write("base/components/extras/ops.yaml", "- op: add\n  path: /data/x\n  value: y\n");
  r.write(GAME, "namespace: gaia-demo\nresources:\n  - ../../../overlays/production\ncomponents:\n  - ../../../base/components/extras\n");
  r.write(
    "overlays/staging/kustomization.yaml",
    "namespace: gaia-platform\nresources:\n  - ../../base/web\n  - settings.yaml\ncomponents:\n  - ../../base/components/extras\n",
  );
  r.write("overlays/staging/settings.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: b\n");
}

const COMPONENT_YAML = [
  "apiVersion: kustomize.config.k8s.io/v1alpha1", // 1
  "kind: Component",
  "patches:",
  "  - target:", // 4: inline JSON 6902 patch whose target selects nothing
  "      kind: Deployment",
  "      name: chat",
  "    patch: |-",
  "      - op: replace",
  "        path: /spec/replicas",
  "        value: 2",
  "  - target:", // 11: selects web in both targets
  "      kind: Deployment",
  "      name: web",
  "    patch: |-",
  "      - op: add",
  "        path: /metadata/annotations/x",
  "        value: y",
  "  - path: label.yaml", // 18: strategic-merge patch file whose target selects nothing
  "    target:",
  "      kind: Service",
  "      labelSelector: tier=nope",
  "  - patch: |-", // 22: inline strategic merge with a target that selects nothing
  "      apiVersion: v1",
  "      kind: ConfigMap",
  "      metadata:",
  "        name: any",
  "      data:",
  "        z: z",
  "    target:",
  "      kind: ConfigMap",
  "      name: missing",
  "patchesJson6902:",
  "  - target:", // 33: selects the ConfigMap that only staging renders
  "      version: v1",
  "      kind: ConfigMap",
  "      name: settings",
  "    path: ops.yaml",
  "images:",
  "  - name: registry.gaia.tech/platform/chat", // 39: matches no container
  "    newTag: 1.2.3",
  "  - name: registry.gaia.tech/platform/web", // 41: matches web
  "    newTag: 1.0.1",
  "",
].join("\n");

describe("kustomize no-ops inside Components", () => {
  it("targeted inline JSON 6902, patch file, inline strategic merge and images entries that select nothing in any including target", async () => {
    repo = fixtureRepo();
    includeComponent(repo, COMPONENT_YAML);
    const r = await run(repo);
    expect(r.exitCode).toBe(1);
    expect(at(r.json, "kustomize-no-op")).toEqual([`${COMPONENT}:22`, `${COMPONENT}:39`, `${COMPONENT}:4`, `${COMPONENT}:18`].sort());
    const byLine = (line: number) => r.json.findings.find((f: any) => f.ruleId === "kustomize-no-op" && f.source.line === line);
    expect(byLine(4)).toMatchObject({ severity: "error", target: "base/components/extras", path: "/patches/0" });
    expect(byLine(4).message).toMatch(/selects no object \(target: kind Deployment, name chat\)/);
    expect(byLine(39).message).toMatch(/matches no container \(image registry\.gaia\.tech\/platform\/chat\)/);
    expect(r.json.findings.filter((f: any) => f.ruleId === "kustomize-no-op" && f.source.file !== COMPONENT)).toEqual([]);

    // Validating one including target alone cannot tell: the other may be what the entry is for.
    const one = await run(repo, ["games/demo/production"]);
    expect(at(one.json, "kustomize-no-op")).toEqual([]);
    // Unless it is the only target including the Component: then the one-target run judges it as the full run does.
    repo.write("overlays/staging/kustomization.yaml", "namespace: gaia-platform\nresources:\n  - ../../base/web\n  - settings.yaml\n");
    const only = await run(repo, ["games/demo/production"]);
    expect(at(only.json, "kustomize-no-op")).toEqual(at((await run(repo)).json, "kustomize-no-op"));
    expect(at(only.json, "kustomize-no-op")).toContain(`${COMPONENT}:33`);
  });

  it("a replicas entry or a patch without target that matches nothing fails the including build at the Component's line", async () => {
    repo = fixtureRepo();
    includeComponent(repo, "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nreplicas:\n  - name: chat\n    count: 2\n");
    const r1 = await run(repo);
    expect(at(r1.json, "kustomize-build")).toEqual([`${COMPONENT}:4`, `${COMPONENT}:4`]);
    includeComponent(
      repo,
      "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - patch: |-\n      apiVersion: apps/v1\n      kind: Deployment\n      metadata:\n        name: chat\n      spec:\n        replicas: 2\n",
    );
    const r2 = await run(repo);
    expect(at(r2.json, "kustomize-build")).toEqual([`${COMPONENT}:8`, `${COMPONENT}:8`]);
  });

  it("namespace and labels of a Component that every including build leaves with nothing to apply to", async () => {
    repo = fixtureRepo();
    repo.write(COMPONENT, "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nnamespace: somewhere\nlabels:\n  - pairs:\n      team: x\n");
    repo.write("overlays/empty/kustomization.yaml", "resources: []\ncomponents:\n  - ../../base/components/extras\n");
    const r = await run(repo);
    expect(at(r.json, "kustomize-no-op")).toEqual([`${COMPONENT}:3`, `${COMPONENT}:5`]);
    // Included where there is something to apply to, they are quiet.
    repo.write("overlays/empty/kustomization.yaml", "resources:\n  - ../../base/web\ncomponents:\n  - ../../base/components/extras\n");
    expect(at((await run(repo)).json, "kustomize-no-op")).toEqual([]);
  });
});
