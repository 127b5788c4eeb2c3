// ApplicationSets → Applications → preview rows, per cluster; errors name the ApplicationSet; placement per cluster.
import { afterEach, describe, expect, it } from "vitest";
import type { K8sObject } from "../../../scripts/lib/types.ts";
import { generateApplications } from "../../../scripts/lib/argocd/applicationset.ts";
import type { RepoFiles } from "../../../scripts/lib/argocd/generators.ts";
import {
  clusterNames,
  clusterObjects,
  gameOfPath,
  gamesByCluster,
  gamesDeployedBy,
  previewCluster,
  previewObjects,
  syncSummary,
} from "../../../scripts/lib/argocd/preview.ts";
import { previewJson, previewTable } from "../../../scripts/lib/argocd/format.ts";
import type { BuildFn } from "../../../scripts/lib/kustomize/build.ts";
import { tempRepo, type TempRepo } from "../util/temp-repo.ts";

const files: RepoFiles = {
  listFiles: (dir) => ["games/alpha/game.yaml", "games/beta/game.yaml"].filter((f) => f.startsWith(`${dir}/`)),
  readText: (file) => ({ "games/alpha/game.yaml": "name: alpha\nregions: [us-east]\n", "games/beta/game.yaml": "name: beta\nregions: [eu-west]\n" })[file],
};

function appSet(name: string, spec: object): K8sObject {
  return { apiVersion: "argoproj.io/v1alpha1", kind: "ApplicationSet", metadata: { name, namespace: "argocd" }, spec };
}

const gamesSet = (extra: object = {}, template: object = {}) =>
  appSet("games", {
    goTemplate: true,
    goTemplateOptions: ["missingkey=error"],
    generators: [{ git: { repoURL: "https://git.example/repo.git", revision: "main", files: [{ path: "games/*/game.yaml" }] } }],
    template: {
      metadata: { name: "game-{{.path.basename}}", labels: { "gaia.tech/game": "{{.path.basename}}" } },
      spec: {
        project: "game-{{.path.basename}}",
        source: { repoURL: "https://git.example/repo.git", targetRevision: "main", path: "games/{{.path.basename}}/production" },
        destination: { server: "https://kubernetes.default.svc", namespace: "gaia-{{.path.basename}}" },
        syncPolicy: { automated: { prune: true, selfHeal: true } },
        ...template,
      },
    },
    ...extra,
  });

let repo: TempRepo | undefined;
afterEach(() => repo?.dispose());

describe("generateApplications", () => {
  it("renders one Application per parameter set, in the ApplicationSet's namespace", () => {
    const apps = generateApplications(gamesSet(), files);
    expect(apps.map((a) => [a.metadata.name, a.metadata.namespace, a.metadata.labels?.["gaia.tech/game"], (a as any).spec.destination.namespace])).toEqual([
      ["game-alpha", "argocd", "alpha", "gaia-alpha"],
      ["game-beta", "argocd", "beta", "gaia-beta"],
    ]);
  });

  it("applies templatePatch with the same parameters (maps merged, lists replaced)", () => {
    const patch = "spec:\n  syncPolicy:\n    syncOptions: [CreateNamespace=true]\n  info:\n    - name: regions\n      value: '{{ join \",\" .regions }}'\n";
    const [alpha] = generateApplications(gamesSet({ templatePatch: patch }), files);
    expect((alpha as any).spec.syncPolicy).toEqual({ automated: { prune: true, selfHeal: true }, syncOptions: ["CreateNamespace=true"] });
    expect((alpha as any).spec.info).toEqual([{ name: "regions", value: "us-east" }]);
  });

  it("lets a generator's own template override the ApplicationSet's", () => {
    const set = gamesSet();
    (set as any).spec.generators[0].git.template = { spec: { project: "override" } };
    expect(generateApplications(set, files).map((a) => (a as any).spec.project)).toEqual(["override", "override"]);
  });

  it("names the ApplicationSet in every error: templates, duplicate names, templatePatch without goTemplate", () => {
    expect(() => generateApplications(gamesSet({}, { project: "{{.owner}}" }), files)).toThrow(
      /^ApplicationSet games: template "\{\{\.owner\}\}": map has no entry for key "owner"/,
    );
    const dup = gamesSet();
    (dup as any).spec.template.metadata.name = "same";
    expect(() => generateApplications(dup, files)).toThrow(/ApplicationSet games: generates more than one Application named same/);
    expect(() => generateApplications(gamesSet({ goTemplate: false, templatePatch: "spec: {}" }), files)).toThrow(
      /ApplicationSet games: templatePatch needs goTemplate: true/,
    );
    expect(() => generateApplications(gamesSet({ templatePatch: "spec: [" }), files)).toThrow(/ApplicationSet games: templatePatch does not render to YAML/);
    expect(() => generateApplications(gamesSet({ templatePatch: "- a list" }), files)).toThrow(/ApplicationSet games: templatePatch must render to a mapping/);
    expect(generateApplications(gamesSet({ templatePatch: "{{ if false }}x{{ end }}" }), files)).toHaveLength(2);
    const empty = gamesSet();
    (empty as any).spec.template.metadata.name = "";
    expect(() => generateApplications(empty, files)).toThrow(/empty metadata\.name/);
  });
});

