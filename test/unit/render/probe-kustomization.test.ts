import { describe, expect, it } from "vitest";
import { probeKustomization, PROBE_FIELD, PROBE_TAG_PREFIX } from "../../../scripts/lib/render/probe-kustomization.ts";

const ctx = () => {
  let n = 0;
  return { dir: "/repo/games/g/production", probeDir: "/tmp/gaia-render/p-1/k", file: "games/g/production/kustomization.yaml", nextId: () => String(n++) };
};

describe("probeKustomization", () => {
  it("marks each targeted patch and images entry, keeps untargeted patches, drops delete patches, and rewrites local paths", () => {
    const source = {
      resources: ["../../../overlays/production", "extra.yaml"],
      components: ["../../../base/components/canary"],
      configMapGenerator: [{ name: "cfg", files: ["app.conf", "key=other.conf"], envs: ["env.txt"] }],
      patches: [
        { path: "p.yaml" },
        { target: { kind: "Deployment", name: "web" }, patch: "- op: remove\n  path: /spec/replicas\n" },
        { target: { kind: "CustomResourceDefinition" }, patch: "$patch: delete\nkind: CustomResourceDefinition\nmetadata:\n  name: x\n" },
      ],
      patchesJson6902: [{ target: { version: "v1", kind: "ConfigMap", name: "c" }, path: "ops.yaml" }],
      images: [{ name: "nginx", newTag: "1.25", digest: "sha256:abc" }],
    };
    const before = structuredClone(source);
    const { doc, probes } = probeKustomization(source, ctx());
    expect(source).toEqual(before);
    expect(doc.resources).toEqual(["../../../../repo/overlays/production", "../../../../repo/games/g/production/extra.yaml"]);
    expect(doc.components).toEqual(["../../../../repo/base/components/canary"]);
    expect(doc.configMapGenerator[0].files).toEqual(["../../../../repo/games/g/production/app.conf", "key=../../../../repo/games/g/production/other.conf"]);
    expect(probes.map((p) => [p.id, p.kind, p.pointer, p.wants])).toEqual([
      ["0", "patch", "/patches/1", "kind Deployment, name web"],
      ["1", "patch", "/patches/2", "kind CustomResourceDefinition"],
      ["2", "patch", "/patchesJson6902/0", "version v1, kind ConfigMap, name c"],
      ["3", "image", "/images/0", "image nginx"],
    ]);
    // untargeted, probe 0, the real patch 1, probe 1 (its delete patch left out), then probe 2 for the JSON 6902 entry.
    expect(doc.patches.map((p: any) => (p.patch?.includes(PROBE_FIELD) ? `probe ${/"(\d+)"/.exec(p.patch)![1]}` : (p.path ?? "real")))).toEqual([
      "../../../../repo/games/g/production/p.yaml",
      "probe 0",
      "real",
      "probe 1",
      "probe 2",
    ]);
    expect(doc.patchesJson6902[0].path).toBe("../../../../repo/games/g/production/ops.yaml");
    expect(doc.images).toEqual([{ name: "nginx", newTag: `${PROBE_TAG_PREFIX}3` }]);
  });

  it("leaves a kustomization without targeted patches or images without probes", () => {
    const { probes, doc } = probeKustomization({ resources: ["a.yaml"], patches: [{ path: "p.yaml" }], namespace: "x" }, ctx());
    expect(probes).toEqual([]);
    expect(doc.namespace).toBe("x");
  });
});
