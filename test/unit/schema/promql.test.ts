import { describe, expect, it } from "vitest";
import { promqlErrorOffset, promqlFindings } from "../../../scripts/lib/schema/promql.ts";
import type { K8sObject } from "../../../scripts/lib/types.ts";

const rule = (rules: unknown[]): K8sObject => ({
  apiVersion: "monitoring.coreos.com/v1",
  kind: "PrometheusRule",
  metadata: { name: "alerts", namespace: "monitoring" },
  spec: { groups: [{ name: "g", rules }] },
});

describe("promqlErrorOffset", () => {
  it("accepts valid expressions", () => {
    for (const expr of [
      "up == 0",
      'sum by (job) (rate(http_requests_total{status=~"5.."}[5m])) / sum by (job) (rate(http_requests_total[5m])) > 0.05',
      "histogram_quantile(0.99, sum(rate(latency_seconds_bucket[5m])) by (le))",
      "1",
    ])
      expect(promqlErrorOffset(expr), expr).toBeUndefined();
  });

  it("finds the error in invalid expressions", () => {
    expect(promqlErrorOffset("sum(rate(x[5m])")).toBeGreaterThan(0);
    expect(promqlErrorOffset("up ==")).toBeDefined();
    expect(promqlErrorOffset('up{job="a"')).toBeDefined();
    expect(promqlErrorOffset("   ")).toBe(0);
  });
});

describe("promqlFindings", () => {
  it("reports each bad expression with a pointer to it, and nothing for good ones", () => {
    const found = promqlFindings(
      rule([
        { alert: "Up", expr: "up == 0" },
        { record: "job:errors", expr: "sum(rate(errors[5m])" },
        { alert: "Num", expr: 1 },
      ]),
      "overlays/production",
      "base/monitoring/rules.yaml",
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      ruleId: "promql-syntax",
      category: "schema",
      severity: "error",
      path: "/spec/groups/0/rules/1/expr",
      target: "overlays/production",
    });
    expect(found[0].message).toMatch(/^job:errors: PromQL does not parse near column \d+/);
  });

  it("ignores other kinds and malformed groups", () => {
    expect(promqlFindings({ apiVersion: "v1", kind: "ConfigMap", metadata: {}, spec: { groups: [{ rules: [{ expr: "((" }] }] } }, "t", "f")).toEqual([]);
    expect(promqlFindings({ apiVersion: "monitoring.coreos.com/v1", kind: "PrometheusRule", metadata: {}, spec: { groups: "x" } }, "t", "f")).toEqual([]);
  });
});