describe("cluster preview", () => {
  it("summarises sync policies", () => {
    expect(syncSummary({ automated: { prune: true, selfHeal: true } })).toBe("auto (prune, selfHeal)");
    expect(syncSummary({ automated: {} })).toBe("auto");
    expect(syncSummary({ automated: { enabled: false } })).toBe("manual");
    expect(syncSummary(undefined)).toBe("manual");
  });

  it("rows per Application sorted by name; a failing ApplicationSet is an error, the others still count", () => {
    const broken = appSet("broken", { goTemplate: true, generators: [{ clusterDecisionResource: {} }], template: {} });
    const preview = previewObjects("c1", [gamesSet(), broken], files);
    expect(preview.applicationSets).toEqual(["broken", "games"]);
    expect(preview.applications.map((a) => [a.name, a.project, a.path, a.targetRevision, a.server, a.namespace, a.sync])).toEqual([
      ["game-alpha", "game-alpha", "games/alpha/production", "main", "https://kubernetes.default.svc", "gaia-alpha", "auto (prune, selfHeal)"],
      ["game-beta", "game-beta", "games/beta/production", "main", "https://kubernetes.default.svc", "gaia-beta", "auto (prune, selfHeal)"],
    ]);
    expect(preview.errors).toEqual([expect.stringMatching(/^ApplicationSet broken: the clusterDecisionResource generator needs a live cluster/)]);
    expect(gamesByCluster([preview]).get("c1")).toEqual(["alpha", "beta"]);
  });

  it("formats an aligned table and deterministic JSON", () => {
    const preview = previewObjects("c1", [gamesSet()], files);
    const table = previewTable([preview, { cluster: "c2", applicationSets: [], applications: [], errors: ["boom"] }]);
    const lines = table.split("\n");
    expect(lines[0]).toBe("cluster c1: 2 applications from 1 ApplicationSet");
    expect(lines[1].indexOf("PROJECT")).toBe(lines[2].indexOf("game-alpha", 3));
    expect(table).toContain("cluster c2: 0 applications from 0 ApplicationSets\n  (none)\n  error: boom");
    expect(JSON.parse(previewJson([preview]))).toEqual({ version: 1, clusters: [preview] });
    expect(previewJson([preview])).toBe(previewJson([previewObjects("c1", [gamesSet()], files)]));
  });

  it("tells which games a rendered cluster target deploys (for placement rules)", () => {
    expect(gamesDeployedBy([gamesSet()], files)).toEqual({ games: ["alpha", "beta"], errors: [] });
    expect(gameOfPath("games/alpha/production")).toBe("alpha");
    expect(gameOfPath("clusters/_templates/game-project")).toBeUndefined();
  });

  it("renders a kustomization cluster with the build function, reads plain YAML otherwise, and reports failures", async () => {
    const set = gamesSet();
    repo = tempRepo({
      "clusters/k/kustomization.yaml": "resources: [appsets.yaml]\n",
      "clusters/plain/appsets.yaml": `${JSON.stringify(set)}\n---\n# comment only\n`,
      "clusters/plain/cluster.yaml": "name: plain\nregion: us-east\n",
      "clusters/_templates/x/kustomization.yaml": "resources: []\n",
      "clusters/bad/kustomization.yaml": "resources: [missing.yaml]\n",
    });
    const build: BuildFn = async (dir) =>
      dir.endsWith("/bad")
        ? { ok: false, stdout: "", stderr: "Error: accumulating resources: missing.yaml: no such file", exitCode: 1 }
        : { ok: true, stdout: `${JSON.stringify(set)}\n`, stderr: "", exitCode: 0 };
    expect(clusterNames(repo.root)).toEqual(["bad", "k", "plain"]);
    expect((await clusterObjects(repo.root, "k", build)).map((o) => o.metadata.name)).toEqual(["games"]);
    expect((await clusterObjects(repo.root, "plain", build)).map((o) => o.kind)).toEqual(["ApplicationSet"]);
    const bad = await previewCluster(repo.root, "bad", build, files);
    expect(bad.errors).toEqual([expect.stringMatching(/^kustomize build clusters\/bad failed: .*missing\.yaml/)]);
    repo.write("clusters/plain/appsets.yaml", "a: [\n");
    expect((await previewCluster(repo.root, "plain", build, files)).errors).toEqual([
      expect.stringMatching(/clusters\/plain\/appsets\.yaml is not valid YAML/),
    ]);
  });
});
