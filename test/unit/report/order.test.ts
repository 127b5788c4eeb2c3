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
});
