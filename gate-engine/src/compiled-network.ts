// A network plan compiled for the request path: every gate's input and output is a small integer of known width
// (bits most significant first), so evaluating an input is a loop over closures with no arrays, strings or traces.
// It reads the live learned state on each call and advances the same round-robin counters as GateEngine.evaluate,
// whose results it reproduces bit for bit (the tests compare both on random networks). Traces are left to evaluate.
import { ADAPTIVE_FIRING_CONFIDENCE } from "./gates.ts";
import type { Bit, GateState } from "./model.ts";
import type { NetworkPlan, PlannedGate } from "./topology.ts";

/** Widest value (network input, gate input or output, all outputs together) kept in one integer. */
export const MAX_COMPILED_WIDTH = 30;

/** PATTERN gates up to this input width look their patterns up in a table indexed by the input (2^width entries). */
const PATTERN_TABLE_WIDTH = 12;

/** Not looked up yet in a pattern table. */
const UNKNOWN = -1;

type GateFn = (input: number) => number;

/** The input as bits, most significant first, joined as PATTERN memory keys them ("101"). */
export function bitString(code: number, width: number): string {
  return width === 0 ? "" : code.toString(2).padStart(width, "0");
}

/** The bits as one integer, the first bit most significant. */
export function encodeBits(bits: readonly Bit[]): number {
  let code = 0;
  for (let i = 0; i < bits.length; i++) code = (code << 1) | bits[i];
  return code;
}

function thresholdGate(spec: PlannedGate["spec"], width: number, state: () => GateState): GateFn {
  const threshold = spec.threshold ?? 0;
  return (input) => {
    const { weights } = state() as Extract<GateState, { kind: "weights" }>;
    let sum = 0;
    for (let i = 0; i < width; i++) sum += ((input >>> (width - 1 - i)) & 1) * weights[i];
    return sum >= threshold ? 1 : 0;
  };
}

function patternGate(spec: PlannedGate["spec"], width: number, state: () => GateState): GateFn {
  const fallback = spec.defaultOutput ?? 0;
  // The table belongs to one state object: learning replaces the state, and the table is started afresh.
  let tableOf: GateState | undefined;
  let table: Int8Array | undefined;
  return (input) => {
    const current = state() as Extract<GateState, { kind: "patterns" }>;
    if (width > PATTERN_TABLE_WIDTH) return current.patterns.get(bitString(input, width)) ?? fallback;
    if (tableOf !== current || table === undefined) {
      table = new Int8Array(1 << width).fill(UNKNOWN);
      tableOf = current;
    }
    let bit = table[input];
    if (bit === UNKNOWN) table[input] = bit = current.patterns.get(bitString(input, width)) ?? fallback;
    return bit;
  };
}

function adaptiveAndGate(width: number, state: () => GateState): GateFn {
  const allOnes = width === 0 ? 0 : 2 ** width - 1;
  return (input) => {
    const { confidence } = state() as Extract<GateState, { kind: "confidence" }>;
    return input === allOnes && confidence >= ADAPTIVE_FIRING_CONFIDENCE ? 1 : 0;
  };
}

/** The kind of state each gate type evaluates with; another kind (never loaded today) is not compiled. */
const STATE_KIND = { THRESHOLD: "weights", PATTERN: "patterns", ADAPTIVE_AND: "confidence", BUFFER: "none" } as const;

function compileGate(gate: PlannedGate, state: () => GateState): GateFn {
  const width = gate.inputWidth;
  if (gate.spec.type === "THRESHOLD") return thresholdGate(gate.spec, width, state);
  if (gate.spec.type === "PATTERN") return patternGate(gate.spec, width, state);
  if (gate.spec.type === "ADAPTIVE_AND") return adaptiveAndGate(width, state);
  return (input) => input;
}

export interface CompiledNetwork {
  readonly inputBits: number;
  /** Width of `run`'s result: the sinks' output bits together. */
  readonly outputBits: number;
  /** Evaluates the input (`inputBits` wide) and returns the sinks' outputs concatenated in `plan.sinkIndexes` order. */
  run(input: number): number;
  /** The outputs of `run` as GateEngine.evaluate gives them: sink name → bits. */
  outputsOf(code: number): Record<string, Bit[]>;
}

/**
 * Compiles `plan` over the live `states` and `roundRobin` arrays of its runtime (indexed like `plan.order`), or
 * returns undefined when a width exceeds MAX_COMPILED_WIDTH or a gate holds a state of an unexpected kind.
 */
export function compileNetwork(plan: NetworkPlan, states: readonly GateState[], roundRobin: number[]): CompiledNetwork | undefined {
  const { order } = plan;
  const sinkWidth = plan.sinkIndexes.reduce((sum, i) => sum + order[i].outputWidth, 0);
  if (plan.inputBits > MAX_COMPILED_WIDTH || sinkWidth > MAX_COMPILED_WIDTH) return undefined;
  if (order.some((g) => g.inputWidth > MAX_COMPILED_WIDTH || states[g.position].kind !== STATE_KIND[g.spec.type])) return undefined;
  const gates = order.map((g) => compileGate(g, () => states[g.position]));
  const sources = order.map((g) => Int32Array.from(g.sources));
  const sourceWidths = order.map((g) => Int32Array.from(g.sources, (s) => order[s].outputWidth));
  // Gates whose replica is chosen round-robin (from their first inbound connection): evaluation advances the counter.
  const rotates = Uint8Array.from(order, (g) => (g.inbound.length > 0 && g.inbound[0].loadBalancer === "round-robin" ? 1 : 0));
  const replicas = order.map((g) => g.spec.replicas);
  const sinks = Int32Array.from(plan.sinkIndexes);
  const sinkWidths = Int32Array.from(plan.sinkIndexes, (i) => order[i].outputWidth);
  const outputs = new Int32Array(order.length);
  const count = order.length;

  // Every value fits in MAX_COMPILED_WIDTH bits, so shifts never reach the sign bit.
  function run(input: number): number {
    for (let i = 0; i < count; i++) {
      const from = sources[i];
      let gateInput = input;
      if (from.length > 0) {
        const widths = sourceWidths[i];
        gateInput = 0;
        for (let s = 0; s < from.length; s++) gateInput = (gateInput << widths[s]) | outputs[from[s]];
      }
      outputs[i] = gates[i](gateInput);
      if (rotates[i] === 1) roundRobin[i] = (roundRobin[i] + 1) % replicas[i];
    }
    let result = 0;
    for (let s = 0; s < sinks.length; s++) result = (result << sinkWidths[s]) | outputs[sinks[s]];
    return result;
  }

  function outputsOf(code: number): Record<string, Bit[]> {
    const result: Record<string, Bit[]> = {};
    let shift = sinkWidth;
    plan.sinkIndexes.forEach((sink, s) => {
      shift -= sinkWidths[s];
      const bits = bitString((code >>> shift) & ((1 << sinkWidths[s]) - 1), sinkWidths[s]);
      result[order[sink].spec.name] = [...bits].map(Number) as Bit[];
    });
    return result;
  }

  return { inputBits: plan.inputBits, outputBits: sinkWidth, run, outputsOf };
}
