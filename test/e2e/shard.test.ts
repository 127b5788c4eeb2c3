// validate --shard i/n + report merge: the shards' union is the full run, on a generated repository and the template.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { writeSyntheticRepo } from "../../scripts/bench/synthetic-repo.ts";
import { PROJECT_ROOT, gaia } from "./repo.ts";

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function shardedEqualsFull(root: string, count: number, extra: string[]) {
  const validate = (...args: string[]) => gaia(["validate", "--root", root, "--no-progress", ...extra, ...args], { cwd: root });
  const full = await validate("--format", "json");
  expect([0, 1]).toContain(full.exitCode);
  const files: string[] = [];
  const seen: string[] = [];
  for (let i = 1; i <= count; i++) {
    const file = join(dir, `shard-${i}.json`);
    const r = await validate("--shard", `${i}/${count}`, "--format", "json", "--output", file);
    expect([0, 1], r.stderr).toContain(r.exitCode);
    files.push(file);
  }
  const merged = await gaia(["report", "merge", ...files, "--root", root, "--format", "json"], { cwd: root });
  expect(merged.exitCode, merged.stderr).toBe(full.exitCode);
  for (const f of files) seen.push(...JSON.parse(readFileSync(f, "utf8")).targets.map((t: any) => t.path));
  expect(seen.sort()).toEqual(full.json.targets.map((t: any) => t.path).sort());
  expect(merged.json.findings).toEqual(full.json.findings);
  expect(merged.json.targets.map((t: any) => t.path)).toEqual(full.json.targets.map((t: any) => t.path));
  expect({ ...merged.json.summary, ms: 0 }).toEqual({ ...full.json.summary, ms: 0 });
  return { full, files };
}

