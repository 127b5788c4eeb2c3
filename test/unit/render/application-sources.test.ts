// Application sources that are not targets are rendered as Argo CD renders them: kustomize through a wrapper that
// carries the source's overrides, plain manifests as they are; failures become values, never exceptions.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { renderApplicationSources, type SourceRenderOptions } from "../../../scripts/lib/render/application-sources.ts";
import { sourceKey, type AppSource, type ArgoApplication, type ArgoModel } from "../../../scripts/lib/argocd/cluster-model.ts";
import { noCache } from "../../../scripts/lib/render/cache.ts";
import type { BuildFn } from "../../../scripts/lib/kustomize/build.ts";

let roots: string[] = [];
afterEach(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
  roots = [];
});

function repo(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "gaia-sources-"));
  roots.push(root);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(root, file, ".."), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  return root;
}

const model = (sources: AppSource[]): ArgoModel => ({ applications: [{ name: "a", sources } as ArgoApplication], errors: [] });

function options(root: string, build: BuildFn): SourceRenderOptions {
  return { root, build, cache: noCache(), kustomizeVersion: "v5.7.1", jobs: 1, isTarget: (p) => p === "games/demo/production" };
}

describe("renderApplicationSources", () => {
  it("builds a kustomization source through a wrapper holding its overrides", async () => {
    const root = repo({ "clusters/_templates/p/kustomization.yaml": "resources: [p.yaml]\n", "clusters/_templates/p/p.yaml": "kind: AppProject\n" });
    const source: AppSource = { repoURL: "r", path: "clusters/_templates/p", kustomize: { namespace: "argocd" } };
    let wrapper = "";
    const build: BuildFn = async (dir) => {
      wrapper = readFileSync(join(dir, "kustomization.yaml"), "utf8");
      return { ok: true, stdout: "apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata: {name: game-demo}\n", stderr: "", exitCode: 0 };
    };
    const out = await renderApplicationSources(model([source]), options(root, build));
    expect(wrapper).toMatch(/namespace: argocd/);
    expect(wrapper).toMatch(/clusters\/_templates\/p/);
    expect(out.get(sourceKey(source))).toEqual({
      status: "ok",
      objects: [{ apiVersion: "argoproj.io/v1alpha1", kind: "AppProject", metadata: { name: "game-demo" } }],
    });
  });

  it("returns a failed render with kustomize's message, and one for a bad patch file", async () => {
    const root = repo({ "clusters/_templates/p/kustomization.yaml": "resources: []\n" });
    const failing: AppSource = { repoURL: "r", path: "clusters/_templates/p" };
    const badPatch: AppSource = { repoURL: "r", path: "clusters/_templates/p", kustomize: { patches: [{ path: "nope.yaml" }] } };
    const build: BuildFn = async () => ({ ok: false, stdout: "", stderr: "Error: accumulating resources: boom", exitCode: 1 });
    const out = await renderApplicationSources(model([failing, badPatch]), options(root, build));
    expect(out.get(sourceKey(failing))).toMatchObject({ status: "failed", message: expect.stringMatching(/^kustomize build failed: .*boom/) });
    expect(out.get(sourceKey(badPatch))).toEqual({ status: "failed", message: "kustomize.patches[0].path nope.yaml does not exist in the source folder" });
  });

  it("reads a plain-manifest folder as it is, reports bad YAML, and skips targets, Helm charts and folders outside the repository", async () => {
    const root = repo({
      "manifests/a.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n",
      "broken/b.yaml": "a: [\n",
      "games/demo/production/kustomization.yaml": "",
    });
    const never: BuildFn = async () => {
      throw new Error("must not build");
    };
    const sources: AppSource[] = [
      { repoURL: "r", path: "manifests" },
      { repoURL: "r", path: "broken" },
      { repoURL: "r", path: "games/demo/production" },
      { repoURL: "r", path: "charts/x", tool: "helm" },
      { repoURL: "r", path: "../outside" },
    ];
    const out = await renderApplicationSources(model(sources), options(root, never));
    expect(out.get(sourceKey(sources[0]))).toEqual({ status: "ok", objects: [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a" } }] });
    expect(out.get(sourceKey(sources[1]))).toMatchObject({ status: "failed", message: expect.stringMatching(/^b.yaml is not valid YAML/) });
    expect(out.size).toBe(2);
  });
});
