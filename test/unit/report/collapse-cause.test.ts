// One kustomization field that makes many objects wrong is reported once, naming the objects.
import { describe, expect, it } from "vitest";
import { collapseByCause, MAX_LISTED_OBJECTS } from "../../../scripts/lib/report/collapse-cause.ts";
import type { Finding } from "../../../scripts/lib/types.ts";
import { finding } from "./fixtures.ts";

const MESSAGE = "namespace is not the game's";

function blamed(file: string, names: string[]): Finding[] {
  return names.map((name) =>
    finding({
      ruleId: "namespace-scope",
      message: MESSAGE,
      object: { apiVersion: "v1", kind: "ConfigMap", namespace: "beta", name },
      source: { file, line: 5 },
    }),
  );
}

const messages = (findings: Finding[]) => collapseByCause(findings).map((f) => f.message);

describe("collapseByCause", () => {
  it("merges the findings blamed on one line of a kustomization file, in any folder or at the root, .yaml or .yml", () => {
    for (const file of ["games/beta/production/kustomization.yaml", "kustomization.yaml", "base/kustomization.yml", "base/Kustomization"]) {
      expect(messages(blamed(file, ["a", "b"]))).toEqual([`${MESSAGE} (one cause for 2 objects: ConfigMap/beta/a, ConfigMap/beta/b)`]);
    }
  });

  it("leaves findings in other files alone, even when their name only contains 'kustomization'", () => {
    for (const file of ["base/my-kustomization.yaml", "base/kustomization.yaml.orig", "base/kustomization.yaml.d/patch.yaml", "base/configmap.yaml"]) {
      expect(messages(blamed(file, ["a", "b"]))).toEqual([MESSAGE, MESSAGE]);
    }
  });

  it("keeps a single object's finding as it is, however often it was reported", () => {
    expect(collapseByCause(blamed("kustomization.yaml", ["a", "a"]))).toEqual([blamed("kustomization.yaml", ["a"])[0]]);
  });

  it(`names up to ${MAX_LISTED_OBJECTS} objects, then says how many more`, () => {
    const names = (n: number) => Array.from({ length: n }, (_, i) => `cm${String(i).padStart(2, "0")}`);
    const listed = names(MAX_LISTED_OBJECTS)
      .map((n) => `ConfigMap/beta/${n}`)
      .join(", ");
    expect(messages(blamed("kustomization.yaml", names(MAX_LISTED_OBJECTS)))).toEqual([`${MESSAGE} (one cause for 10 objects: ${listed})`]);
    expect(messages(blamed("kustomization.yaml", names(MAX_LISTED_OBJECTS + 1)))).toEqual([`${MESSAGE} (one cause for 11 objects: ${listed}, … and 1 more)`]);
  });
});
