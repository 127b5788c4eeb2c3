// The real CLI with the real kustomize on small fixture repositories: exit codes, JSON contract, source file and line.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { $ } from "zx";
import { fixtureRepo, gaia, type FixtureRepo } from "./repo.ts";

let repo: FixtureRepo;
afterEach(() => repo?.dispose());

/** The summary must count exactly the findings and targets the report lists, on failing runs too. */
function expectHonestSummary(json: any): void {
  const count = (severity: string) => json.findings.filter((f: any) => f.severity === severity).length;
  expect(json.summary).toMatchObject({ targets: json.targets.length, errors: count("error"), warnings: count("warning"), infos: count("info") });
}

const withoutTimes = (json: any) => ({ ...json, summary: { ...json.summary, ms: 0 }, targets: json.targets.map((t: any) => ({ ...t, ms: 0 })) });

/**
 * Each case runs twice: cold (empty cache) and warm (the cache the first run wrote). Both must give the same report
 * and exit code, so a cache that hides or invents findings fails every case. The cold run is returned.
 */
async function run(extra: string[] = [], input?: string) {
  const args = ["validate", "--root", repo.root, "--format", "json", "--no-progress", ...extra];
  rmSync(join(repo.root, ".cache"), { recursive: true, force: true });
  const cold = await gaia(args, { cwd: repo.root, input });
  if (!cold.json) return cold;
  expectHonestSummary(cold.json);
  const warm = await gaia(args, { cwd: repo.root, input });
  expect(warm.exitCode, "warm-cache run").toBe(cold.exitCode);
  expect(withoutTimes(warm.json), "warm-cache run").toEqual(withoutTimes(cold.json));
  return cold;
}
const byRule = (json: any, id: string) => json.findings.filter((f: any) => f.ruleId === id);

