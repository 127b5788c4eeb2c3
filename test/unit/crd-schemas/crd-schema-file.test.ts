import { describe, expect, it } from "vitest";
import { crdSchemaFile, crdSchemaFileName, KUBECONFORM_CRD_SCHEMA_LOCATION } from "../../../scripts/lib/schema/crd-schemas.ts";

describe("crdSchemaFile", () => {
  it("maps apiVersion and kind to kubeconform's <group>/<kind>_<version>.json layout", () => {
    expect(crdSchemaFile("argoproj.io/v1alpha1", "ApplicationSet")).toBe("schemas/crds/json/argoproj.io/applicationset_v1alpha1.json");
    expect(crdSchemaFile("monitoring.coreos.com/v1", "PrometheusRule")).toBe("schemas/crds/json/monitoring.coreos.com/prometheusrule_v1.json");
    expect(crdSchemaFile("gaia.tech/v1alpha1", "GateNetwork")).toBe("schemas/crds/json/gaia.tech/gatenetwork_v1alpha1.json");
  });

  it("agrees with the kubeconform -schema-location template", () => {
    const expanded = KUBECONFORM_CRD_SCHEMA_LOCATION.replace("{{.Group}}", "keda.sh")
      .replace("{{.ResourceKind}}", "scaledobject")
      .replace("{{.ResourceAPIVersion}}", "v1alpha1");
    expect(crdSchemaFile("keda.sh/v1alpha1", "ScaledObject")).toBe(expanded);
  });

  it("names the file after the lowercased kind", () => {
    expect(crdSchemaFileName("VerticalPodAutoscaler", "v1")).toBe("verticalpodautoscaler_v1.json");
  });

  it.each(["v1", "/v1", "apps/", "a/b/c", ""])("rejects apiVersion %j, which has no group/version pair", (apiVersion) => {
    expect(() => crdSchemaFile(apiVersion, "Thing")).toThrow(/has no API group/);
  });

  it("rejects an empty kind", () => {
    expect(() => crdSchemaFile("keda.sh/v1alpha1", "")).toThrow(/kind is empty/);
  });
});
