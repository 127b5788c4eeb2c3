// `gaia report merge` in-process: reports read and checked against the report schema, shard sets checked complete,
// findings deduplicated and sorted, targets joined, and the summary recounted from the merged findings.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { mergeReports, readReport, readReportFile } from "../../../scripts/lib/report/merge.ts";
import type { Report } from "../../../scripts/lib/types.ts";
import { UsageError } from "../../../scripts/lib/util/errors.ts";
import { tempRepo, type TempRepo } from "../util/temp-repo.ts";
import { finding } from "./fixtures.ts";

const schema = JSON.parse(readFileSync(join(import.meta.dirname, "../../../schemas/report.schema.json"), "utf8")) as object;

let repo: TempRepo | undefined;
afterEach(() => repo?.dispose());

function report(overrides: Partial<Report> = {}): Report {
  return {
    version: 1,
    tool: { name: "gaia", kustomize: "v5.7.1", kubernetes: "1.30.0" },
    targets: [],
    findings: [],
    summary: { targets: 0, objects: 0, errors: 0, warnings: 0, infos: 0, ms: 0 },
    ...overrides,
  };
}

const shardOf = (index: number, count: number, extra: Partial<Report> = {}) => report({ shard: { index, count }, ...extra });

describe("mergeReports", () => {
  it("joins targets (sorted, once each), keeps each finding once, sorts them and recounts the summary", () => {
    const error = finding({ target: "games/b/production", source: { file: "b.yaml", line: 3 } });
    const warning = finding({ severity: "warning", ruleId: "requests-limits", target: "games/a/production", source: { file: "a.yaml", line: 9 } });
    const info = finding({ severity: "info", ruleId: "hint", target: "games/a/production", source: { file: "a.yaml", line: 1 } });
    const merged = mergeReports([
      {
        file: "1.json",
        report: shardOf(1, 2, {
          targets: [{ path: "games/b/production", status: "ok", objects: 3, ms: 10 }],
          findings: [error, warning],
          summary: { targets: 1, objects: 3, errors: 1, warnings: 1, infos: 0, ms: 40 },
        }),
      },
      {
        file: "2.json",
        report: shardOf(2, 2, {
          targets: [
            { path: "games/a/production", status: "ok", objects: 2, ms: 5 },
            { path: "games/b/production", status: "ok", objects: 3, ms: 10 },
          ],
          findings: [warning, info],
          summary: { targets: 2, objects: 5, errors: 0, warnings: 1, infos: 1, ms: 70 },
        }),
      },
    ]);
    expect(merged.targets.map((t) => t.path)).toEqual(["games/a/production", "games/b/production"]);
    expect(merged.findings).toEqual([info, warning, error]);
    expect(merged.summary).toEqual({ targets: 2, objects: 5, errors: 1, warnings: 1, infos: 1, ms: 70 });
    expect(merged.version).toBe(1);
    expect(merged.tool).toEqual({ name: "gaia", kustomize: "v5.7.1", kubernetes: "1.30.0" });
    expect(merged.shard).toBeUndefined();
  });

  it("keeps findings that differ in any identifying field", () => {
    const base = finding();
    const variants = [base, finding({ ruleId: "other" }), finding({ target: "t2" }), finding({ source: { file: "x.yaml", line: 21 } })];
    variants.push(finding({ source: { file: base.source.file, line: 22 } }), finding({ path: "/other" }), finding({ message: "other" }));
    expect(mergeReports([{ file: "a.json", report: report({ findings: variants }) }]).findings).toHaveLength(7);
  });

  it("takes the slowest report's time, as the shards ran side by side", () => {
    const ms = (n: number) => report({ summary: { targets: 0, objects: 0, errors: 0, warnings: 0, infos: 0, ms: n } });
    expect(
      mergeReports([
        { file: "a", report: ms(90) },
        { file: "b", report: ms(30) },
      ]).summary.ms,
    ).toBe(90);
  });

  it("refuses no reports, mixed kustomize versions, and incomplete, doubled, mixed or mismatched shard sets", () => {
    const fails = (reports: Array<{ file: string; report: Report }>, message: string) => {
      expect(() => mergeReports(reports)).toThrow(UsageError);
      expect(() => mergeReports(reports)).toThrow(message);
    };
    fails([], "gaia report merge needs at least one JSON report");
    fails(
      [
        { file: "a", report: report() },
        { file: "b", report: report({ tool: { name: "gaia", kustomize: "v5.6.0", kubernetes: "1.30.0" } }) },
      ],
      "the reports were rendered with different kustomize versions (v5.7.1, v5.6.0)",
    );
    fails(
      [
        { file: "a", report: shardOf(1, 3) },
        { file: "b", report: shardOf(3, 3) },
      ],
      "incomplete shard set: missing 2/3",
    );
    fails(
      [
        { file: "a", report: shardOf(1, 2) },
        { file: "b", report: shardOf(1, 2) },
      ],
      "shard 1/2 is given twice (a and b)",
    );
    fails(
      [
        { file: "a", report: shardOf(1, 2) },
        { file: "b", report: report() },
      ],
      "cannot mix sharded and unsharded reports (b has no shard)",
    );
    fails(
      [
        { file: "a", report: shardOf(1, 2) },
        { file: "b", report: shardOf(2, 3) },
      ],
      "b is shard 2/3, but a is one of 2",
    );
    expect(
      mergeReports([
        { file: "a", report: shardOf(2, 2) },
        { file: "b", report: shardOf(1, 2) },
      ]).summary.targets,
    ).toBe(0);
  });
});

