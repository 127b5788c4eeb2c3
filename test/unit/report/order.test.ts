import { describe, expect, it } from "vitest";
import { collapseAcrossTargets, compareText, mostSevere, sortFindings, sortTargets } from "../../../scripts/lib/report/order.ts";
import { finding, sampleFindings, shuffled, TARGETS } from "./fixtures.ts";

describe("report ordering", () => {
  it("compares text by code unit, not by locale", () => {
    expect(["b", "B", "a", "ä", "A"].sort(compareText)).toEqual(["A", "B", "a", "b", "ä"]);
  });

  it("sorts findings by file, line and rule, and breaks every remaining tie", () => {
    const twins = [
      finding({ severity: "warning" }),
      finding({ severity: "error" }),
      finding({ category: "hygiene" }),
      finding({ object: { apiVersion: "v1", kind: "Pod", name: "p" } }),
      finding({ fix: "another fix" }),
    ];
    const expected = sortFindings(twins);
    expect(expected[0].severity).toBe("error");
    for (const order of shuffled(twins)) expect(sortFindings(order)).toEqual(expected);
    expect(sortFindings(sampleFindings()).map((f) => f.source.line)).toEqual([21, 21, 30, 3, 9, 1]);
  });

  it("does not reorder its input", () => {
    const input = sampleFindings();
    const before = [...input];
    sortFindings(input);
    expect(input).toEqual(before);
  });

  it("sorts targets by path", () => {
    expect(sortTargets(TARGETS).map((t) => t.path)).toEqual(["games/alpha/production", "games/beta/production", "overlays/production"]);
  });

  it("picks the most severe findings and keeps them in file order", () => {
    const list = sortFindings([
      finding({ severity: "info", source: { file: "a", line: 1 } }),
      finding({ severity: "error", source: { file: "b", line: 1 } }),
      finding({ severity: "warning", source: { file: "c", line: 1 } }),
      finding({ severity: "error", source: { file: "d", line: 1 } }),
    ]);
    expect(mostSevere(list, 3).map((f) => f.source.file)).toEqual(["b", "c", "d"]);
    expect(mostSevere(list, 10)).toEqual(list);
  });

  it("merges findings that differ only in target", () => {
    const collapsed = collapseAcrossTargets(
      sortFindings([finding({ target: "t2" }), finding({ target: "t1" }), finding({ target: "t1" }), finding({ target: "t3", message: "other" })]),
    );
    expect(collapsed.map((c) => [c.finding.message, c.targets])).toEqual([
      ['Container "api" uses image gaia/chat:latest', ["t1", "t2"]],
      ["other", ["t3"]],
    ]);
  });

  it("among equally severe findings, keeps the first ones in file order", () => {
    const list = sortFindings(["a", "b", "c", "d", "e"].map((file) => finding({ severity: "warning", source: { file, line: 1 } })));
    expect(mostSevere(list, 3).map((f) => f.source.file)).toEqual(["a", "b", "c"]);
  });

  it("sorts an object without a namespace before any namespaced one, even a namespace starting with a digit", () => {
    const cluster = finding({ object: { apiVersion: "v1", kind: "ConfigMap", name: "x" } });
    const namespaced = finding({ object: { apiVersion: "v1", kind: "ConfigMap", namespace: "0-team", name: "x" } });
    expect(sortFindings([namespaced, cluster])).toEqual([cluster, namespaced]);
  });

  it("sorts targets with the same path by status, objects, then time", () => {
    const same = [
      { path: "t", status: "ok" as const, objects: 2, ms: 1 },
      { path: "t", status: "ok" as const, objects: 1, ms: 9 },
      { path: "t", status: "ok" as const, objects: 1, ms: 3 },
    ];
    expect(sortTargets(same)).toEqual([same[2], same[1], same[0]]);
  });

  it("does not merge findings whose fields only look alike when run together", () => {
    const a = finding({ target: "x", object: { apiVersion: "v1", kind: "ConfigMap", namespace: "ab", name: "c" } });
    const b = finding({ target: "y", object: { apiVersion: "v1", kind: "ConfigMap", namespace: "a", name: "bc" } });
    expect(collapseAcrossTargets(sortFindings([a, b]))).toHaveLength(2);
    const c = finding({ target: "x", source: { file: "a.yaml", line: 12 } });
    const d = finding({ target: "y", source: { file: "a.yaml1", line: 2 } });
    expect(collapseAcrossTargets(sortFindings([c, d]))).toHaveLength(2);
  });

  it("lists the targets of a merged finding sorted", () => {
    const z = finding({ target: "games/z/production", category: "config" });
    const a = finding({ target: "games/a/production", category: "security" });
    expect(collapseAcrossTargets(sortFindings([a, z]))[0].targets).toEqual(["games/a/production", "games/z/production"]);
  });
});