describe("validate --shard and report merge (real kustomize)", () => {
  it("on a generated repository with findings: every target in exactly one shard, merged findings equal the full run's", async () => {
    dir = mkdtempSync(join(tmpdir(), "gaia-shard-"));
    const root = join(dir, "repo");
    writeSyntheticRepo(root, 5);
    writeFileSync(
      join(root, "games/game-003/staging/kustomization.yaml"),
      "namespace: gaia-game-003\nresources:\n  - ../../../overlays/staging\n  - missing.yaml\n",
    );
    writeFileSync(
      join(root, "games/game-004/production/extra.yaml"),
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: kube-system\ndata: {}\n",
    );
    writeFileSync(join(root, "games/game-004/production/kustomization.yaml"), "resources:\n  - ../../../overlays/production\n  - extra.yaml\n");
    // Repository-wide findings from every kind of summary: service demand (budget), quota totals (cluster capacity),
    // autoscaled workloads and an Argo CD Application (its lines located in its shard); one exception waives a
    // repository-wide finding, one is never used.
    writeFileSync(
      join(root, "games/game-002/game.yaml"),
      readFileSync(join(root, "games/game-002/game.yaml"), "utf8").replace("monthlyUSD: 2000", "monthlyUSD: 1"),
    );
    writeFileSync(
      join(root, "games/game-001/game.yaml"),
      readFileSync(join(root, "games/game-001/game.yaml"), "utf8").replace("monthlyUSD: 2000", "monthlyUSD: 2"),
    );
    mkdirSync(join(root, "clusters/prod"), { recursive: true });
    writeFileSync(
      join(root, "clusters/prod/cluster.yaml"),
      'name: prod\nenvironment: production\nregion: us-east\ncapacity:\n  cpu: "1"\n  memory: 1Gi\n  pods: 10\n',
    );
    writeFileSync(join(root, "clusters/prod/kustomization.yaml"), "namespace: argocd\nresources:\n  - applications.yaml\n");
    writeFileSync(
      join(root, "clusters/prod/applications.yaml"),
      [
        "apiVersion: argoproj.io/v1alpha1",
        "kind: Application",
        "metadata:",
        "  name: game-001",
        "spec:",
        "  project: default",
        "  source:",
        "    repoURL: https://git.gaia.tech/platform/gaia-gitops.git",
        "    targetRevision: main",
        "    path: games/game-001/production",
        "  destination:",
        "    server: https://kubernetes.default.svc",
        "    namespace: gaia-game-001",
        "  syncPolicy:",
        "    syncOptions:",
        "      - PruneLast=true",
        "",
      ].join("\n"),
    );
    writeFileSync(
      join(root, "policies/exceptions.yaml"),
      [
        "exceptions:",
        "  - rule: budget",
        "    match: { game: game-001 }",
        "    reason: launch month",
        "    owner: team@gaia.tech",
        '    expires: "2099-01-01"',
        "  - rule: budget",
        "    match: { game: game-003 }",
        "    reason: never needed",
        "    owner: team@gaia.tech",
        '    expires: "2099-01-01"',
        "",
      ].join("\n"),
    );
    const { full, files } = await shardedEqualsFull(root, 3, ["--no-cache"]);
    expect(full.exitCode).toBe(1);
    expect(full.json.findings.map((f: any) => f.target)).toEqual(expect.arrayContaining(["games/game-003/staging", "games/game-004/production"]));
    const ruleIds = full.json.findings.map((f: any) => f.ruleId);
    for (const id of ["budget", "cluster-capacity-fits", "argocd-ignores-hpa-replicas", "exception-unused"]) expect(ruleIds, id).toContain(id);
    expect(full.json.findings.filter((f: any) => f.ruleId === "budget").map((f: any) => f.message)).toEqual([expect.stringMatching(/^game game-002 /)]);
    const argo = full.json.findings.find((f: any) => f.ruleId === "argocd-ignores-hpa-replicas");
    expect(argo.source).toEqual({ file: "clusters/prod/applications.yaml", line: 5 });
    // A shard's own report carries the summaries, not the repository-wide findings; the merge adds them.
    for (const f of files) {
      const shard = JSON.parse(readFileSync(f, "utf8"));
      expect(shard.findings.filter((x: any) => ["budget", "cluster-capacity-fits", "exception-unused"].includes(x.ruleId))).toEqual([]);
      expect(shard.repository.summaries.map((x: any) => x.target.path).sort()).toEqual(shard.targets.map((t: any) => t.path).sort());
    }
    const sarif = await gaia(["report", "merge", ...files, "--root", root, "--format", "sarif"], { cwd: root });
    expect(JSON.parse(sarif.stdout).runs[0].results.length).toBe(full.json.findings.length);
  }, 240_000);

  it("on the template: two shards give the full run", async () => {
    dir = mkdtempSync(join(tmpdir(), "gaia-shard-"));
    const { full } = await shardedEqualsFull(PROJECT_ROOT, 2, []);
    expect(full.json.summary.targets).toBeGreaterThan(20);
  }, 240_000);

  it("refuses incomplete, duplicated, mixed and unreadable report sets with exit 2 and one line", async () => {
    dir = mkdtempSync(join(tmpdir(), "gaia-shard-"));
    const report = (shard?: [number, number]) =>
      JSON.stringify({
        version: 1,
        tool: { name: "gaia", kustomize: "v5.7.1", kubernetes: "1.30.0" },
        targets: [],
        findings: [],
        summary: { targets: 0, objects: 0, errors: 0, warnings: 0, infos: 0, ms: 1 },
        ...(shard
          ? {
              shard: { index: shard[0], count: shard[1] },
              repository: { environment: "production", today: "2026-01-01", complete: true, summaries: [], exceptionsUsed: [] },
            }
          : {}),
      });
    const put = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    const [a, b, c, plain] = [put("a.json", report([1, 3])), put("b.json", report([2, 3])), put("c.json", report([3, 3])), put("p.json", report())];
    const cases: Array<[string[], RegExp]> = [
      [[a, b], /incomplete shard set: missing 3\/3/],
      [[a, b, c, put("d.json", report([2, 3]))], /shard 2\/3 is given twice/],
      [[a, b, c, plain], /cannot mix sharded and unsharded reports/],
      [[put("bad.json", "{")], /bad\.json is not JSON/],
      [[put("other.json", '{"version": 2}')], /other\.json is not a gaia JSON report/],
      [[join(dir, "missing.json")], /cannot read .*missing\.json \(ENOENT\)/],
      [[a, b, c, "--format", "html"], /--format must be one of/],
      [
        [a, b, put("old.json", JSON.stringify({ ...JSON.parse(report([3, 3])), repository: undefined }))],
        /old\.json is a shard report without target summaries/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = await gaia(["report", "merge", ...args, "--root", PROJECT_ROOT]);
      expect(r.exitCode, args.join(" ")).toBe(2);
      expect(r.stderr.trim().split("\n"), args.join(" ")).toEqual([expect.stringMatching(message)]);
    }
    for (const bad of ["0/2", "3/2", "two"]) {
      const r = await gaia(["validate", "--shard", bad, "--root", dir]);
      expect(r.exitCode, bad).toBe(2);
      expect(r.stderr.trim().split("\n"), bad).toEqual([`gaia: --shard takes <i>/<n> with 1 ≤ i ≤ n (e.g. 1/4), not "${bad}"`]);
    }
    const ok = await gaia(["report", "merge", a, b, c, "--root", PROJECT_ROOT, "--format", "markdown"]);
    expect(ok.exitCode).toBe(0);
  }, 180_000);
});
