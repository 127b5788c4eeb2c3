// An Application's source.kustomize overrides become the fields of a wrapper kustomization, as Argo CD's
// `kustomize edit set/add` commands would write them.
import { describe, expect, it } from "vitest";
import { imageOverride, KustomizeOptionError, wrapperFields } from "../../../scripts/lib/argocd/kustomize-options.ts";

const ctx = (files: Record<string, string> = {}) => ({
  sourceFromWrapper: "../../repo/clusters/_templates/game-project",
  readSourceFile: (p: string) => files[p],
});

describe("imageOverride", () => {
  it("reads Argo CD's name[=newName][:tag][@digest] forms", () => {
    expect(imageOverride("registry.gaia.tech/chat:1.2.0")).toEqual({ name: "registry.gaia.tech/chat", newTag: "1.2.0" });
    expect(imageOverride("chat=registry.gaia.tech/chat@sha256:abc")).toEqual({ name: "chat", newName: "registry.gaia.tech/chat", digest: "sha256:abc" });
    expect(imageOverride("localhost:5000/chat")).toEqual({ name: "localhost:5000/chat" });
  });
});

describe("wrapperFields", () => {
  it("has the source as its only resource without overrides", () => {
    expect(wrapperFields(undefined, ctx())).toEqual({ resources: ["../../repo/clusters/_templates/game-project"] });
  });

  it("maps every override kustomize has a field for", () => {
    const fields = wrapperFields(
      {
        namePrefix: "demo-",
        namespace: "gaia-demo",
        commonLabels: { team: "demo" },
        labelWithoutSelector: true,
        commonAnnotations: { owner: "demo" },
        images: ["chat=registry.gaia.tech/chat:2.0.0"],
        replicas: [{ name: "chat", count: 3 }],
        components: ["../components/x"],
        patches: [{ target: { kind: "AppProject" }, patch: "- op: remove\n  path: /spec/x" }, { path: "patch.yaml" }],
      },
      ctx({ "patch.yaml": "kind: AppProject\n" }),
    );
    expect(fields).toEqual({
      resources: ["../../repo/clusters/_templates/game-project"],
      namePrefix: "demo-",
      namespace: "gaia-demo",
      labels: [{ pairs: { team: "demo" }, includeSelectors: false }],
      commonAnnotations: { owner: "demo" },
      images: [{ name: "chat", newName: "registry.gaia.tech/chat", newTag: "2.0.0" }],
      replicas: [{ name: "chat", count: 3 }],
      components: ["../../repo/clusters/_templates/components/x"],
      patches: [{ target: { kind: "AppProject" }, patch: "- op: remove\n  path: /spec/x" }, { patch: "kind: AppProject\n" }],
    });
  });

  it("refuses a patch file missing from the source folder and a patch that is not a mapping", () => {
    expect(() => wrapperFields({ patches: [{ path: "missing.yaml" }] }, ctx())).toThrow(KustomizeOptionError);
    expect(() => wrapperFields({ patches: ["- op: add"] }, ctx())).toThrow(/kustomize.patches\[0\] is not a mapping/);
  });
});
