import { describe, expect, it } from "vitest";
import { blameField, type Kustomization } from "../../../scripts/lib/parse/blame.ts";
import type { K8sObject } from "../../../scripts/lib/types.ts";
import { collapseByCause } from "../../../scripts/lib/report/collapse-cause.ts";
import type { Finding } from "../../../scripts/lib/types.ts";

const declared = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", labels: { app: "web" } }, spec: { replicas: 1 } };
const rendered: K8sObject = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "g-web-x", namespace: "gaia-g", labels: { app: "web", team: "red", tier: "gold" }, annotations: { owner: "me" } },
  spec: { replicas: 3, template: { spec: { containers: [{ name: "web", image: "reg/web:2.0@sha256:abc" }] } } },
};
const game: Kustomization = {
  file: "games/g/production/kustomization.yaml",
  doc: {
    namespace: "gaia-g",
    namePrefix: "g-",
    labels: [{ pairs: { team: "red" } }],
    commonLabels: { tier: "gold" },
    commonAnnotations: { owner: "me" },
    replicas: [{ name: "web", count: 3 }],
    images: [{ name: "reg/web", newTag: "2.0", digest: "sha256:abc" }],
  },
};
const blame = (pointer: string[], ks: Kustomization[] = [game]) => blameField(rendered, pointer, declared, ks);

describe("blameField", () => {
  it("blames each transformer field that sets the rendered value", () => {
    expect(blame(["metadata", "namespace"])).toEqual({ file: game.file, pointer: "/namespace" });
    expect(blame(["metadata", "name"])).toEqual({ file: game.file, pointer: "/namePrefix" });
    expect(blame(["metadata", "labels", "team"])).toEqual({ file: game.file, pointer: "/labels/0/pairs/team" });
    expect(blame(["metadata", "labels", "tier"])).toEqual({ file: game.file, pointer: "/commonLabels/tier" });
    expect(blame(["metadata", "annotations", "owner"])).toEqual({ file: game.file, pointer: "/commonAnnotations/owner" });
    expect(blame(["spec", "replicas"])).toEqual({ file: game.file, pointer: "/replicas/0/count" });
    expect(blame(["spec", "template", "spec", "containers", "0", "image"])).toEqual({ file: game.file, pointer: "/images/0/digest" });
  });

  it("blames labels and commonLabels for every selector kustomize writes them into", () => {
    const selected: K8sObject = {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: "allow-dns" },
      spec: { podSelector: { matchLabels: { tier: "gold" } }, egress: [{ to: [{ podSelector: { matchLabels: { tier: "gold", app: "dns" } } }] }] },
    };
    const at = (pointer: string[]) => blameField(selected, pointer, selected, [game]);
    expect(at(["spec", "podSelector", "matchLabels", "tier"])).toEqual({ file: game.file, pointer: "/commonLabels/tier" });
    expect(at(["spec", "egress", "0", "to", "0", "podSelector", "matchLabels", "tier"])).toEqual({ file: game.file, pointer: "/commonLabels/tier" });
    expect(at(["spec", "egress", "0", "to", "0", "podSelector", "matchLabels", "app"])).toBeUndefined();
  });

  it("blames nothing when no field sets that value, or for whole-object pointers", () => {
    const other: Kustomization = {
      file: "overlays/production/kustomization.yaml",
      doc: { namespace: "elsewhere", nameSuffix: "-y", replicas: [{ name: "web", count: 5 }] },
    };
    expect(blame(["metadata", "namespace"], [other])).toBeUndefined();
    expect(blame(["metadata", "name"], [other])).toBeUndefined();
    expect(blame(["spec", "replicas"], [other])).toBeUndefined();
    expect(blame(["metadata", "labels", "app"])).toBeUndefined();
    expect(blame(["spec"])).toBeUndefined();
  });

  it("the outermost kustomization that sets the value wins; a suffix is blamed too", () => {
    const outer: Kustomization = { file: "games/g/production/kustomization.yaml", doc: { nameSuffix: "-x", namespace: "gaia-g" } };
    const inner: Kustomization = { file: "overlays/production/kustomization.yaml", doc: { namespace: "gaia-g" } };
    expect(blame(["metadata", "namespace"], [outer, inner])?.file).toBe(outer.file);
    expect(blame(["metadata", "name"], [outer])).toEqual({ file: outer.file, pointer: "/nameSuffix" });
  });

  it("finds the line inside an inline strategic-merge or JSON 6902 patch", () => {
    const k: Kustomization = {
      file: "games/g/production/kustomization.yaml",
      doc: {
        patches: [
          { target: { kind: "Deployment" }, patch: "- op: add\n  path: /metadata/labels/x\n  value: y\n- op: replace\n  path: /spec/replicas\n  value: 3\n" },
          { patch: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      hostNetwork: true\n" },
        ],
      },
    };
    const obj = { ...rendered, spec: { ...(rendered.spec as object), template: { spec: { hostNetwork: true } } } } as K8sObject;
    expect(blameField(obj, ["spec", "replicas"], declared, [k])).toEqual({ file: k.file, pointer: "/patches/0/patch", offset: 3 });
    expect(blameField(obj, ["spec", "template", "spec", "hostNetwork"], declared, [k])).toEqual({ file: k.file, pointer: "/patches/1/patch", offset: 7 });
  });
});

