// The request-path metrics: the latency histogram must read exactly like prom-client's own Histogram, and tallied
// counts must reach their counter once, at the next scrape.
import { Histogram, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { LatencyHistogram } from "../../gate-engine/src/latency-histogram.ts";
import { createMetrics, TalliedCounter } from "../../gate-engine/src/metrics.ts";

const BUCKETS = [0.00001, 0.0001, 0.001, 0.01];
const OBSERVATIONS: [string, number][] = [
  ["tri", 0.000004],
  ["tri", 0.00001],
  ["tri", 0.00002],
  ["tri", 0.5],
  ["user-api", 0.0009],
  ["tri", 0.003],
];

function both(): { ours: Registry; reference: Registry; histogram: LatencyHistogram } {
  const ours = new Registry();
  const reference = new Registry();
  const histogram = new LatencyHistogram("evaluation_seconds", "Time to evaluate.", "network", BUCKETS, [ours]);
  const promHistogram = new Histogram({
    name: "evaluation_seconds",
    help: "Time to evaluate.",
    labelNames: ["network"],
    buckets: BUCKETS,
    registers: [reference],
  });
  for (const [network, seconds] of OBSERVATIONS) {
    histogram.labels(network).observe(seconds);
    promHistogram.labels(network).observe(seconds);
  }
  return { ours, reference, histogram };
}

describe("LatencyHistogram", () => {
  it("renders the same Prometheus text and JSON as prom-client's Histogram fed the same observations", async () => {
    const { ours, reference } = both();
    expect(await ours.metrics()).toBe(await reference.metrics());
    expect(await ours.metrics()).toContain('evaluation_seconds_bucket{le="+Inf",network="tri"} 5');
    // prom-client adds an empty exemplar slot to each value; a histogram without exemplars has nothing to put there.
    const withoutExemplars = async (r: Registry) =>
      (await r.getMetricsAsJSON()).map((m) => ({ ...m, values: m.values.map((v) => ({ ...v, exemplar: undefined })) }));
    expect(await withoutExemplars(ours)).toEqual(await withoutExemplars(reference));
  });

  it("counts an observation equal to a bound in that bound's bucket, and one above every bound only in +Inf", async () => {
    const registry = new Registry();
    const histogram = new LatencyHistogram("h_seconds", "h", "network", [1, 2], [registry]);
    histogram.labels("a").observe(1);
    histogram.labels("a").observe(3);
    const text = await registry.metrics();
    expect(text).toContain('h_seconds_bucket{le="1",network="a"} 1');
    expect(text).toContain('h_seconds_bucket{le="2",network="a"} 1');
    expect(text).toContain('h_seconds_bucket{le="+Inf",network="a"} 2');
    expect(text).toContain('h_seconds_sum{network="a"} 4');
  });

  it("is emptied by the registry's resetMetrics, like prom-client's metrics", async () => {
    const { ours, histogram } = both();
    ours.resetMetrics();
    expect(await ours.metrics()).not.toContain("evaluation_seconds_bucket");
    histogram.labels("tri").observe(0.00002);
    expect(await ours.metrics()).toContain('evaluation_seconds_count{network="tri"} 1');
  });

  it("refuses buckets that are not finite and increasing", () => {
    expect(() => new LatencyHistogram("h", "h", "network", [0.1, 0.1])).toThrow("h: buckets must be finite and increasing");
    expect(() => new LatencyHistogram("h", "h", "network", [0.1, Infinity])).toThrow("buckets must be finite and increasing");
  });

  it("cannot share a name with another metric of the registry", () => {
    const registry = new Registry();
    new LatencyHistogram("taken", "h", "network", BUCKETS, [registry]);
    expect(() => new LatencyHistogram("taken", "h", "network", BUCKETS, [registry])).toThrow("A metric with the name taken has already been registered");
  });
});

describe("TalliedCounter", () => {
  it("adds the tallies to the prom-client counter at each scrape, each count once", async () => {
    const registry = new Registry();
    const requests = new TalliedCounter({ name: "requests_total", help: "Requests.", labelNames: ["network", "code"], registers: [registry] });
    const ok = requests.labels("tri", "200");
    ok.inc();
    ok.inc();
    requests.labels("tri", "400").inc();
    expect(requests.labels("tri", "200")).toBe(ok);
    let text = await registry.metrics();
    expect(text).toContain('requests_total{network="tri",code="200"} 2');
    expect(text).toContain('requests_total{network="tri",code="400"} 1');
    ok.inc();
    text = await registry.metrics();
    expect(text).toContain('requests_total{network="tri",code="200"} 3');
    expect(text).toContain('requests_total{network="tri",code="400"} 1');
  });

  it("shows nothing before the first count", async () => {
    const registry = new Registry();
    const requests = new TalliedCounter({ name: "requests_total", help: "Requests.", labelNames: ["network", "code"], registers: [registry] });
    requests.labels("tri", "200");
    expect(await registry.metrics()).not.toContain("requests_total{");
  });
});

describe("createMetrics", () => {
  it("registers every gate engine metric, and the process metrics only when asked", async () => {
    const names = (r: Registry) => r.getMetricsAsArray().map((m) => m.name);
    const without = createMetrics({ processMetrics: false });
    expect(names(without.registry).sort()).toEqual([
      "gate_engine_client_aborts_total",
      "gate_engine_evaluation_duration_seconds",
      "gate_engine_learning_convergence_delta",
      "gate_engine_learning_steps_total",
      "gate_engine_pattern_accuracy_ratio",
      "gate_engine_requests_total",
      "gate_engine_state_last_success_timestamp_seconds",
      "gate_engine_state_loaded",
      "gate_engine_state_saves_total",
    ]);
    const withProcess = createMetrics({ processMetrics: true });
    expect(names(withProcess.registry)).toContain("gate_engine_process_cpu_user_seconds_total");
  });
});
