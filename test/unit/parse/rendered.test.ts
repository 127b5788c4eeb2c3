import { describe, expect, it } from "vitest";
import { isK8sObject, loadRenderedObjects, locate, ORIGIN_ANNOTATION, takeOrigin, TRANSFORMATIONS_ANNOTATION } from "../../../scripts/lib/parse/rendered.ts";
import type { K8sObject } from "../../../scripts/lib/types.ts";

const ROOT = "/repo";
const WRAPPER = "/tmp/gaia-render/w-1";

describe("loadRenderedObjects", () => {
  it("keeps Kubernetes objects, skips empty documents and scalars, and gives every object a metadata map", () => {
    const objects = loadRenderedObjects("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n---\nplain\n---\napiVersion: v1\nkind: Namespace\n");
    expect(objects.map((o) => [o.kind, o.metadata])).toEqual([
      ["ConfigMap", { name: "a" }],
      ["Namespace", {}],
    ]);
  });

  it("throws on output kustomize would never print", () => {
    expect(() => loadRenderedObjects("a: [\n")).toThrow();
  });

  it("isK8sObject needs an object with a kind", () => {
    expect(isK8sObject({ kind: "X" })).toBe(true);
    expect(isK8sObject([{ kind: "X" }])).toBe(false);
    expect(isK8sObject({ apiVersion: "v1" })).toBe(false);
    expect(isK8sObject(null)).toBe(false);
  });
});

describe("takeOrigin", () => {
  const withAnnotations = (annotations: Record<string, string>): K8sObject => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a", annotations } });

  it("reads the origin file and the transforming kustomizations relative to the wrapper, then strips both annotations", () => {
    const o = withAnnotations({
      [ORIGIN_ANNOTATION]: "path: ../../../repo/base/web/cm.yaml\n",
      [TRANSFORMATIONS_ANNOTATION]: "- configuredIn: ../../../repo/overlays/production/kustomization.yaml\n  configuredBy: {kind: PatchTransformer}\n",
      keep: "me",
    });
    expect(takeOrigin(o, WRAPPER, ROOT)).toEqual({ file: "base/web/cm.yaml", configuredIn: ["overlays/production/kustomization.yaml"] });
    expect(o.metadata.annotations).toEqual({ keep: "me" });
  });

  it("uses configuredIn for generated objects and removes an emptied annotations map", () => {
    const o = withAnnotations({
      [ORIGIN_ANNOTATION]: "configuredIn: ../../../repo/games/a/production/kustomization.yaml\nconfiguredBy: {kind: ConfigMapGenerator}\n",
    });
    expect(takeOrigin(o, WRAPPER, ROOT)).toEqual({ file: "games/a/production/kustomization.yaml", configuredIn: [] });
    expect(o.metadata.annotations).toBeUndefined();
  });

  it("tolerates missing or garbled annotations", () => {
    expect(takeOrigin({ apiVersion: "v1", kind: "X", metadata: {} }, WRAPPER, ROOT)).toEqual({ configuredIn: [] });
    expect(takeOrigin(withAnnotations({ [ORIGIN_ANNOTATION]: "path: [", [TRANSFORMATIONS_ANNOTATION]: "{" }), WRAPPER, ROOT)).toEqual({ configuredIn: [] });
  });
});

describe("locate", () => {
  it("records the origin file and transformations, with the line left for later", () => {
    const o: K8sObject = { apiVersion: "v1", kind: "X", metadata: {} };
    expect(locate(o, { file: "base/x.yaml", configuredIn: ["k.yaml"] }, "fallback.yaml")).toEqual({
      object: o,
      source: { file: "base/x.yaml", line: 0 },
      origin: { file: "base/x.yaml", transformedBy: ["k.yaml"] },
    });
    expect(locate(o, { configuredIn: [] }, "fallback.yaml")).toEqual({
      object: o,
      source: { file: "fallback.yaml", line: 0 },
      origin: { file: "fallback.yaml" },
    });
  });
});
