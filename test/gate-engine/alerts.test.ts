// The gate engine's alerts (base/monitoring/prometheusrule.yaml, group gaia-gate-engine) and dashboard panels:
// every expression parses with Prometheus's PromQL grammar, and each alert fires on a synthetic series that shows
// the problem (after its `for`) and stays quiet on a healthy one — unit tests like `promtool test rules`.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { promqlErrorOffset } from "../../scripts/lib/schema/promql.ts";
import { evaluate, firesAt, type Labels, type Series } from "./promql-eval.ts";
import { REPO_ROOT } from "./support.ts";

interface AlertRule {
  alert: string;
  expr: string;
  for: string;
}
const rules = (
  parse(readFileSync(join(REPO_ROOT, "base/monitoring/prometheusrule.yaml"), "utf8")) as { spec: { groups: { name: string; rules: AlertRule[] }[] } }
).spec.groups.find((g) => g.name === "gaia-gate-engine")?.rules as AlertRule[];
const rule = (name: string) => rules.find((r) => r.alert === name) as AlertRule;
const forSeconds = (r: AlertRule) => Number(/^(\d+)m$/.exec(r.for)?.[1]) * 60;

const HOUR = 3600;
const STEP = 15;
/** A series sampled every 15 s for an hour: `value(t)` at each time t. */
const series = (labels: Labels, value: (t: number) => number): Series => ({
  labels: { job: "gate-engine", namespace: "gaia-platform", ...labels },
  samples: Array.from({ length: HOUR / STEP + 1 }, (_, i) => [i * STEP, value(i * STEP)] as [number, number]),
});
const counter = (name: string, labels: Labels, perSecond: (t: number) => number) => {
  let total = 0;
  return series({ __name__: name, ...labels }, (t) => (total += perSecond(t) * STEP));
};

describe("gate engine alerts and panels", () => {
  it("parse with the PromQL grammar", () => {
    expect(rules.map((r) => r.alert)).toEqual([
      "GateEngineErrorRatioHigh",
      "GateEngineLatencyP99High",
      "GateEngineStateSaveFailing",
      "GateEngineStateNotSaved",
    ]);
    for (const r of rules) expect(promqlErrorOffset(r.expr), r.alert).toBeUndefined();
    const dashboard = JSON.parse(readFileSync(join(REPO_ROOT, "base/monitoring/dashboards/gaia-platform.json"), "utf8")) as {
      panels: { title: string; targets: { expr: string }[] }[];
    };
    const panels = dashboard.panels.filter((p) => p.title.startsWith("Gate engine"));
    expect(panels.map((p) => p.title)).toEqual(["Gate engine requests by code", "Gate engine evaluation time (p99)", "Gate engine learned-state sync"]);
    for (const t of panels.flatMap((p) => p.targets)) expect(promqlErrorOffset(t.expr.replaceAll("$namespace", "x")), t.expr).toBeUndefined();
    expect(rules.every((r) => !r.expr.includes('status="'))).toBe(true);
  });

  it("GateEngineErrorRatioHigh fires when 5xx pass 1% for 5 minutes, not on 4xx or a short burst", () => {
    const r = rule("GateEngineErrorRatioHigh");
    const ok = counter("gate_engine_requests_total", { network: "tri", code: "200" }, () => 100);
    const clientErrors = counter("gate_engine_requests_total", { network: "tri", code: "400" }, () => 20);
    const failing = counter("gate_engine_requests_total", { network: "tri", code: "500" }, (t) => (t >= 1200 ? 5 : 0));
    const burst = counter("gate_engine_requests_total", { network: "tri", code: "500" }, (t) => (t >= 1200 && t < 1320 ? 5 : 0));
    const fired = firesAt(r.expr, forSeconds(r), [ok, clientErrors, failing], HOUR) as number;
    expect(fired).toBeGreaterThanOrEqual(1200 + forSeconds(r));
    expect(fired).toBeLessThan(1200 + forSeconds(r) + 300);
    expect(firesAt(r.expr, forSeconds(r), [ok, clientErrors], HOUR)).toBeUndefined();
    expect(firesAt(r.expr, forSeconds(r), [ok, clientErrors, burst], HOUR)).toBeUndefined();
  });

  it("GateEngineLatencyP99High fires when p99 evaluation time passes 10ms for 10 minutes", () => {
    const r = rule("GateEngineLatencyP99High");
    const buckets = (slowFrom: number) =>
      ["0.001", "0.005", "0.01", "0.05", "+Inf"].map((le) =>
        counter("gate_engine_evaluation_duration_seconds_bucket", { network: "tri", le }, (t) => {
          const slow = t >= slowFrom;
          // Healthy: all under 1ms. Slow: 5% take 10–50ms.
          return le === "0.001" ? (slow ? 95 : 100) : le === "0.005" || le === "0.01" ? (slow ? 95 : 100) : 100;
        }),
      );
    const slow = buckets(1800);
    const p99 = evaluate(r.expr.replace(/ > 0\.01\s*$/, ""), slow, 2400) as { value: number }[];
    expect(p99[0].value).toBeGreaterThan(0.01);
    expect(firesAt(r.expr, forSeconds(r), slow, HOUR)).toBeGreaterThanOrEqual(1800 + forSeconds(r));
    expect(firesAt(r.expr, forSeconds(r), buckets(HOUR + 1), HOUR)).toBeUndefined();
  });

  it("GateEngineStateSaveFailing fires on save or read errors that last 10 minutes", () => {
    const r = rule("GateEngineStateSaveFailing");
    const saved = counter("gate_engine_state_saves_total", { result: "saved" }, () => 0.1);
    const errors = counter("gate_engine_state_saves_total", { result: "error" }, (t) => (t >= 600 ? 0.1 : 0));
    const readErrors = counter("gate_engine_state_saves_total", { result: "read_error" }, (t) => (t >= 600 ? 1 : 0));
    expect(firesAt(r.expr, forSeconds(r), [saved, errors], HOUR)).toBeGreaterThanOrEqual(600 + forSeconds(r));
    expect(firesAt(r.expr, forSeconds(r), [saved, readErrors], HOUR)).toBeGreaterThanOrEqual(600 + forSeconds(r));
    expect(firesAt(r.expr, forSeconds(r), [saved], HOUR)).toBeUndefined();
  });

  it("GateEngineStateNotSaved fires when no replica has synced for 10 minutes, not while any replica syncs", () => {
    const r = rule("GateEngineStateNotSaved");
    const name = "gate_engine_state_last_success_timestamp_seconds";
    const syncing = (pod: string, until: number) => series({ __name__: name, pod }, (t) => (t <= until ? t : until));
    const fired = firesAt(r.expr, forSeconds(r), [syncing("a", 900), syncing("b", 900)], HOUR) as number;
    expect(fired).toBeGreaterThanOrEqual(900 + 600 + forSeconds(r));
    expect(fired).toBeLessThan(900 + 600 + forSeconds(r) + 60);
    expect(firesAt(r.expr, forSeconds(r), [syncing("a", 900), syncing("b", HOUR)], HOUR)).toBeUndefined();
  });
});
