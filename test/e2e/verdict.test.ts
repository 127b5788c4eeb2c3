// No silent green, and nothing fetched or read outside the repository: the real CLI on fixture repositories.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { $ } from "zx";
import { fixtureRepo, gaia, PROJECT_ROOT, type FixtureRepo } from "./repo.ts";

let repo: FixtureRepo | undefined;
const scratch: string[] = [];
afterEach(() => {
  repo?.dispose();
  repo = undefined;
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "gaia-verdict-"));
  scratch.push(dir);
  return dir;
};
const json = ["--format", "json", "--no-cache", "--no-progress"];
const run = (r: FixtureRepo, extra: string[] = [], opts: { input?: string; env?: Record<string, string> } = {}) =>
  gaia(["validate", "--root", r.root, ...json, ...extra], { cwd: r.root, ...opts });
const byRule = (report: any, id: string) => report.findings.filter((f: any) => f.ruleId === id);

/** A kubectl that records every `kustomize` build it is asked for, then runs the pinned one. */
function recordingKubectl(): { bin: string; builds: () => string[] } {
  const dir = tempDir();
  const log = join(dir, "builds.log");
  const bin = join(dir, "kubectl");
  writeFileSync(bin, `#!/bin/sh\nif [ "$1" = kustomize ]; then echo "$2" >> ${log}; fi\nexec ${join(PROJECT_ROOT, ".tools", "kubectl")} "$@"\n`);
  chmodSync(bin, 0o755);
  return { bin, builds: () => (existsSync(log) ? readFileSync(log, "utf8").trim().split("\n").filter(Boolean) : []) };
}

describe("no silent green: exit 2 with one clear line", () => {
  const expectUsage = (r: { exitCode: number; stdout: string; stderr: string }, pattern: RegExp) => {
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(pattern);
  };

  it("when no repository root is found from the working directory", async () => {
    const cwd = tempDir();
    expectUsage(await gaia(["validate", "--no-progress"], { cwd }), /^gaia: no repository root found from .* pass --root/);
  });

  it("when --root does not exist, or holds no targets", async () => {
    const cwd = tempDir();
    expectUsage(await gaia(["validate", "--root", join(cwd, "nope"), "--no-progress"], { cwd }), /^gaia: --root .*nope: no such folder/);
    mkdirSync(join(cwd, "policies"));
    expectUsage(await gaia(["validate", "--root", cwd, "--no-progress"], { cwd }), /^gaia: --root .* holds no targets/);
  });

  it("when a path selects no target and is not a manifest", async () => {
    repo = fixtureRepo();
    repo.write("docs/README.md", "# notes\n");
    expectUsage(await run(repo, [join(repo.root, "docs")]), /^gaia: docs: no target, kustomization or manifest here/);
    expectUsage(await run(repo, [join(repo.root, "docs", "README.md")]), /^gaia: docs\/README\.md: not a manifest/);
  });

  it("when stdin is empty, as kubeconform does", async () => {
    repo = fixtureRepo();
    const empty = join(tempDir(), "empty");
    writeFileSync(empty, "");
    const closedStdin = await $({
      nothrow: true,
      quiet: true,
      cwd: repo.root,
      env: { ...process.env, NO_COLOR: "1" },
    })`node ${join(PROJECT_ROOT, "bin", "gaia.js")} validate --no-progress - < ${empty}`;
    expectUsage({ exitCode: closedStdin.exitCode ?? -1, stdout: closedStdin.stdout, stderr: closedStdin.stderr }, /^gaia: stdin is empty/);
    expectUsage(await run(repo, ["-"], { input: " \n\n" }), /^gaia: stdin is empty/);
  });
});

describe("every report says what it checked", () => {
  it("a target that renders zero objects is a warning at its kustomization", async () => {
    repo = fixtureRepo();
    repo.write(
      "games/demo/production/kustomization.yaml",
      "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: gaia-demo\nresources: []\n",
    );
    const r = await run(repo);
    expect(r.exitCode).toBe(0);
    const [f] = byRule(r.json, "target-renders-nothing");
    expect(f).toMatchObject({ severity: "warning", target: "games/demo/production", source: { file: "games/demo/production/kustomization.yaml", line: 1 } });
    expect(r.json.targets.find((t: any) => t.path === "games/demo/production")).toMatchObject({ status: "ok", objects: 0 });
    expect((await run(repo, ["--fail-on", "warning"])).exitCode).toBe(1);
  });

  it("lists targets and objects, and the summary counts equal the findings listed", async () => {
    repo = fixtureRepo();
    repo.write("games/demo/production/kustomization.yaml", "namespace: gaia-demo\nresources:\n  - ../../../overlays/production\n  - missing.yaml\n");
    repo.write("overlays/staging/kustomization.yaml", "resources: []\n");
    const r = await run(repo);
    const counts = (s: string) => r.json.findings.filter((f: any) => f.severity === s).length;
    expect(r.json.findings.length).toBeGreaterThanOrEqual(2);
    expect(r.json.summary).toMatchObject({ errors: counts("error"), warnings: counts("warning"), infos: counts("info"), targets: r.json.targets.length });
    expect(r.json.summary.objects).toBe(r.json.targets.reduce((n: number, t: any) => n + t.objects, 0));
    const pretty = await gaia(["validate", "--root", repo.root, "--no-cache", "--no-progress"], { cwd: repo.root });
    expect(pretty.stdout).toMatch(/checked: games\/demo\/production \(not rendered\), overlays\/production \(\d+ objects\), overlays\/staging \(0 objects\)/);
  });
});

