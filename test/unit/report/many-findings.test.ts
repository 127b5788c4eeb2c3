// Every reporter handles a run with more findings than a call may take arguments (about 100,000): nothing spreads the
// findings into one call (a stack overflow), and the counts come out right.
import { describe, expect, it } from "vitest";
import { FORMATS, renderReport } from "../../../scripts/lib/report/index.ts";
import { appendAll, maxOf } from "../../../scripts/lib/util/arrays.ts";
import type { Report } from "../../../scripts/lib/types.ts";
import { finding, options, TARGETS } from "./fixtures.ts";

const MANY = 150_000;

function bigReport(): Report {
  const findings = Array.from({ length: MANY }, (_, i) =>
    finding({
      source: { file: `manifests/part-${i % 3}.yaml`, line: i + 1 },
      message: `finding ${i}`,
      object: { apiVersion: "v1", kind: "ConfigMap", name: `c${i}` },
    }),
  );
  return {
    version: 1,
    tool: { name: "gaia", kustomize: "v5.7.1", kubernetes: "1.30.0" },
    targets: TARGETS,
    findings,
    summary: { targets: TARGETS.length, objects: MANY, errors: MANY, warnings: 0, infos: 0, ms: 1 },
  };
}

describe("reports with 150,000 findings", () => {
  it("appendAll and maxOf work past the argument limit where push(...) and Math.max(...) throw", () => {
    const big = Array.from({ length: MANY * 2 }, (_, i) => i);
    // Far past any stack size a test runner may set (vitest under mutation testing raises it).
    expect(() => [].push(...(Array.from({ length: 5_000_000 }, () => 0) as never[]))).toThrow(RangeError);
    const into = [-1];
    appendAll(into, big);
    expect(into).toHaveLength(MANY * 2 + 1);
    expect(maxOf(big)).toBe(MANY * 2 - 1);
    expect(maxOf([])).toBe(-Infinity);
  });

  for (const format of FORMATS) {
    it(`${format} renders every finding without overflowing`, { timeout: 120_000 }, () => {
      const text = renderReport(format, bigReport(), options());
      expect(text.length).toBeGreaterThan(0);
      if (format === "json") expect(JSON.parse(text).findings).toHaveLength(MANY);
    });
  }
});
