import { describe, expect, it } from "vitest";
import { KUBERNETES_SCHEMA_DIR, KUBERNETES_VERSION, kubernetesDefinitionName, kubernetesSchemaFile } from "../../../scripts/lib/schema/kubernetes-schemas.ts";

describe("kubernetesSchemaFile", () => {
  it.each([
    ["apps/v1", "Deployment", "deployment-apps-v1.json"],
    ["v1", "Service", "service-v1.json"],
    ["networking.k8s.io/v1", "Ingress", "ingress-networking-v1.json"],
    ["autoscaling/v2", "HorizontalPodAutoscaler", "horizontalpodautoscaler-autoscaling-v2.json"],
    ["rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "clusterrolebinding-rbac-v1.json"],
  ])("names %s %s as %s", (apiVersion, kind, file) => {
    expect(kubernetesSchemaFile(apiVersion, kind)).toBe(file);
  });

  it.each(["", "/v1", "apps/", "a/b/c"])("rejects the malformed apiVersion %j", (apiVersion) => {
    expect(() => kubernetesSchemaFile(apiVersion, "Deployment")).toThrow(/malformed apiVersion/);
  });

  it("rejects an empty kind", () => {
    expect(() => kubernetesSchemaFile("apps/v1", "")).toThrow(/kind is empty/);
  });

  it("pins the version in the folder name", () => {
    expect(KUBERNETES_SCHEMA_DIR).toBe(`schemas/kubernetes/v${KUBERNETES_VERSION}-local-strict`);
  });
});

describe("kubernetesDefinitionName", () => {
  it("reads the definition a per-kind file refers to", () => {
    const schema = { $ref: "_definitions.json#/definitions/io.k8s.api.apps.v1.Deployment" };
    expect(kubernetesDefinitionName(schema)).toBe("io.k8s.api.apps.v1.Deployment");
  });

  it.each([null, {}, { $ref: 3 }, { $ref: "#/definitions/x" }, { $ref: "_definitions.json#/definitions/" }])("rejects %j", (schema) => {
    expect(() => kubernetesDefinitionName(schema)).toThrow(/not a per-kind Kubernetes schema/);
  });
});
