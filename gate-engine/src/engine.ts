// The runtime of the loaded networks: evaluation with traces, learning from feedback, state import/export.
import { evaluateGate, initialState, learn } from "./gates.ts";
import { GateEngineError, type Bit, type Catalog, type GateState, type LearningPolicy } from "./model.ts";
import { decodeState, encodeState, stateKey } from "./state-codec.ts";
import { planNetwork, type NetworkPlan, type PlannedGate } from "./topology.ts";

export interface TraceStep {
  gate: string;
  type: string;
  replica: number;
  input: Bit[];
  output: Bit[];
}

export interface Evaluation {
  network: string;
  outputs: Record<string, Bit[]>;
  trace: TraceStep[];
}

export interface FeedbackStep {
  gate: string;
  type: string;
  correct: boolean;
  delta: number;
  state: string | undefined;
}

interface NetworkRuntime {
  plan: NetworkPlan;
  states: Map<string, GateState>;
  roundRobin: Map<string, number>;
}

/** FNV-1a over the input bits: a cheap, stable hash for hash-based replica choice. */
function hashBits(bits: readonly Bit[]): number {
  let h = 0x811c9dc5;
  for (const b of bits) h = Math.imul(h ^ (b + 48), 0x01000193);
  return h >>> 0;
}

export function checkBits(value: unknown, width: number, what: string): Bit[] {
  if (!Array.isArray(value) || !value.every((b) => b === 0 || b === 1)) {
    throw new GateEngineError(`${what} must be an array of 0 and 1`);
  }
  if (value.length !== width) throw new GateEngineError(`${what} has ${value.length} bit(s); the network takes ${width}`);
  return value as Bit[];
}

export class GateEngine {
  private readonly runtimes = new Map<string, NetworkRuntime>();
  private readonly policies: LearningPolicy[];

  /** Validates every network of `catalog`; throws on the first invalid one. */
  constructor(catalog: Catalog) {
    this.policies = [...catalog.policies].sort((a, b) => a.name.localeCompare(b.name));
    for (const network of catalog.networks) {
      if (this.runtimes.has(network.name)) throw new GateEngineError(`GateNetwork "${network.name}" is defined twice`);
      const plan = planNetwork(network);
      const states = new Map(network.gates.map((g) => [g.name, initialState(g)]));
      this.runtimes.set(network.name, { plan, states, roundRobin: new Map() });
    }
  }

  hasNetwork(name: string): boolean {
    return this.runtimes.has(name);
  }

  networkNames(): string[] {
    return [...this.runtimes.keys()];
  }

  plan(name: string): NetworkPlan {
    return this.runtime(name).plan;
  }

  private runtime(name: string): NetworkRuntime {
    const rt = this.runtimes.get(name);
    if (!rt) throw new GateEngineError(`no network named "${name}"`, 404);
    return rt;
  }

  private pickReplica(rt: NetworkRuntime, gate: PlannedGate, input: Bit[]): number {
    const replicas = gate.spec.replicas;
    if (gate.inbound[0]?.loadBalancer === "round-robin") {
      const n = rt.roundRobin.get(gate.spec.name) ?? 0;
      rt.roundRobin.set(gate.spec.name, (n + 1) % replicas);
      return n;
    }
    return hashBits(input) % replicas;
  }

  /** Runs `inputs` through the network; with `withTrace`, the trace lists every gate in evaluation order. */
  evaluate(name: string, inputs: unknown, withTrace = true): Evaluation {
    const rt = this.runtime(name);
    const bits = checkBits(inputs, rt.plan.inputBits, "inputs");
    const { order } = rt.plan;
    const outputs: Bit[][] = new Array(order.length);
    const trace: TraceStep[] = [];
    for (let i = 0; i < order.length; i++) {
      const gate = order[i];
      const { sources } = gate;
      const input = sources.length === 0 ? bits : sources.length === 1 ? outputs[sources[0]] : sources.flatMap((s) => outputs[s]);
      const output = evaluateGate(gate.spec, rt.states.get(gate.spec.name) as GateState, input);
      outputs[i] = output;
      // Replicas are chosen on every evaluation, so round-robin counters advance whether or not a trace is asked for.
      const replica = this.pickReplica(rt, gate, input);
      if (withTrace) trace.push({ gate: gate.spec.name, type: gate.spec.type, replica, input, output });
    }
    const result: Record<string, Bit[]> = {};
    for (const sink of rt.plan.sinkIndexes) result[order[sink].spec.name] = outputs[sink];
    return { network: name, outputs: result, trace };
  }

  policyFor(type: string): LearningPolicy | undefined {
    return this.policies.find((p) => p.selectorType === undefined || p.selectorType === type);
  }

  /** Applies external feedback: `expected` maps gate names to the bit each should have output for `inputs`. */
  feedback(name: string, inputs: unknown, expected: unknown): FeedbackStep[] {
    const rt = this.runtime(name);
    if (typeof expected !== "object" || expected === null || Array.isArray(expected) || Object.keys(expected).length === 0) {
      throw new GateEngineError("expected must map gate names to the expected output bit");
    }
    const { trace } = this.evaluate(name, inputs);
    return Object.entries(expected).map(([gateName, bit]) => {
      const gate = rt.plan.byName.get(gateName);
      if (!gate) throw new GateEngineError(`network "${name}" has no gate "${gateName}"`);
      if (bit !== 0 && bit !== 1) throw new GateEngineError(`expected bit for gate "${gateName}" must be 0 or 1`);
      const policy = this.policyFor(gate.spec.type);
      if (!policy) throw new GateEngineError(`no LearningPolicy selects ${gate.spec.type} gates (gate "${gateName}")`);
      const input = trace.find((t) => t.gate === gateName)?.input as Bit[];
      const step = learn(gate.spec, rt.states.get(gateName) as GateState, input, bit, policy);
      rt.states.set(gateName, step.state);
      const delta = Math.round(step.delta * 1e6) / 1e6;
      return { gate: gateName, type: gate.spec.type, correct: step.correct, delta, state: encodeState(step.state) };
    });
  }

  /** Learned state of every gate as ConfigMap data. */
  exportState(): Record<string, string> {
    const data: Record<string, string> = {};
    for (const [network, rt] of this.runtimes) {
      for (const [gate, state] of rt.states) {
        const text = encodeState(state);
        if (text !== undefined) data[stateKey(network, gate)] = text;
      }
    }
    return data;
  }

  /** Loads saved state; returns the keys that were ignored because they no longer fit their gate. */
  importState(data: Record<string, string>): string[] {
    const ignored: string[] = [];
    for (const [network, rt] of this.runtimes) {
      for (const [gate, state] of rt.states) {
        const key = stateKey(network, gate);
        if (data[key] === undefined) continue;
        const decoded = decodeState(data[key], state);
        if (decoded) rt.states.set(gate, decoded);
        else ignored.push(key);
      }
    }
    return ignored;
  }
}