describe("collapseByCause", () => {
  const f = (name: string, file: string, line = 1): Finding => ({
    ruleId: "tenancy-namespace",
    category: "tenancy",
    severity: "error",
    message: `${name} is in the wrong namespace`,
    fix: "fix",
    target: "games/g/production",
    object: { apiVersion: "v1", kind: "Service", namespace: "x", name },
    path: "/metadata/namespace",
    source: { file, line },
  });
  it("merges findings of one rule at one kustomization line into one naming every object; others are kept", () => {
    const k = "games/g/production/kustomization.yaml";
    const out = collapseByCause([f("a", k), f("b", k), f("c", k), f("d", "base/x.yaml"), f("e", "base/x.yaml"), f("g", k, 2)]);
    expect(out).toHaveLength(4);
    expect(out[0].message).toBe("a is in the wrong namespace (one cause for 3 objects: Service/x/a, Service/x/b, Service/x/c)");
    expect(out.slice(1).map((x) => x.object?.name)).toEqual(["d", "e", "g"]);
  });
  it("caps the listed objects", () => {
    const k = "games/g/production/kustomization.yaml";
    const many = Array.from({ length: 14 }, (_, i) => f(`o${String(i).padStart(2, "0")}`, k));
    expect(collapseByCause(many)[0].message).toMatch(/one cause for 14 objects: .*Service\/x\/o09, … and 4 more\)$/);
  });
});

