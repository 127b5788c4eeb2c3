// Argo CD's AppProject checks (AppProject.IsGroupKindPermitted / IsDestinationPermitted / IsSourcePermitted) and the
// lookup of an Application's project among what a cluster renders.
import { describe, expect, it } from "vitest";
import { destinationPermitted, findProject, groupKindRefusal, sourcePermitted } from "../../../scripts/lib/argocd/appproject.ts";
import { sourceKey, type ArgoApplication, type ArgoContext } from "../../../scripts/lib/argocd/cluster-model.ts";
import type { K8sObject, RenderedTarget } from "../../../scripts/lib/types.ts";

const project = (spec: Record<string, unknown>, name = "game-demo"): K8sObject => ({
  apiVersion: "argoproj.io/v1alpha1",
  kind: "AppProject",
  metadata: { name },
  spec,
});

const app = (over: Partial<ArgoApplication> = {}): ArgoApplication =>
  ({
    cluster: "development",
    clusterTarget: "clusters/development",
    name: "game-demo",
    project: "game-demo",
    sources: [{ repoURL: "https://git.gaia.tech/platform/gaia-gitops.git", path: "games/demo/development" }],
    destination: { server: "https://kubernetes.default.svc", namespace: "gaia-demo" },
    ...over,
  }) as ArgoApplication;

describe("groupKindRefusal", () => {
  it("permits every namespaced kind without a whitelist, none with an empty one", () => {
    expect(groupKindRefusal(project({}), "", "Secret", true)).toBe("");
    expect(groupKindRefusal(project({ namespaceResourceWhitelist: [] }), "", "ConfigMap", true)).toBe("namespaceResourceWhitelist does not list it");
  });

  it("matches group and kind as globs and lets the blacklist win", () => {
    const p = project({ namespaceResourceWhitelist: [{ group: "*", kind: "*" }], namespaceResourceBlacklist: [{ group: "", kind: "Secret" }] });
    expect(groupKindRefusal(p, "apps", "Deployment", true)).toBe("");
    expect(groupKindRefusal(p, "", "Secret", true)).toBe("namespaceResourceBlacklist lists it");
  });

  it("refuses cluster-scoped kinds unless whitelisted", () => {
    expect(groupKindRefusal(project({}), "", "Namespace", false)).toBe("clusterResourceWhitelist does not list it");
    const p = project({ clusterResourceWhitelist: [{ group: "", kind: "Namespace" }] });
    expect(groupKindRefusal(p, "", "Namespace", false)).toBe("");
    expect(groupKindRefusal(p, "rbac.authorization.k8s.io", "ClusterRole", false)).toBe("clusterResourceWhitelist does not list it");
  });
});

describe("destinations and sources", () => {
  it("needs the server (or cluster name) and the namespace to match one destination", () => {
    const p = project({
      destinations: [
        { server: "https://kubernetes.default.svc", namespace: "gaia-demo" },
        { name: "edge-*", namespace: "*" },
      ],
    });
    expect(destinationPermitted(p, app(), "gaia-demo")).toBe(true);
    expect(destinationPermitted(p, app(), "gaia-platform")).toBe(false);
    expect(destinationPermitted(p, app({ destination: { name: "edge-1", namespace: "x" } }), "x")).toBe(true);
    expect(destinationPermitted(project({}), app(), "gaia-demo")).toBe(false);
  });

  it("matches sourceRepos as globs", () => {
    expect(sourcePermitted(project({ sourceRepos: ["https://git.gaia.tech/platform/*"] }), "https://git.gaia.tech/platform/gaia-gitops.git")).toBe(true);
    expect(sourcePermitted(project({ sourceRepos: ["https://git.gaia.tech/platform/gaia-gitops.git"] }), "https://github.com/x/y.git")).toBe(false);
  });
});

describe("findProject", () => {
  const cluster = (objects: K8sObject[]): RenderedTarget => ({
    target: { path: "clusters/development", kind: "cluster", cluster: "development" },
    status: "ok",
    objects: objects.map((object) => ({ object, source: { file: "clusters/development/x.yaml", line: 1 } })),
    ms: 0,
    cached: false,
    findings: [],
  });
  const templateSource = { repoURL: "r", path: "clusters/_templates/game-project" };
  const projectApp = app({ name: "project-demo", project: "platform", sources: [templateSource] });
  const context = (render: ArgoContext["sources"] extends Map<string, infer R> ? R : never, clusterTargets = [cluster([])]): ArgoContext => ({
    model: { applications: [app(), projectApp], errors: [] },
    sources: new Map([[sourceKey(templateSource), render]]),
    clusterTargets,
  });

  it("finds the project in the cluster target, then in the renders of the cluster's Application sources", () => {
    const p = project({});
    expect(findProject(app(), context({ status: "ok", objects: [] }, [cluster([p])]))).toEqual({ project: p });
    expect(findProject(app(), context({ status: "ok", objects: [p] }))).toEqual({ project: p });
    expect(findProject(app(), context({ status: "ok", objects: [project({}, "game-other")] }))).toBeUndefined();
  });

  it("says the project cannot be read when a source of the cluster failed to render", () => {
    expect(findProject(app(), context({ status: "failed", message: "kustomize build failed: boom" }))).toEqual({
      unreadable: "Application project-demo's source clusters/_templates/game-project does not render: kustomize build failed: boom",
    });
  });
});
