// A kustomize error nested in an included kustomization (an overlay, a Component) names that kustomization: the
// innermost "recursed accumulation of path" inside the repository is where the entry is searched for.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { innermostKustomization } from "../../../scripts/lib/kustomize/error-location.ts";
import { errorLine } from "../../../scripts/lib/render/render.ts";

let root = "";
afterEach(() => rmSync(root, { recursive: true, force: true }));

function repo(): string {
  root = mkdtempSync(join(tmpdir(), "gaia-error-location-"));
  for (const dir of ["overlays/production", "base/components/extras"]) {
    mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, dir, "kustomization.yaml"), "resources: []\n");
  }
  return root;
}

describe("innermostKustomization", () => {
  it("names the innermost kustomization folder of the repository the error passed through", () => {
    const r = repo();
    const stderr = `Error: accumulating resources: accumulation err='accumulating resources from '../../../overlays/production': recursed accumulation of path '${r}/overlays/production': accumulating components: accumulateDirectory: "recursed accumulation of path '${r}/base/components/extras': resource with name chat does not match a config"`;
    expect(innermostKustomization(stderr, r)).toBe("base/components/extras/kustomization.yaml");
  });

  it("passes over paths outside the repository and says nothing when no path is named", () => {
    const r = repo();
    expect(
      innermostKustomization(`Error: recursed accumulation of path '${r}/overlays/production': recursed accumulation of path '/elsewhere/x': boom`, r),
    ).toBe("overlays/production/kustomization.yaml");
    expect(innermostKustomization("Error: accumulating resources: boom", r)).toBeUndefined();
  });
});

describe("errorLine", () => {
  it("finds a strategic-merge patch that matches nothing by the name in kustomize's resource id", () => {
    const text = "patches:\n  - patch: |-\n      apiVersion: apps/v1\n      kind: Deployment\n      metadata:\n        name: chat\n";
    expect(errorLine(text, "no matches for Id Deployment.v1.apps/chat.[noNs]; failed to find unique target for patch Deployment.v1.apps/chat.[noNs]")).toBe(6);
  });
});
