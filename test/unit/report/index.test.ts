import { describe, expect, it } from "vitest";
import { FORMATS, isFormat, renderReport, reporters } from "../../../scripts/lib/report/index.ts";
import { hostileReport, options, reorderedKeys, report, RULES, sampleFindings, shuffled, TARGETS } from "./fixtures.ts";

describe("reporters", () => {
  it("has exactly one reporter per format", () => {
    expect(FORMATS).toEqual(["pretty", "json", "junit", "sarif", "github", "markdown"]);
    expect(Object.keys(reporters).sort()).toEqual([...FORMATS].sort());
  });

  it("every format gives identical bytes for shuffled findings and targets", () => {
    for (const format of FORMATS) {
      for (const color of [false, true]) {
        const opts = options({ color, rules: RULES });
        const expected = reporters[format](report(), opts);
        for (const findings of shuffled(sampleFindings())) {
          for (const targets of shuffled(TARGETS)) {
            expect(reporters[format](report(findings.map(reorderedKeys), targets), opts)).toBe(expected);
          }
        }
      }
    }
  });

  it("no format writes ANSI colour unless asked, and only pretty writes it when asked", () => {
    for (const format of FORMATS) {
      expect(reporters[format](hostileReport(), options({ color: false }))).not.toMatch(/\u001b/);
      const coloured = reporters[format](report(), options({ color: true }));
      expect(/\u001b\[/.test(coloured)).toBe(format === "pretty");
    }
  });

  it("every format ends with a newline and does not mutate the report", () => {
    for (const format of FORMATS) {
      const r = report();
      const before = structuredClone(r);
      expect(reporters[format](r, options()).endsWith("\n")).toBe(true);
      expect(r).toEqual(before);
    }
  });

  it("renders by name and rejects unknown formats", () => {
    expect(isFormat("sarif")).toBe(true);
    expect(isFormat("yaml")).toBe(false);
    expect(renderReport("json", report(), options())).toBe(reporters.json(report(), options()));
    expect(() => renderReport("yaml", report(), options())).toThrow(
      'unknown report format "yaml" (expected one of: pretty, json, junit, sarif, github, markdown)',
    );
  });
});
