// Prometheus metrics of the gate engine, on a registry of their own (no global default registry).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export interface GateMetrics {
  registry: Registry;
  evaluationSeconds: Histogram<"network">;
  requests: Counter<"network" | "status">;
  learningDelta: Gauge<"network" | "gate">;
  learningSteps: Counter<"network" | "gate">;
  patternAccuracy: Gauge<"network" | "gate">;
  persistence: Counter<"result">;
}

export function createMetrics(options: { processMetrics: boolean }): GateMetrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: "gate_engine_" });
  const registers = [registry];
  return {
    registry,
    evaluationSeconds: new Histogram({
      name: "gate_engine_evaluation_duration_seconds",
      help: "Time to evaluate one input through a gate network.",
      labelNames: ["network"],
      buckets: [0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05],
      registers,
    }),
    requests: new Counter({
      name: "gate_engine_requests_total",
      help: "HTTP requests by network (or endpoint kind) and status code.",
      labelNames: ["network", "status"],
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
      help: "Attempts to persist learned state, by result (saved, error).",
      labelNames: ["result"],
      registers,
    }),
  };
}
