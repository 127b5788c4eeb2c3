import { describe, expect, it } from "vitest";
import {
  countsPhrase,
  formatCount,
  formatDuration,
  kustomizeLabel,
  objectLabel,
  plural,
  summaryLine,
  visibleControls,
} from "../../../scripts/lib/report/text.ts";
import { report } from "./fixtures.ts";

describe("report text helpers", () => {
  it("formats counts with thousands separators and plurals", () => {
    expect(formatCount(2709)).toBe("2,709");
    expect(formatCount(1234567.5)).toBe("1,234,567.5");
    expect(formatCount(12)).toBe("12");
    expect(plural(1, "target")).toBe("1 target");
    expect(plural(2709, "object")).toBe("2,709 objects");
    expect(plural(0, "error")).toBe("0 errors");
  });

  it("formats durations", () => {
    expect(formatDuration(850.4)).toBe("850ms");
    expect(formatDuration(4213)).toBe("4.2s");
    expect(formatDuration(65_000)).toBe("1m 05s");
    expect(formatDuration(-1)).toBe("0ms");
    // The unit changes exactly at one second and at one minute.
    expect(formatDuration(999)).toBe("999ms");
    expect(formatDuration(1000)).toBe("1.0s");
    expect(formatDuration(59_949)).toBe("59.9s");
    expect(formatDuration(60_000)).toBe("1m 00s");
    expect(formatDuration(Number.NaN)).toBe("0ms");
  });

  it("labels objects and kustomize versions", () => {
    expect(objectLabel({ apiVersion: "apps/v1", kind: "Deployment", namespace: "alpha", name: "chat" })).toBe("Deployment/alpha/chat");
    expect(objectLabel({ apiVersion: "v1", kind: "Namespace", name: "alpha" })).toBe("Namespace/alpha");
    expect(objectLabel(undefined)).toBe("");
    expect(kustomizeLabel("v5.7.1")).toBe("kustomize v5.7.1");
    expect(kustomizeLabel("5.7.1")).toBe("kustomize v5.7.1");
    expect(kustomizeLabel("")).toBe("");
  });

  it("writes the summary line, leaving out an unknown kustomize version", () => {
    const r = report();
    expect(countsPhrase(r)).toBe("4 errors, 1 warning, 1 info");
    const big = { ...r, summary: { ...r.summary, errors: 3, warnings: 2, infos: 0, targets: 63, objects: 2709, ms: 4200 } };
    expect(summaryLine(big)).toBe("✖ 3 errors, 2 warnings in 63 targets (2,709 objects) · kustomize v5.7.1 · 4.2s");
    const infoOnly = { ...r, tool: { ...r.tool, kustomize: "" }, summary: { ...r.summary, errors: 0, warnings: 0, infos: 1 } };
    expect(summaryLine(infoOnly)).toBe("ℹ 0 errors, 0 warnings, 1 info in 3 targets (52 objects) · 4.2s");
  });

  it("makes control characters visible", () => {
    expect(visibleControls("a\u001b[31mb\tc\nd", false)).toBe("a\\x1b[31mb c\\x0ad");
    expect(visibleControls("a\nb\r", true)).toBe("a\nb\\x0d");
  });

  it("leaves an empty namespace out of an object label", () => {
    expect(objectLabel({ apiVersion: "v1", kind: "ConfigMap", namespace: "", name: "x" })).toBe("ConfigMap/x");
  });

  it("says 'no problems' only when there are no errors, warnings or infos at all", () => {
    const counts = (errors: number, warnings: number, infos: number) =>
      countsPhrase({ ...report([]), summary: { ...report([]).summary, errors, warnings, infos } });
    expect(counts(0, 0, 0)).toBe("no problems");
    expect(counts(0, 1, 1)).toBe("0 errors, 1 warning, 1 info");
    expect(counts(1, 1, 0)).toBe("1 error, 1 warning");
  });
});
