// A Prometheus histogram with one label, cheap enough to observe on every /compute request: each label value owns
// an array of bucket counts, so an observation is a bucket search and three additions. prom-client's Histogram
// builds and hashes its label set on every observe, which took about a tenth of /compute's server time. This one is
// registered in the same prom-client registry and is exported in the same text format.
import type { Metric, Registry } from "prom-client";

/** What prom-client's registry reads from a metric's get() when it renders or serialises the metrics. */
export interface HistogramSnapshot {
  name: string;
  help: string;
  type: "histogram";
  aggregator: "sum";
  values: { metricName: string; labels: Record<string, string | number>; value: number }[];
}

export class LatencySeries {
  /** Observations per bucket (not cumulative); the last slot holds those above the highest bound. */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(private readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  observe(seconds: number): void {
    const { bounds } = this;
    let bucket = 0;
    while (bucket < bounds.length && seconds > bounds[bucket]) bucket++;
    this.counts[bucket] += 1;
    this.sum += seconds;
    this.count += 1;
  }
}

export class LatencyHistogram {
  readonly type = "histogram" as const;
  readonly aggregator = "sum" as const;
  private readonly series = new Map<string, LatencySeries>();
  private readonly bounds: readonly number[];

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelName: string,
    buckets: readonly number[],
    registers: readonly Registry[] = [],
  ) {
    if (buckets.some((b, i) => !Number.isFinite(b) || (i > 0 && b <= buckets[i - 1]))) {
      throw new Error(`${name}: buckets must be finite and increasing`);
    }
    this.bounds = [...buckets];
    // The registry reads name, help, type, aggregator, get() and reset(), the members every prom-client metric has.
    for (const registry of registers) registry.registerMetric(this as unknown as Metric);
  }

  /** The series of one label value; callers keep it, so observing skips the label lookup. */
  labels(value: string): LatencySeries {
    let series = this.series.get(value);
    if (!series) this.series.set(value, (series = new LatencySeries(this.bounds)));
    return series;
  }

  reset(): void {
    this.series.clear();
  }

  /** prom-client awaits get(); the snapshot itself is computed synchronously. */
  get(): Promise<HistogramSnapshot> {
    const values: HistogramSnapshot["values"] = [];
    const bucketName = `${this.name}_bucket`;
    for (const [labelValue, series] of this.series) {
      let cumulative = 0;
      this.bounds.forEach((le, i) => {
        cumulative += series.counts[i];
        values.push({ metricName: bucketName, labels: { le, [this.labelName]: labelValue }, value: cumulative });
      });
      values.push({ metricName: bucketName, labels: { le: "+Inf", [this.labelName]: labelValue }, value: series.count });
      values.push({ metricName: `${this.name}_sum`, labels: { [this.labelName]: labelValue }, value: series.sum });
      values.push({ metricName: `${this.name}_count`, labels: { [this.labelName]: labelValue }, value: series.count });
    }
    return Promise.resolve({ name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values });
  }
}
