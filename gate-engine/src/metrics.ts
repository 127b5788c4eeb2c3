// Prometheus metrics of the gate engine, on a registry of their own (no global default registry).
import { Counter, Gauge, Registry, collectDefaultMetrics } from "prom-client";
import { LatencyHistogram } from "./latency-histogram.ts";

/** A count kept as a plain number on the request path and added to its prom-client counter when metrics are read. */
export class Tally {
  pending = 0;

  constructor(readonly labels: Readonly<Record<string, string>>) {}

  inc(): void {
    this.pending += 1;
  }
}

/** A prom-client counter fed by tallies, one per label set. */
export class TalliedCounter<L extends string> {
  readonly counter: Counter<L>;
  private readonly tallies = new Map<string, Tally>();
  private readonly labelNames: readonly L[];

  constructor(config: { name: string; help: string; labelNames: readonly L[]; registers: Registry[] }) {
    this.labelNames = config.labelNames;
    const tallies = this.tallies;
    this.counter = new Counter<L>({
      ...config,
      collect() {
        for (const tally of tallies.values()) {
          if (tally.pending === 0) continue;
          this.inc(tally.labels as Partial<Record<L, string>>, tally.pending);
          tally.pending = 0;
        }
      },
    });
  }

  /** The tally of one label set, values in the order of `labelNames`. */
  labels(...values: string[]): Tally {
    const key = values.join("\u0000");
    let tally = this.tallies.get(key);
    if (!tally) {
      tally = new Tally(Object.fromEntries(this.labelNames.map((name, i) => [name, values[i]])));
      this.tallies.set(key, tally);
    }
    return tally;
  }
}

export interface GateMetrics {
  registry: Registry;
  evaluationSeconds: LatencyHistogram;
  requests: TalliedCounter<"network" | "code">;
  learningDelta: Gauge<"network" | "gate">;
  learningSteps: Counter<"network" | "gate">;
  patternAccuracy: Gauge<"network" | "gate">;
  persistence: Counter<"result">;
  lastSuccess: Gauge;
  stateLoaded: Gauge;
  clientAborts: Counter;
}

export function createMetrics(options: { processMetrics: boolean }): GateMetrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: "gate_engine_" });
  const registers = [registry];
  return {
    registry,
    evaluationSeconds: new LatencyHistogram(
      "gate_engine_evaluation_duration_seconds",
      "Time to evaluate one input through a gate network.",
      "network",
      [0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05],
      registers,
    ),
    requests: new TalliedCounter({
      name: "gate_engine_requests_total",
      help: "HTTP requests by network (or endpoint kind) and status code.",
      labelNames: ["network", "code"],
      registers,
    }),
    learningDelta: new Gauge({
      name: "gate_engine_learning_convergence_delta",
      help: "Size of the last learning step per gate; it falls toward 0 as the gate converges.",
      labelNames: ["network", "gate"],
      registers,
    }),
    learningSteps: new Counter({
      name: "gate_engine_learning_steps_total",
      help: "Feedback-driven learning steps per gate.",
      labelNames: ["network", "gate"],
      registers,
    }),
    patternAccuracy: new Gauge({
      name: "gate_engine_pattern_accuracy_ratio",
      help: "Share of feedback where the gate's output already matched the expected bit.",
      labelNames: ["network", "gate"],
      registers,
    }),
    persistence: new Counter({
      name: "gate_engine_state_saves_total",
      help: "Syncs with the state store that had something to save (saved, error) and failed reads (read_error).",
      labelNames: ["result"],
      registers,
    }),
    lastSuccess: new Gauge({
      name: "gate_engine_state_last_success_timestamp_seconds",
      help: "Unix time of the last successful sync with the state store: a save, or a read when nothing was pending (0 = none since start).",
      registers,
    }),
    stateLoaded: new Gauge({
      name: "gate_engine_state_loaded",
      help: "1 once stored learned state has been read; until then the manifests' values are used.",
      registers,
    }),
    clientAborts: new Counter({
      name: "gate_engine_client_aborts_total",
      help: "Requests whose client went away before the answer (not counted as errors).",
      registers,
    }),
  };
}