describe("gaia validate end to end (real kustomize)", () => {
  it("passes a valid repository with exit 0 and reports targets, objects and the kustomize version", async () => {
    repo = fixtureRepo();
    const r = await run();
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
    expect(r.json.version).toBe(1);
    expect(r.json.tool.kustomize).toMatch(/^v5\.\d+\.\d+/);
    expect(r.json.targets.map((t: any) => [t.path, t.status])).toEqual([
      ["games/demo/production", "ok"],
      ["overlays/production", "ok"],
    ]);
    expect(r.json.summary).toMatchObject({ targets: 2, objects: 16, errors: 0 });
  });

  it("reports a broken kustomization at its line with kustomize's message, and still checks the other targets", async () => {
    repo = fixtureRepo();
    repo.write("games/demo/production/kustomization.yaml", "namespace: gaia-demo\nresources:\n  - ../../../overlays/production\n  - missing.yaml\n");
    const r = await run();
    expect(r.exitCode).toBe(1);
    const [f] = byRule(r.json, "kustomize-build");
    expect(f.source).toEqual({ file: "games/demo/production/kustomization.yaml", line: 4 });
    expect(f.message).toMatch(/missing\.yaml/);
    expect(r.json.targets.find((t: any) => t.path === "overlays/production").status).toBe("ok");
    expect(r.json.targets.find((t: any) => t.path === "games/demo/production").status).toBe("failed");
  });

  it("points an unknown field set by an overlay patch at the patch file's line", async () => {
    repo = fixtureRepo();
    repo.write(
      "overlays/production/replicas.yaml",
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  revisionHistoryLimitt: 2\n",
    );
    const r = await run();
    expect(r.exitCode).toBe(1);
    const found = byRule(r.json, "schema-unknown-field");
    expect(found.length).toBe(2);
    for (const f of found) {
      expect(f.source).toEqual({ file: "overlays/production/replicas.yaml", line: 7 });
      expect(f.message).toContain('did you mean "revisionHistoryLimit"');
      expect(f.path).toBe("/spec/revisionHistoryLimitt");
    }
  });

  it("reports a wrong type at the base file's line", async () => {
    repo = fixtureRepo();
    repo.write("base/web/service.yaml", repo.read("base/web/service.yaml").replace("port: 80", 'port: "eighty"'));
    const r = await run();
    expect(r.exitCode).toBe(1);
    const [f] = byRule(r.json, "schema-type");
    expect(f.source).toEqual({ file: "base/web/service.yaml", line: 12 });
    expect(f.message).toMatch(/ports\[name=http\]\.port must be integer/);
  });

  it("reports a custom resource without a CRD schema, unless told to ignore missing schemas", async () => {
    repo = fixtureRepo();
    repo.write("base/web/widget.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec: {}\n");
    repo.write("base/web/kustomization.yaml", repo.read("base/web/kustomization.yaml") + "  - widget.yaml\n");
    const r = await run();
    expect(r.exitCode).toBe(1);
    const f = byRule(r.json, "schema-missing")[0];
    expect(f.message).toMatch(/example\.com\/v1 Widget/);
    expect(f.source).toEqual({ file: "base/web/widget.yaml", line: 1 });
    const ignored = await run(["--ignore-missing-schemas"]);
    expect(byRule(ignored.json, "schema-missing")).toEqual([]);
  });

  it("stops a YAML bomb at the alias bound with a finding, without hanging", async () => {
    repo = fixtureRepo();
    const bomb = ["apiVersion: v1", "kind: ConfigMap", "metadata:", "  name: lol", "data:", '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++)
      bomb.push(
        `  ${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(",")}]`,
      );
    repo.write("base/web/bomb.yaml", `${bomb.join("\n")}\n`);
    repo.write("base/web/kustomization.yaml", repo.read("base/web/kustomization.yaml") + "  - bomb.yaml\n");
    const started = Date.now();
    const r = await run();
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(r.exitCode).toBe(1);
    const [f] = byRule(r.json, "yaml-alias-bomb");
    expect(f.source.file).toBe("base/web/bomb.yaml");
    expect(f.source.line).toBe(1);
    expect(r.json.targets.every((t: any) => t.status === "failed")).toBe(true);
  });

  it("reports duplicate keys at the second key's line", async () => {
    repo = fixtureRepo();
    repo.write("base/web/service.yaml", repo.read("base/web/service.yaml").replace("  name: web\n", "  name: web\n  name: web2\n"));
    const r = await run();
    expect(r.exitCode).toBe(1);
    const [f] = byRule(r.json, "yaml-duplicate-key");
    expect(f.source).toEqual({ file: "base/web/service.yaml", line: 5 });
  });

  it("refuses a file over --max-input-size with a finding instead of parsing it, and validates it under the default limit", { timeout: 180_000 }, async () => {
    repo = fixtureRepo();
    const big = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n${Array.from({ length: 2_000 }, (_, i) => `  k${i}: "${"x".repeat(1_200)}"`).join("\n")}\n`;
    expect(big.length).toBeGreaterThan(2 * 1024 * 1024);
    repo.write("base/web/big.yaml", big);
    repo.write("base/web/kustomization.yaml", repo.read("base/web/kustomization.yaml") + "  - big.yaml\n");
    const limited = await run(["--max-input-size", "1"]);
    expect(limited.exitCode).toBe(1);
    const [f] = byRule(limited.json, "file-too-large");
    expect(f.source).toEqual({ file: "base/web/big.yaml", line: 1 });
    expect(f.message).toContain(`${big.length} bytes, over the ${1024 * 1024}-byte input limit`);
    const unlimited = await run();
    expect(byRule(unlimited.json, "file-too-large")).toEqual([]);
    expect(unlimited.json.summary.objects).toBeGreaterThan(limited.json.summary.objects);
  });

  it("reads stdin past 2 MiB, and refuses stdin over --max-input-size with a finding", async () => {
    repo = fixtureRepo();
    const doc = (i: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata:\n  k: "${"x".repeat(400)}"\n`;
    const input = Array.from({ length: 6_000 }, (_, i) => doc(i)).join("---\n");
    expect(input.length).toBeGreaterThan(2 * 1024 * 1024);
    const r = await run(["-"], input);
    expect(byRule(r.json, "file-too-large")).toEqual([]);
    expect(r.json.summary.objects).toBe(6_000);
    const limited = await run(["-", "--max-input-size", "1"], input);
    expect(limited.exitCode).toBe(1);
    const [f] = byRule(limited.json, "file-too-large");
    expect(f.source).toEqual({ file: "-", line: 1 });
    expect(limited.json.summary.objects).toBe(0);
  });

  it("rejects a --max-input-size that is not a positive number as a usage error", async () => {
    repo = fixtureRepo();
    const r = await run(["--max-input-size", "0"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("--max-input-size must be a positive number of MiB");
  });

  it("validates plain manifests from stdin with exact lines, like kubeconform", async () => {
    repo = fixtureRepo();
    const input =
      "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  ports:\n    - port: 80\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: b\nspec:\n  selector: {app: b}\n  portz: []\n";
    const r = await run(["-"], input);
    expect(r.exitCode).toBe(1);
    const [f] = byRule(r.json, "schema-unknown-field");
    expect(f.source).toEqual({ file: "-", line: 15 });
    expect(r.json.targets).toEqual([{ path: "-", status: "ok", objects: 2, ms: expect.any(Number) }]);
  });

  it("validates a plain manifest file and a folder without a kustomization", async () => {
    repo = fixtureRepo();
    repo.write("manifests/svc.yaml", 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  ports:\n    - port: "80"\n');
    const file = await run([`${repo.root}/manifests/svc.yaml`]);
    expect(byRule(file.json, "schema-type")[0].source).toEqual({ file: "manifests/svc.yaml", line: 7 });
    const folder = await run([`${repo.root}/manifests`]);
    expect(folder.json.targets.map((t: any) => t.path)).toEqual(["manifests"]);
    expect(folder.exitCode).toBe(1);
  });

  it("only checks the targets under the given paths", async () => {
    repo = fixtureRepo();
    const r = await run([`${repo.root}/games`]);
    expect(r.json.targets.map((t: any) => t.path)).toEqual(["games/demo/production"]);
  });

  it("exits 2 with a one-line hint on usage errors and when no kustomize works", async () => {
    repo = fixtureRepo();
    const bad = await run(["--env", "moon"]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    const none = await gaia(["validate", "--root", repo.root], { cwd: repo.root, env: { KUSTOMIZE: "/nonexistent/kustomize" } });
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toMatch(/KUSTOMIZE=\/nonexistent\/kustomize/);
  });

  it("fails on warnings only with --fail-on warning", async () => {
    repo = fixtureRepo();
    repo.write("policies/config.yaml", repo.read("policies/config.yaml").replace("v5.7.1", "v5.0.0"));
    const lenient = await run();
    expect(lenient.exitCode).toBe(0);
    expect(byRule(lenient.json, "kustomize-version-mismatch")).toHaveLength(1);
    const strict = await run(["--fail-on", "warning"]);
    expect(strict.exitCode).toBe(1);
  });

  it("writes several formats to files atomically and leaves nothing half-written", async () => {
    repo = fixtureRepo();
    const r = await gaia(
      [
        "validate",
        "--root",
        repo.root,
        "--no-progress",
        "--format",
        "sarif",
        "--output",
        `${repo.root}/out/r.sarif`,
        "--format",
        "junit",
        "--output",
        `${repo.root}/out/r.xml`,
      ],
      { cwd: repo.root },
    );
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(repo.read("out/r.sarif")).version).toBe("2.1.0");
    expect(repo.read("out/r.xml")).toMatch(/^<\?xml/);
  });

  it("--changed-since checks only the targets whose inputs changed, and nothing when nothing changed", async () => {
    repo = fixtureRepo();
    const git = (args: string[]) => $({ cwd: repo.root, quiet: true })`git ${args}`;
    await git(["init", "-q"]);
    await git(["-c", "user.email=ci@gaia.tech", "-c", "user.name=ci", "commit", "-qam", "x", "--allow-empty"]);
    await git(["add", "-A"]);
    await git(["-c", "user.email=ci@gaia.tech", "-c", "user.name=ci", "commit", "-qm", "base"]);
    const none = await run(["--changed-since", "HEAD"]);
    expect(none.exitCode).toBe(0);
    expect(none.json.targets).toEqual([]);
    expect(none.stderr).toMatch(/no target's inputs changed since HEAD/);
    repo.write("games/demo/production/kustomization.yaml", repo.read("games/demo/production/kustomization.yaml") + "commonAnnotations:\n  team: demo\n");
    const one = await run(["--changed-since", "HEAD"]);
    expect(one.json.targets.map((t: any) => t.path)).toEqual(["games/demo/production"]);
    const elsewhere = await run(["--changed-since", "HEAD", join(repo.root, "overlays")]);
    expect(elsewhere.json.targets).toEqual([]);
    expect(elsewhere.stderr).toMatch(/no target's inputs under the given paths changed since HEAD/);
    const under = await run(["--changed-since", "HEAD", join(repo.root, "games")]);
    expect(under.json.targets.map((t: any) => t.path)).toEqual(["games/demo/production"]);
  });
});
