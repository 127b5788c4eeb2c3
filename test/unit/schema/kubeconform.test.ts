import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { main } from "../../../scripts/cli/main.ts";
import type { Io } from "../../../scripts/cli/io.ts";
import { findOnPath, kubeconformArgs, kubeconformEngine, kubeconformFindings } from "../../../scripts/lib/schema/kubeconform.ts";
import type { LocatedObject } from "../../../scripts/lib/types.ts";
import { tempRepo, type TempRepo } from "../util/temp-repo.ts";

let repo: TempRepo;
afterEach(() => repo?.dispose());

// Prints kubeconform-style JSON for the files of the folder it is given, last file first (kubeconform's parallel workers
// finish in any order): a Deployment whose replicas is a string is invalid, a Widget has no schema, the rest is valid.
const FAKE_KUBECONFORM = `#!${process.execPath}
const fs = require("node:fs");
const path = require("node:path");
const args = process.argv.slice(2);
fs.writeFileSync(process.env.KUBECONFORM_ARGS_FILE, JSON.stringify(args));
const dir = args[args.length - 1];
const files = fs.readdirSync(dir).sort().reverse().map((f) => path.join(dir, f));
const field = (d, k) => (new RegExp("^" + k + ": (.+)$", "m").exec(d) || [])[1];
const resources = files.map((filename) => {
  const d = fs.readFileSync(filename, "utf8");
  const r = { filename, kind: field(d, "kind"), name: (/^  name: (.+)$/m.exec(d) || [])[1], version: field(d, "apiVersion") };
  if (r.kind === "Widget") return { ...r, status: "statusError", msg: "could not find schema for Widget" };
  if (/replicas: '3'/.test(d)) return { ...r, status: "statusInvalid", msg: "invalid", validationErrors: [{ path: "/spec/replicas", msg: "expected integer, but got string" }] };
  return { ...r, status: "statusValid", msg: "" };
});
console.log(JSON.stringify({ resources }));
process.exit(resources.some((r) => r.status !== "statusValid") ? 1 : 0);
`;

const lo = (kind: string, name: string, extra: Record<string, unknown> = {}, apiVersion = "apps/v1"): LocatedObject => ({
  object: { apiVersion, kind, metadata: { name }, ...extra },
  source: { file: `base/${name}.yaml`, line: 1 },
  origin: { file: `base/${name}.yaml` },
});

function fakeIo(env: NodeJS.ProcessEnv, cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), isTTY: false, env, cwd, readStdin: async () => "" };
  return { io, out, err };
}

describe("kubeconformFindings", () => {
  it("maps invalid and schema-less resources back onto their objects, and skips valid ones", () => {
    const items = [
      { lo: lo("Deployment", "web", { spec: { replicas: "3" } }), target: "overlays/production" },
      { lo: lo("Service", "web", {}, "v1"), target: "overlays/production" },
      { lo: lo("Widget", "w", {}, "example.com/v1"), target: "games/demo/production" },
    ];
    const output = JSON.stringify({
      resources: [
        { kind: "Service", name: "web", version: "v1", status: "statusValid" },
        {
          kind: "Deployment",
          name: "web",
          version: "apps/v1",
          status: "statusInvalid",
          msg: "x",
          validationErrors: [{ path: "/spec/replicas", msg: "expected integer, but got string" }],
        },
        { kind: "Widget", name: "w", version: "example.com/v1", status: "statusError", msg: "could not find schema for Widget" },
        { kind: "Ghost", name: "nobody", version: "v1", status: "statusInvalid" },
      ],
    });
    const found = kubeconformFindings(output, items);
    expect(found.map((f) => [f.ruleId, f.target, f.object?.kind, f.path, f.source.file])).toEqual([
      ["schema-invalid", "overlays/production", "Deployment", "/spec/replicas", "base/web.yaml"],
      ["schema-missing", "games/demo/production", "Widget", "", "base/w.yaml"],
    ]);
    expect(found[0].message).toBe("Deployment web: expected integer, but got string (kubeconform)");
  });

  it("maps by file name when each object had its own file, whatever the order of the results", () => {
    const items = [
      { lo: lo("Deployment", "gateway", { metadata: { name: "gateway", namespace: "gaia-a" } }), target: "games/a/production" },
      { lo: lo("Deployment", "gateway", { metadata: { name: "gateway", namespace: "gaia-b" } }), target: "games/b/production" },
    ];
    const output = JSON.stringify({
      resources: [
        {
          filename: "/tmp/run-1/1.yaml",
          kind: "Deployment",
          name: "gateway",
          version: "apps/v1",
          status: "statusInvalid",
          validationErrors: [{ path: "/spec", msg: "bad" }],
        },
        { filename: "/tmp/run-1/0.yaml", kind: "Deployment", name: "gateway", version: "apps/v1", status: "statusValid" },
      ],
    });
    expect(kubeconformFindings(output, items).map((f) => [f.target, f.object?.namespace])).toEqual([["games/b/production", "gaia-b"]]);
  });

  it("handles empty output", () => {
    expect(kubeconformFindings("", [{ lo: lo("Service", "a"), target: "t" }])).toEqual([]);
  });

  it("passes strict mode, both schema locations and the input", () => {
    const args = kubeconformArgs("/repo", "1.30.0");
    expect(args).toContain("-strict");
    expect(args.filter((a) => a === "-schema-location")).toHaveLength(2);
    expect(args[args.length - 1]).toBe("-");
    expect(kubeconformArgs("/repo", "1.30.0", "/tmp/objects").pop()).toBe("/tmp/objects");
  });
});

