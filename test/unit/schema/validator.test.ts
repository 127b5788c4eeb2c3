import { afterEach, describe, expect, it } from "vitest";
import { SchemaValidator } from "../../../scripts/lib/schema/validator.ts";
import { schemaFindings } from "../../../scripts/lib/schema/errors.ts";
import { TOOLKIT_ROOT } from "../../../scripts/lib/util/paths.ts";
import { tempRepo, type TempRepo } from "../util/temp-repo.ts";

let repo: TempRepo;
afterEach(() => repo?.dispose());

const widget = (spec: unknown) => ({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" }, spec }) as any;
const WIDGET_SCHEMA = JSON.stringify({
  type: "object",
  properties: {
    apiVersion: { type: "string" },
    kind: { type: "string" },
    metadata: { type: "object" },
    spec: { type: "object", additionalProperties: false, properties: { size: { type: "integer" } } },
  },
});

describe("SchemaValidator", () => {
  it("reports a missing schema with every place it looked", () => {
    const v = new SchemaValidator({ root: TOOLKIT_ROOT });
    const verdict = v.validate(widget({}));
    expect(verdict.status).toBe("missing");
    expect(verdict.status === "missing" && verdict.looked).toEqual([
      expect.stringMatching(/^schemas\/kubernetes\/.+\/widget-example-v1\.json$/),
      "schemas/crds/json/example.com/widget_v1.json",
    ]);
  });

  it("looks only in the Kubernetes schemas for a core-group kind", () => {
    const verdict = new SchemaValidator({ root: TOOLKIT_ROOT }).validate({ apiVersion: "v1", kind: "Gizmo", metadata: {} });
    expect(verdict.status === "missing" && verdict.looked).toHaveLength(1);
  });

  it("skips configured kinds, for one apiVersion or for all", () => {
    const v = new SchemaValidator({
      root: TOOLKIT_ROOT,
      skip: [{ kind: "Widget", apiVersion: "example.com/v1" }, { kind: "Gadget", apiVersion: "*" }, { kind: "Gizmo" }],
    });
    expect(v.validate(widget({}))).toEqual({ status: "skipped" });
    expect(v.validate({ apiVersion: "other.io/v2", kind: "Gadget", metadata: {} })).toEqual({ status: "skipped" });
    expect(v.validate({ apiVersion: "x.io/v1", kind: "Gizmo", metadata: {} })).toEqual({ status: "skipped" });
    expect(v.validate({ apiVersion: "example.com/v2", kind: "Widget", metadata: {} }).status).toBe("missing");
  });

  it("validates custom resources against the CRD schemas, strictly", () => {
    const v = new SchemaValidator({ root: TOOLKIT_ROOT });
    const app = (spec: Record<string, unknown>) =>
      ({ apiVersion: "argoproj.io/v1alpha1", kind: "Application", metadata: { name: "demo", namespace: "argocd" }, spec }) as any;
    const good = app({
      project: "demo",
      source: { repoURL: "https://git.example.com/gitops.git", path: "games/demo/production", targetRevision: "main" },
      destination: { server: "https://kubernetes.default.svc", namespace: "gaia-demo" },
    });
    expect(v.validate(good)).toEqual({ status: "valid" });
    const bad = v.validate(app({ ...good.spec, projectt: "demo" }));
    expect(bad.status).toBe("invalid");
    expect(bad.status === "invalid" && bad.errors.some((e) => e.keyword === "additionalProperties")).toBe(true);
  });

  it("accepts null in an optional custom-resource field and reports it in a required one", () => {
    const v = new SchemaValidator({ root: TOOLKIT_ROOT });
    const certificate = (spec: Record<string, unknown>) =>
      ({ apiVersion: "cert-manager.io/v1", kind: "Certificate", metadata: { name: "play", creationTimestamp: null }, spec }) as any;
    const optionalNull = certificate({ secretName: "play-tls", issuerRef: { name: "le", kind: null }, renewBefore: null, privateKey: { algorithm: null } });
    expect(v.validate(optionalNull)).toEqual({ status: "valid" });

    const requiredNull = certificate({ secretName: "play-tls", issuerRef: { name: null } });
    const verdict = v.validate(requiredNull);
    expect(verdict.status).toBe("invalid");
    const findings = schemaFindings(requiredNull, verdict.status === "invalid" ? verdict.errors : [], "t", "f.yaml");
    expect(findings.map((f) => [f.ruleId, f.path])).toEqual([["schema-type", "/spec/issuerRef/name"]]);
    expect(findings[0].message).toBe("Certificate play: spec.issuerRef.name must be string, not null");
  });

  it("prefers a CRD schema in the validated repository", () => {
    repo = tempRepo({ "schemas/crds/json/example.com/widget_v1.json": WIDGET_SCHEMA });
    const v = new SchemaValidator({ root: repo.root });
    expect(v.validate(widget({ size: 3 }))).toEqual({ status: "valid" });
    const bad = v.validate(widget({ size: "3", colour: "red" }));
    expect(bad.status === "invalid" && bad.errors.map((e) => e.keyword).sort()).toEqual(["additionalProperties", "type"]);
  });

  it("reports a malformed apiVersion or kind as an invalid field instead of throwing", () => {
    const v = new SchemaValidator({ root: TOOLKIT_ROOT });
    for (const [apiVersion, kind, field] of [
      ["example.com/v1/extra", "Widget", "/apiVersion"],
      ["apps/v1/", "Deployment", "/apiVersion"],
      ["", "Pod", "/apiVersion"],
      ["x.io/v1", "", "/kind"],
      ["x.io/v1", "../../etc/passwd", "/kind"],
    ]) {
      const object = { apiVersion, kind, metadata: { name: "m" } };
      const verdict = v.validate(object);
      expect(verdict.status, `${apiVersion} ${kind}`).toBe("invalid");
      const [f] = schemaFindings(object, verdict.status === "invalid" ? verdict.errors : [], "t", "m.yaml");
      expect(f).toMatchObject({ ruleId: "schema-invalid", path: field });
    }
    const bad = { apiVersion: "apps/v1/", kind: "Deployment", metadata: { name: "m" } };
    const verdict = v.validate(bad);
    const [f] = schemaFindings(bad, verdict.status === "invalid" ? verdict.errors : [], "t", "m.yaml");
    expect(f.message).toBe('Deployment m: apiVersion must be of the form "group/version" or "version", not "apps/v1/"');
  });

  it("accepts the apiVersion and kind shapes Kubernetes and CRDs use", () => {
    const v = new SchemaValidator({ root: TOOLKIT_ROOT });
    for (const [apiVersion, kind] of [
      ["v1", "ConfigMap"],
      ["rbac.authorization.k8s.io/v1", "ClusterRole"],
      ["networking.istio.io/v1beta1", "VirtualService"],
      ["karpenter.k8s.aws/v1", "EC2NodeClass"],
    ]) {
      const verdict = v.validate({ apiVersion, kind, metadata: { name: "x" } });
      const errors = verdict.status === "invalid" ? verdict.errors : [];
      expect(
        errors.filter((e) => e.instancePath === "/apiVersion" || e.instancePath === "/kind"),
        `${apiVersion} ${kind}`,
      ).toEqual([]);
    }
  });

  it("compiles a kind once and reuses it", () => {
    repo = tempRepo({ "schemas/crds/json/example.com/widget_v1.json": WIDGET_SCHEMA });
    const v = new SchemaValidator({ root: repo.root });
    expect(v.validate(widget({ size: 1 })).status).toBe("valid");
    repo.write("schemas/crds/json/example.com/widget_v1.json", "not json");
    expect(v.validate(widget({ size: 2 })).status).toBe("valid");
  });
});
