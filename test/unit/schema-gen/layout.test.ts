import { describe, expect, it } from "vitest";
import { layoutSchemaFiles } from "../../../scripts/schema-gen/kubernetes/generate.ts";

describe("layoutSchemaFiles", () => {
  it("writes the definitions once and one sorted, deterministic file per kind", () => {
    const files = layoutSchemaFiles({
      "io.k8s.api.core.v1.Service": { type: "object", "x-kubernetes-group-version-kind": [{ group: "", version: "v1", kind: "Service" }] },
      "io.k8s.api.apps.v1.Deployment": { "x-kubernetes-group-version-kind": [{ group: "apps", version: "v1", kind: "Deployment" }], type: "object" },
      "io.k8s.api.core.v1.ServiceSpec": { type: "object" },
    });
    expect([...files.keys()]).toEqual(["_definitions.json", "deployment-apps-v1.json", "service-v1.json"]);
    expect(files.get("service-v1.json")).toBe('{\n  "$ref": "_definitions.json#/definitions/io.k8s.api.core.v1.Service"\n}\n');
    const definitions = files.get("_definitions.json")!;
    expect(definitions.indexOf("io.k8s.api.apps.v1.Deployment")).toBeLessThan(definitions.indexOf("io.k8s.api.core.v1.Service"));
    expect(definitions.indexOf('"type"')).toBeLessThan(definitions.indexOf('"x-kubernetes-group-version-kind"'));
  });

  it("rejects two definitions that would share a file", () => {
    const gvk = [{ group: "example.com", version: "v1", kind: "Widget" }];
    const clash = [{ group: "example.org", version: "v1", kind: "Widget" }];
    expect(() =>
      layoutSchemaFiles({ "a.Widget": { "x-kubernetes-group-version-kind": gvk }, "b.Widget": { "x-kubernetes-group-version-kind": clash } }),
    ).toThrow(/b.Widget and a.Widget would both be written to widget-example-v1.json/);
  });
});