describe("a base or component is validated through the targets that include it", () => {
  it("gaia validate base/web checks the game and overlay targets that build it, not base/web alone", async () => {
    repo = fixtureRepo();
    const r = await run(repo, [join(repo.root, "base", "web")]);
    expect(r.exitCode).toBe(0);
    expect(r.json.targets.map((t: any) => t.path)).toEqual(["games/demo/production", "overlays/production"]);
  });

  it("a base no target includes is still checked on its own", async () => {
    repo = fixtureRepo();
    repo.write("base/orphan/kustomization.yaml", "resources:\n  - cm.yaml\n");
    repo.write("base/orphan/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: orphan\n");
    const r = await run(repo, [join(repo.root, "base", "orphan")]);
    expect(r.json.targets.map((t: any) => t.path)).toEqual(["base/orphan"]);
  });
});

describe("no network and no file outside the repository", () => {
  it("refuses a remote base and a Helm chart at their lines before kustomize runs", async () => {
    repo = fixtureRepo();
    const kubectl = recordingKubectl();
    repo.write(
      "games/demo/production/kustomization.yaml",
      [
        "namespace: gaia-demo",
        "resources:",
        "  - ../../../overlays/production",
        "  - https://github.com/kubernetes-sigs/kustomize//examples/helloWorld?ref=v5.0.0",
        "helmCharts:",
        "  - name: redis",
        "    repo: https://charts.bitnami.com/bitnami",
        "",
      ].join("\n"),
    );
    const r = await run(repo, [], { env: { KUSTOMIZE: kubectl.bin } });
    expect(r.exitCode).toBe(1);
    expect(byRule(r.json, "remote-input-refused").map((f: any) => f.source)).toEqual([{ file: "games/demo/production/kustomization.yaml", line: 4 }]);
    expect(byRule(r.json, "helm-chart-refused").map((f: any) => f.source)).toEqual([{ file: "games/demo/production/kustomization.yaml", line: 5 }]);
    expect(byRule(r.json, "kustomize-build")).toEqual([]);
    expect(r.json.targets.find((t: any) => t.path === "games/demo/production").status).toBe("failed");
    expect(kubectl.builds().some((dir) => dir.includes("games/demo"))).toBe(false);
    expect(kubectl.builds().some((dir) => dir.endsWith("overlays/production"))).toBe(true);
  });

  it("refuses a symlink leading out of the repository and a FIFO without reading them", async () => {
    repo = fixtureRepo();
    const outside = join(tempDir(), "secret.yaml");
    writeFileSync(outside, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: leaked\n");
    symlinkSync(outside, join(repo.root, "base", "web", "leak.yaml"));
    await $({ quiet: true })`mkfifo ${join(repo.root, "base", "web", "pipe.yaml")}`;
    repo.write("base/web/kustomization.yaml", "resources:\n  - deployment.yaml\n  - service.yaml\n  - extras.yaml\n  - leak.yaml\n  - pipe.yaml\n");
    const r = await run(repo);
    expect(r.exitCode).toBe(1);
    const refused = byRule(r.json, "unsafe-input-refused");
    expect(refused.map((f: any) => f.source.line).sort()).toEqual([5, 6, 5, 6].sort());
    expect(refused.every((f: any) => f.source.file === "base/web/kustomization.yaml")).toBe(true);
    expect(refused.some((f: any) => /outside the repository/.test(f.message))).toBe(true);
    expect(refused.some((f: any) => /not a regular file/.test(f.message))).toBe(true);
    expect(JSON.stringify(r.json)).not.toContain("leaked");
  });

  it("a kustomization that is a FIFO is refused without being opened (no hang), and the other targets still run", async () => {
    repo = fixtureRepo();
    const file = join(repo.root, "games", "demo", "production", "kustomization.yaml");
    rmSync(file);
    await $({ quiet: true })`mkfifo ${file}`;
    const r = await run(repo);
    expect(r.exitCode).toBe(1);
    expect(byRule(r.json, "unsafe-input-refused").map((f: any) => f.source)).toEqual([{ file: "games/demo/production/kustomization.yaml", line: 1 }]);
    expect(r.json.targets.map((t: any) => [t.path, t.status])).toEqual([
      ["games/demo/production", "failed"],
      ["overlays/production", "ok"],
    ]);
  });

  it("a plain manifest path that is a symlink out of the repository is refused, not read", async () => {
    repo = fixtureRepo();
    const outside = join(tempDir(), "elsewhere.yaml");
    writeFileSync(outside, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: leaked\n");
    mkdirSync(join(repo.root, "manifests"));
    symlinkSync(outside, join(repo.root, "manifests", "cm.yaml"));
    const r = await run(repo, [join(repo.root, "manifests")]);
    expect(r.exitCode).toBe(1);
    expect(byRule(r.json, "unsafe-input-refused")[0].source).toEqual({ file: "manifests/cm.yaml", line: 1 });
    expect(JSON.stringify(r.json)).not.toContain("leaked");
  });
});
