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

/** Learned state and round-robin counters, indexed like `plan.order`. */
interface NetworkRuntime {
  plan: NetworkPlan;
  states: GateState[];
  roundRobin: number[];
}

/** FNV-1a over the input bits: a cheap, stable hash for hash-based replica choice. */
function hashBits(bits: readonly Bit[]): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bits.length; i++) h = Math.imul(h ^ (bits[i] + 48), 0x01000193);
  return h >>> 0;
}

function isBitArray(value: unknown): value is Bit[] {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) if (value[i] !== 0 && value[i] !== 1) return false;
  return true;
}

export function checkBits(value: unknown, width: number, what: string): Bit[] {
  if (!isBitArray(value)) throw new GateEngineError(`${what} must be an array of 0 and 1`);
  if (value.length !== width) throw new GateEngineError(`${what} has ${value.length} bit(s); the network takes ${width}`);
  return value;
}

/** The concatenated outputs of `sources`: the input of a gate with several upstream gates. */
function joinOutputs(outputs: readonly Bit[][], sources: readonly number[]): Bit[] {
  const joined: Bit[] = [];
  for (let s = 0; s < sources.length; s++) {
    const bits = outputs[sources[s]];
    for (let i = 0; i < bits.length; i++) joined.push(bits[i]);
  }
  return joined;
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
      const states = plan.order.map((g) => initialState(g.spec));
      this.runtimes.set(network.name, { plan, states, roundRobin: plan.order.map(() => 0) });
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
    if (gate.inbound.length > 0 && gate.inbound[0].loadBalancer === "round-robin") {
      const n = rt.roundRobin[gate.position];
      rt.roundRobin[gate.position] = (n + 1) % replicas;
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
      const input = sources.length === 0 ? bits : sources.length === 1 ? outputs[sources[0]] : joinOutputs(outputs, sources);
      const output = evaluateGate(gate.spec, rt.states[i], input);
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
      const step = learn(gate.spec, rt.states[gate.position], input, bit, policy);
      rt.states[gate.position] = step.state;
      const delta = Math.round(step.delta * 1e6) / 1e6;
      return { gate: gateName, type: gate.spec.type, correct: step.correct, delta, state: encodeState(step.state) };
    });
  }

  /** Learned state of every gate as ConfigMap data. */
  exportState(): Record<string, string> {
    const data: Record<string, string> = {};
    for (const [network, rt] of this.runtimes) {
      for (const gate of rt.plan.order) {
        const text = encodeState(rt.states[gate.position]);
        if (text !== undefined) data[stateKey(network, gate.spec.name)] = text;
      }
    }
    return data;
  }

  /** Loads saved state; returns the keys that were ignored because they no longer fit their gate. */
  importState(data: Record<string, string>): string[] {
    const ignored: string[] = [];
    for (const [network, rt] of this.runtimes) {
      for (const gate of rt.plan.order) {
        const key = stateKey(network, gate.spec.name);
        if (data[key] === undefined) continue;
        const decoded = decodeState(data[key], rt.states[gate.position]);
        if (decoded) rt.states[gate.position] = decoded;
        else ignored.push(key);
      }
    }
    return ignored;
  }
}