describe("kubeconformEngine", () => {
  it("runs the kubeconform found on PATH over the objects and maps its findings", async () => {
    repo = tempRepo();
    repo.script("bin/kubeconform", FAKE_KUBECONFORM);
    const argsFile = join(repo.root, "args.json");
    const env = { PATH: join(repo.root, "bin"), KUBECONFORM_ARGS_FILE: argsFile };
    expect(findOnPath("kubeconform", env)).toBe(join(repo.root, "bin", "kubeconform"));
    const run = await kubeconformEngine(repo.root, env, "1.30");
    const found = await run([
      { lo: lo("Deployment", "web", { metadata: { name: "web", namespace: "gaia-a" }, spec: { replicas: "3" } }), target: "games/a/production" },
      { lo: lo("Deployment", "web", { metadata: { name: "web", namespace: "gaia-b" }, spec: { replicas: 3 } }), target: "games/b/production" },
    ]);
    expect(found.map((f) => [f.ruleId, f.object?.namespace, f.target, f.path])).toEqual([["schema-invalid", "gaia-a", "games/a/production", "/spec/replicas"]]);
    const args = JSON.parse(readFileSync(argsFile, "utf8")) as string[];
    expect(args[args.indexOf("-kubernetes-version") + 1]).toBe("1.30.0");
  });

  it("turns a kubeconform crash into a usage error", async () => {
    repo = tempRepo();
    repo.script("bin/kubeconform", "#!/bin/sh\necho 'flag provided but not defined: -strict' >&2\nexit 2\n");
    const run = await kubeconformEngine(repo.root, { PATH: join(repo.root, "bin") }, "1.30.0");
    await expect(run([{ lo: lo("Service", "a", {}, "v1"), target: "t" }])).rejects.toThrow(
      "kubeconform failed (exit 2): flag provided but not defined: -strict",
    );
  });

  it("refuses with a clear error when no kubeconform is on PATH", async () => {
    await expect(kubeconformEngine("/repo", { PATH: "/nonexistent" }, "1.30")).rejects.toThrow(/needs a kubeconform binary on PATH/);
  });
});

describe("gaia validate --engine kubeconform", () => {
  it("exits 2 with the message when no kubeconform is on PATH", async () => {
    repo = tempRepo({ "policies/config.yaml": "rules: {}\n", "manifests/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n" });
    const { io, err, out } = fakeIo({ PATH: join(repo.root, "empty") }, repo.root);
    const code = await main(["validate", "--engine", "kubeconform", "--root", repo.root, "--no-progress", join(repo.root, "manifests")], io);
    expect(code).toBe(2);
    expect(err.join("")).toMatch(/^gaia: --engine kubeconform needs a kubeconform binary on PATH \(none found\)/);
    expect(out).toEqual([]);
  });

  it("reports kubeconform's findings at the manifest's line", async () => {
    repo = tempRepo({
      "policies/config.yaml": "rules: {}\n",
      "manifests/deploy.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: '3'\n",
    });
    repo.script("bin/kubeconform", FAKE_KUBECONFORM);
    const { io, out } = fakeIo({ PATH: join(repo.root, "bin"), KUBECONFORM_ARGS_FILE: join(repo.root, "args.json") }, repo.root);
    const code = await main(
      ["validate", "--engine", "kubeconform", "--root", repo.root, "--no-progress", "--format", "json", join(repo.root, "manifests")],
      io,
    );
    expect(code).toBe(1);
    const report = JSON.parse(out.join(""));
    const f = report.findings.find((x: any) => x.ruleId === "schema-invalid");
    expect(f).toMatchObject({ path: "/spec/replicas", source: { file: "manifests/deploy.yaml", line: 6 } });
  });
});
