import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { KUSTOMIZE_HINT, parseKustomizeVersion, resolveKustomize } from "../../../scripts/lib/kustomize/resolve.ts";
import { TOOLKIT_ROOT } from "../../../scripts/lib/util/paths.ts";
import { tempRepo, type TempRepo } from "../util/temp-repo.ts";

let repo: TempRepo;
afterEach(() => repo?.dispose());

const KUSTOMIZE_V5 = "#!/bin/sh\necho v5.7.1\n";
const KUSTOMIZE_V4 =
  "#!/bin/sh\necho '{Version:kustomize/v4.5.7 GitCommit:56d82a8378dfc8dc3b3b1085e5a6e67b82966bd7 BuildDate:2022-08-02T16:35:54Z GoOs:linux GoArch:amd64}'\n";
const KUBECTL = "#!/bin/sh\necho 'Client Version: v1.35.2'\necho 'Kustomize Version: v5.6.0'\n";
const BROKEN = "#!/bin/sh\necho 'segmentation fault' >&2\nexit 139\n";

const isPinned = (bin: string) => bin === join(TOOLKIT_ROOT, ".tools", "kubectl") || bin.endsWith("/.tools/kubectl");

/** Runs the candidate like the real probe does, except that the pinned kubectl is treated as missing. */
function probeWithoutPinned(calls: string[] = []) {
  return async (bin: string) => {
    calls.push(bin);
    if (isPinned(bin)) return { ok: false, output: "" };
    try {
      const args = /kubectl[^/]*$/.test(bin) ? ["version", "--client"] : ["version"];
      return { ok: true, output: execFileSync(bin, args, { encoding: "utf8" }) };
    } catch (err) {
      return { ok: false, output: String((err as Error).message) };
    }
  };
}

describe("parseKustomizeVersion", () => {
  it("reads kustomize v5's bare version line", () => {
    expect(parseKustomizeVersion("v5.7.1\n")).toBe("v5.7.1");
  });

  it("reads kustomize v4's legacy struct output", () => {
    expect(parseKustomizeVersion("{Version:kustomize/v4.5.7 GitCommit:56d82a8 BuildDate:2022-08-02T16:35:54Z GoOs:linux GoArch:amd64}")).toBe("v4.5.7");
  });

  it("reads the kustomize version from kubectl version --client, not kubectl's own version", () => {
    expect(parseKustomizeVersion("Client Version: v1.35.2\nKustomize Version: v5.7.1\n")).toBe("v5.7.1");
    expect(parseKustomizeVersion("Client Version: v1.35.2\nKustomize Version: 5.7.1\n")).toBe("v5.7.1");
  });

  it("returns undefined for output without a version", () => {
    expect(parseKustomizeVersion("")).toBeUndefined();
    expect(parseKustomizeVersion("command not found")).toBeUndefined();
    expect(parseKustomizeVersion("Client Version: v1.35.2\n")).toBeUndefined();
  });
});

describe("resolveKustomize", () => {
  it("uses $KUSTOMIZE first, through the real probe", async () => {
    repo = tempRepo();
    const bin = repo.script("bin/my-kustomize", KUSTOMIZE_V4);
    const k = await resolveKustomize({ root: repo.root, env: { KUSTOMIZE: bin, PATH: "" } });
    expect(k).toEqual({ bin, buildArgs: ["build"], version: "v4.5.7", source: "env" });
  });

  it("uses kubectl's kustomize subcommand when $KUSTOMIZE names a kubectl", async () => {
    repo = tempRepo();
    const bin = repo.script("bin/kubectl", KUBECTL);
    const k = await resolveKustomize({ root: repo.root, env: { KUSTOMIZE: bin } });
    expect(k).toMatchObject({ bin, buildArgs: ["kustomize"], version: "v5.6.0", source: "env" });
  });

  it("refuses a broken $KUSTOMIZE instead of silently falling back", async () => {
    repo = tempRepo();
    const bin = repo.script("bin/kustomize", BROKEN);
    await expect(resolveKustomize({ root: repo.root, env: { KUSTOMIZE: bin } })).rejects.toThrow(`KUSTOMIZE=${bin} is not a working kustomize or kubectl`);
  });

  it("uses the pinned kubectl before anything on PATH, without a warning", async () => {
    repo = tempRepo();
    const onPath = repo.script("path/kustomize", KUSTOMIZE_V5);
    const calls: string[] = [];
    const k = await resolveKustomize({
      root: repo.root,
      env: { PATH: join(onPath, "..") },
      probe: async (bin) => (calls.push(bin), { ok: true, output: "Client Version: v1.35.2\nKustomize Version: v5.7.1\n" }),
    });
    expect(k.source).toBe("pinned");
    expect(isPinned(k.bin)).toBe(true);
    expect(k.buildArgs).toEqual(["kustomize"]);
    expect(k.warning).toBeUndefined();
    expect(calls).toEqual([k.bin]);
  });

  it("falls back to kustomize on PATH with a warning naming its version and where it is", async () => {
    repo = tempRepo();
    const bin = repo.script("path/kustomize", KUSTOMIZE_V5);
    const k = await resolveKustomize({ root: repo.root, env: { PATH: `/nonexistent:${join(repo.root, "path")}` }, probe: probeWithoutPinned() });
    expect(k).toMatchObject({ bin, buildArgs: ["build"], version: "v5.7.1", source: "path" });
    expect(k.warning).toContain("kustomize v5.7.1");
    expect(k.warning).toContain(bin);
  });

  it("falls back to kubectl on PATH when kustomize there does not work", async () => {
    repo = tempRepo();
    repo.script("a/kustomize", BROKEN);
    const kubectl = repo.script("b/kubectl", KUBECTL);
    const calls: string[] = [];
    const k = await resolveKustomize({ root: repo.root, env: { PATH: `${join(repo.root, "a")}:${join(repo.root, "b")}` }, probe: probeWithoutPinned(calls) });
    expect(k).toMatchObject({ bin: kubectl, buildArgs: ["kustomize"], version: "v5.6.0", source: "path" });
    expect(k.warning).toMatch(/^using kubectl v5\.6\.0 from PATH/);
    expect(calls.filter((c) => !isPinned(c))).toEqual([join(repo.root, "a", "kustomize"), kubectl]);
  });

  it("throws the one-line hint when nothing works", async () => {
    repo = tempRepo();
    repo.script("path/kustomize", BROKEN);
    const err = await resolveKustomize({ root: repo.root, env: { PATH: join(repo.root, "path") }, probe: probeWithoutPinned() }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe(KUSTOMIZE_HINT);
    expect(KUSTOMIZE_HINT.split("\n")).toHaveLength(1);
  });

  it("skips a candidate whose output names no version", async () => {
    repo = tempRepo();
    await expect(resolveKustomize({ root: repo.root, env: { PATH: "" }, probe: async () => ({ ok: true, output: "hello" }) })).rejects.toThrow(KUSTOMIZE_HINT);
  });
});