describe("blameField: names built by namePrefix and nameSuffix", () => {
  const file = "games/g/production/kustomization.yaml";
  const named = (name: string, extra: Record<string, unknown> = {}): K8sObject => ({ apiVersion: "v1", kind: "Service", metadata: { name }, spec: extra });
  const web = { apiVersion: "v1", kind: "Service", metadata: { name: "web" }, spec: { ref: { name: "web" } } };
  const nameOf = (name: string, doc: Record<string, unknown>, declaredDoc: unknown = web) =>
    blameField(named(name), ["metadata", "name"], declaredDoc, [{ file, doc }]);

  it("names both when both made a well-formed name (too long), the prefix first whatever their order", () => {
    const both = { file, pointer: "/namePrefix", also: [{ file, pointer: "/nameSuffix" }] };
    expect(nameOf("pre-web-suf", { namePrefix: "pre-", nameSuffix: "-suf" })).toEqual(both);
    expect(nameOf("pre-web-suf", { nameSuffix: "-suf", namePrefix: "pre-" })).toEqual(both);
  });

  it("blames only the part that is malformed by itself", () => {
    expect(nameOf("ok-web-Web", { namePrefix: "ok-", nameSuffix: "-Web" })).toEqual({ file, pointer: "/nameSuffix" });
    expect(nameOf("Bad-web-ok", { namePrefix: "Bad-", nameSuffix: "-ok" })).toEqual({ file, pointer: "/namePrefix" });
    expect(nameOf("-web", { namePrefix: "-" })).toEqual({ file, pointer: "/namePrefix" });
    expect(nameOf("web.", { nameSuffix: "." })).toEqual({ file, pointer: "/nameSuffix" });
  });

  it("blames each alone, and neither when the declared name is the malformed part", () => {
    expect(nameOf("pre-web", { namePrefix: "pre-" })).toEqual({ file, pointer: "/namePrefix" });
    expect(nameOf("web-suf", { nameSuffix: "-suf" })).toEqual({ file, pointer: "/nameSuffix" });
    expect(nameOf("pre-Web_1-suf", { namePrefix: "pre-", nameSuffix: "-suf" })).toBeUndefined();
    expect(nameOf("web", { namePrefix: "pre-" })).toBeUndefined();
  });

  it("across layers: the outer kustomization's parts first, each layer's own file", () => {
    const inner = { file: "overlays/production/kustomization.yaml", doc: { namePrefix: "in-" } };
    const outer = { file, doc: { namePrefix: "out-", nameSuffix: "-x" } };
    expect(blameField(named("out-in-web-x"), ["metadata", "name"], web, [outer, inner])).toEqual({
      file,
      pointer: "/namePrefix",
      also: [
        { file, pointer: "/nameSuffix" },
        { file: inner.file, pointer: "/namePrefix" },
      ],
    });
  });

  it("blames a reference field only when the parts are exactly what was added to its declared value", () => {
    const doc = { namePrefix: "pre-", nameSuffix: "-suf" };
    const ref = (value: string) => blameField(named("pre-web-suf", { ref: { name: value } }), ["spec", "ref", "name"], web, [{ file, doc }]);
    expect(ref("pre-web-suf")).toEqual({ file, pointer: "/namePrefix", also: [{ file, pointer: "/nameSuffix" }] });
    expect(ref("pre-other-suf")).toBeUndefined();
    // A field named "name" that the declaring document does not have (a label kustomize added) is not a name reference.
    expect(blameField(named("pre-web-suf", { labels: { name: "pre-x-suf" } }), ["spec", "labels", "name"], web, [{ file, doc }])).toBeUndefined();
  });
});

describe("blameField: generated names and whole-name causes", () => {
  const file = "games/g/production/kustomization.yaml";
  const cm = (name: string): K8sObject => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name } });
  const doc = { namePrefix: "ok-", nameSuffix: "-Web" };

  it("looks past a generator's content hash to the suffix before it", () => {
    expect(blameField(cm("ok-settings-Web-g64dh58mgb"), ["metadata", "name"], undefined, [{ file, doc }])).toEqual({ file, pointer: "/nameSuffix" });
    expect(blameField(cm("ok-settings-g64dh58mgb"), ["metadata", "name"], undefined, [{ file, doc: { namePrefix: "ok-" } }])).toEqual({
      file,
      pointer: "/namePrefix",
    });
  });

  it("with wholeName, every part that changed the name is a cause, malformed or not", () => {
    expect(blameField(cm("ok-settings-Web"), ["metadata", "name"], undefined, [{ file, doc }], { wholeName: true })).toEqual({
      file,
      pointer: "/namePrefix",
      also: [{ file, pointer: "/nameSuffix" }],
    });
    expect(blameField(cm("ok-Settings-Web"), ["metadata", "name"], undefined, [{ file, doc }], { wholeName: true })).toEqual({
      file,
      pointer: "/namePrefix",
      also: [{ file, pointer: "/nameSuffix" }],
    });
  });
});