describe("mergeReports edge cases", () => {
  it("names every missing shard", () => {
    expect(() => mergeReports([1, 4].map((i) => ({ file: `${i}.json`, report: shardOf(i, 4) })))).toThrow("incomplete shard set: missing 2/4, 3/4");
  });

  it("runs the repository-wide checks over a shard set, once, and adds their findings; not for unsharded reports", () => {
    const repoWide = finding({ ruleId: "unused-exception", target: "", object: undefined, source: { file: "exceptions.yaml", line: 4 } });
    const calls: string[][] = [];
    const check = (shards: Array<{ file: string }>) => {
      calls.push(shards.map((s) => s.file));
      return [repoWide];
    };
    const merged = mergeReports(
      [
        { file: "1.json", report: shardOf(1, 2) },
        { file: "2.json", report: shardOf(2, 2) },
      ],
      check,
    );
    expect(calls).toEqual([["1.json", "2.json"]]);
    expect(merged.findings).toEqual([repoWide]);
    expect(merged.summary.errors).toBe(1);
    expect(mergeReports([{ file: "a.json", report: report() }], check).findings).toEqual([]);
    expect(calls).toHaveLength(1);
  });

  it("keeps the first report's copy of a finding that several reports carry", () => {
    const first = finding({ fix: "first" });
    const merged = mergeReports([
      { file: "a.json", report: report({ findings: [first] }) },
      { file: "b.json", report: report({ findings: [finding({ fix: "second" })] }) },
    ]);
    expect(merged.findings).toEqual([first]);
  });

  it("sorts the joined targets by path whatever order the reports list them in", () => {
    const target = (path: string) => ({ path, status: "ok" as const, objects: 1, ms: 1 });
    const merged = mergeReports([
      { file: "a.json", report: report({ targets: [target("games/c"), target("games/a")] }) },
      { file: "b.json", report: report({ targets: [target("games/d"), target("games/b")] }) },
    ]);
    expect(merged.targets.map((t) => t.path)).toEqual(["games/a", "games/b", "games/c", "games/d"]);
  });
});

describe("readReport", () => {
  it("returns a report that matches the report schema", () => {
    const text = JSON.stringify(report({ findings: [finding()] }));
    expect(readReport("r.json", text, schema).findings).toHaveLength(1);
  });

  it("names the file and the problem for text that is not JSON or not a report", () => {
    expect(() => readReport("r.json", "{", schema)).toThrow(UsageError);
    expect(() => readReport("r.json", "{", schema)).toThrow(/^r\.json is not JSON \(.+\); pass reports written by gaia validate --format json$/);
    expect(() => readReport("r.json", JSON.stringify({ version: 1 }), schema)).toThrow(
      /^r\.json is not a gaia JSON report \(\/ must have required property '.+'\)$/,
    );
    const badSummary = { ...report(), summary: { ...report().summary, errors: "1" } };
    expect(() => readReport("r.json", JSON.stringify(badSummary), schema)).toThrow("r.json is not a gaia JSON report (/summary/errors must be integer)");
  });

  it("reads a file, and names a file it cannot read", () => {
    repo = tempRepo({ "r.json": JSON.stringify(report()) });
    expect(readReportFile(join(repo.root, "r.json"), schema).version).toBe(1);
    expect(() => readReportFile(join(repo!.root, "missing.json"), schema)).toThrow(`cannot read ${join(repo.root, "missing.json")} (ENOENT)`);
  });
});
