import { afterEach, describe, expect, it } from "vitest";
import { parsePointer, SourceLocator } from "../../../scripts/lib/parse/locate.ts";
import type { K8sObject, LocatedObject } from "../../../scripts/lib/types.ts";
import { KUSTOMIZATION, tempRepo, type TempRepo } from "../util/temp-repo.ts";

let repo: TempRepo;
afterEach(() => repo?.dispose());

const BASE = `apiVersion: v1
kind: Service
metadata:
  name: web
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  template:
    spec:
      containers:
        - name: app
          image: app:1
          ports:
            - containerPort: 8080
        - name: sidecar
          image: sidecar:1
`;

// The patch lists the containers in the other order and only sets the sidecar's image.
const PATCH = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: sidecar
          image: sidecar:2
        - name: app
          resources: {}
`;

const rendered = (): K8sObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "gaia-demo" },
  spec: {
    replicas: 1,
    template: {
      spec: {
        containers: [
          { name: "app", image: "app:1", ports: [{ containerPort: 8080 }], resources: {} },
          { name: "sidecar", image: "sidecar:2" },
        ],
      },
    },
  },
});

function locatorRepo() {
  repo = tempRepo({
    "base/web/all.yaml": BASE,
    "base/web/kustomization.yaml": KUSTOMIZATION("resources:\n  - all.yaml\n"),
    "overlays/production/kustomization.yaml": KUSTOMIZATION("resources:\n  - ../../base/web\npatches:\n  - path: patch.yaml\n"),
    "overlays/production/patch.yaml": PATCH,
  });
  return new SourceLocator(repo.root);
}

const patched = (): LocatedObject => ({
  object: rendered(),
  source: { file: "base/web/all.yaml", line: 0 },
  origin: { file: "base/web/all.yaml", transformedBy: ["overlays/production/kustomization.yaml", "base/web/kustomization.yaml"] },
});

describe("parsePointer", () => {
  it("splits and unescapes JSON pointers", () => {
    expect(parsePointer("")).toEqual([]);
    expect(parsePointer("/metadata/annotations/gaia.tech~1ignore")).toEqual(["metadata", "annotations", "gaia.tech/ignore"]);
    expect(parsePointer("/a~0b/0")).toEqual(["a~b", "0"]);
  });
});

describe("SourceLocator.locate", () => {
  it("picks the patch file when the patch sets the field, matching containers by name across a different order", () => {
    const loc = locatorRepo();
    expect(loc.locate(patched(), "/spec/template/spec/containers/1/image")).toEqual({ file: "overlays/production/patch.yaml", line: 10 });
  });

  it("picks the base file when the patch does not set the field, with the right document of a multi-document file", () => {
    const loc = locatorRepo();
    expect(loc.locate(patched(), "/spec/template/spec/containers/0/image")).toEqual({ file: "base/web/all.yaml", line: 16 });
    expect(loc.locate(patched(), "/spec/replicas")).toEqual({ file: "base/web/all.yaml", line: 11 });
    expect(loc.locate(patched(), "/spec/template/spec/containers/0/ports/0/containerPort")).toEqual({ file: "base/web/all.yaml", line: 18 });
  });

  it("falls back to the nearest existing parent, and to the document start for a field no file sets", () => {
    const loc = locatorRepo();
    expect(loc.locate(patched(), "/metadata/namespace")).toEqual({ file: "base/web/all.yaml", line: 8 });
    expect(loc.locate(patched(), "/status")).toEqual({ file: "base/web/all.yaml", line: 6 });
    expect(loc.locate(patched(), "")).toEqual({ file: "base/web/all.yaml", line: 6 });
  });

  it("uses the exact document line of a plain manifest", () => {
    const loc = locatorRepo();
    const lo: LocatedObject = {
      object: { apiVersion: "v1", kind: "Service", metadata: { name: "web" } },
      source: { file: "base/web/all.yaml", line: 1 },
      origin: { file: "base/web/all.yaml" },
    };
    expect(loc.locate(lo, "/metadata/name")).toEqual({ file: "base/web/all.yaml", line: 4 });
  });

  it("falls back to the recorded line when the origin file is gone", () => {
    const loc = new SourceLocator("/nonexistent");
    const lo: LocatedObject = { object: rendered(), source: { file: "base/gone.yaml", line: 7 }, origin: { file: "base/gone.yaml" } };
    expect(loc.locate(lo, "/spec/replicas")).toEqual({ file: "base/gone.yaml", line: 7 });
    expect(loc.locate({ ...lo, source: { file: "base/gone.yaml", line: 0 } }, "/spec")).toEqual({ file: "base/gone.yaml", line: 1 });
  });

  it("locates fields in registered in-memory text (stdin)", () => {
    const loc = new SourceLocator("/nonexistent");
    loc.register("-", Buffer.from("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\n"));
    expect(loc.lineIn("-", "/data/k")).toEqual({ line: 6, exact: true });
    expect(loc.lineIn("-", "/data/missing")).toEqual({ line: 5, exact: false });
  });
});

describe("SourceLocator.locate in multi-object files", () => {
  it("prefers the document with the object's exact name over one whose name is a prefix of it", () => {
    repo = tempRepo({
      "base/app/workloads.yaml":
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-worker\nspec:\n  replicas: 2\n",
    });
    const loc = new SourceLocator(repo.root);
    const lo = (name: string): LocatedObject => ({
      object: { apiVersion: "apps/v1", kind: "Deployment", metadata: { name, namespace: "gaia-demo" }, spec: { replicas: 1 } },
      source: { file: "base/app/workloads.yaml", line: 0 },
      origin: { file: "base/app/workloads.yaml", transformedBy: ["base/app/kustomization.yaml"] },
    });
    expect(loc.locate(lo("web-worker"), "/spec/replicas")).toEqual({ file: "base/app/workloads.yaml", line: 13 });
    expect(loc.locate(lo("web"), "/spec/replicas")).toEqual({ file: "base/app/workloads.yaml", line: 6 });
    expect(loc.locate(lo("prod-web-worker"), "/spec/replicas")).toEqual({ file: "base/app/workloads.yaml", line: 13 });
  });
});

describe("SourceLocator.locate with a patch file for several objects", () => {
  it("uses the patch document of the object itself, not one for an object whose name is a prefix of it", () => {
    repo = tempRepo({
      "base/app/workloads.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-worker\nspec:\n  replicas: 1\n",
      "overlays/production/kustomization.yaml": KUSTOMIZATION("resources:\n  - ../../base/app\npatches:\n  - path: patches.yaml\n"),
      "overlays/production/patches.yaml":
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 5\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-worker\nspec:\n  paused: true\n",
    });
    const loc = new SourceLocator(repo.root);
    const lo: LocatedObject = {
      object: { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web-worker" }, spec: { replicas: 1, paused: true } },
      source: { file: "base/app/workloads.yaml", line: 0 },
      origin: { file: "base/app/workloads.yaml", transformedBy: ["overlays/production/kustomization.yaml"] },
    };
    expect(loc.locate(lo, "/spec/replicas")).toEqual({ file: "base/app/workloads.yaml", line: 6 });
    expect(loc.locate(lo, "/spec/paused")).toEqual({ file: "overlays/production/patches.yaml", line: 13 });
  });
});
