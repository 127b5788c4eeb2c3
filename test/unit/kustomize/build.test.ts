import { afterEach, describe, expect, it } from "vitest";
import { kustomizeBuilder, summariseKustomizeError } from "../../../scripts/lib/kustomize/build.ts";
import { tempRepo, type TempRepo } from "../util/temp-repo.ts";

let repo: TempRepo;
afterEach(() => repo?.dispose());

describe("kustomizeBuilder", () => {
  it("runs `<bin> build <dir>` and returns stdout on success", async () => {
    repo = tempRepo();
    const bin = repo.script("kustomize", '#!/bin/sh\necho "args: $*"\n');
    const res = await kustomizeBuilder({ bin, buildArgs: ["build"], version: "v5.7.1", source: "env" })("/some/dir");
    expect(res).toMatchObject({ ok: true, exitCode: 0, stdout: "args: build /some/dir\n" });
  });

  it("never throws on a failed build: the exit code and stderr come back", async () => {
    repo = tempRepo();
    const bin = repo.script("kubectl", "#!/bin/sh\necho 'error: accumulating resources' >&2\nexit 1\n");
    const res = await kustomizeBuilder({ bin, buildArgs: ["kustomize"], version: "v5.7.1", source: "path" })("/x");
    expect(res).toMatchObject({ ok: false, exitCode: 1, stderr: "error: accumulating resources\n" });
  });
});

describe("summariseKustomizeError", () => {
  it("keeps the innermost cause of a nested accumulation error and strips the repo root", () => {
    const stderr =
      "Error: accumulating resources: accumulation err='accumulating resources from '../../../overlays/production': " +
      "recursed accumulation of path '/repo/overlays/production': accumulating resources from 'missing.yaml': " +
      "open /repo/overlays/production/missing.yaml: no such file or directory'\n";
    expect(summariseKustomizeError(stderr, "/repo")).toBe(
      "accumulating resources from 'missing.yaml': open overlays/production/missing.yaml: no such file or directory'",
    );
  });

  it("drops the wrapper kustomization's temp path", () => {
    const msg = summariseKustomizeError("Error: trouble in ../../tmp/gaia-render/w-abc123/kustomization.yaml", "/repo");
    expect(msg).toBe("trouble in kustomization.yaml");
  });

  it("says something even when kustomize printed nothing, and bounds long messages", () => {
    expect(summariseKustomizeError("")).toBe("kustomize failed");
    expect(summariseKustomizeError(`Error: ${"x".repeat(2000)}`)).toHaveLength(600);
  });
});
