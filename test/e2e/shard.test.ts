// validate --shard i/n + report merge: the shards' union is the full run, on a generated repository and the template.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
    const { full, files } = await shardedEqualsFull(root, 3, ["--no-cache"]);
    expect(full.exitCode).toBe(1);
    expect(full.json.findings.map((f: any) => f.target)).toEqual(expect.arrayContaining(["games/game-003/staging", "games/game-004/production"]));
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
        ...(shard ? { shard: { index: shard[0], count: shard[1] } } : {}),
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
  });
});
