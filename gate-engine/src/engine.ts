// The runtime of the loaded networks: evaluation with traces, learning from feedback, state import/export.
import { compileNetwork, type CompiledNetwork } from "./compiled-network.ts";
import { evaluateGate, initialState, learn } from "./gates.ts";
import { DEFAULT_PATTERN_LIMIT, applyIncrement, boundPatterns, combine, difference, isEmpty, type Increment } from "./learned-state.ts";
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

/**
 * Learned state and round-robin counters, indexed like `plan.order`: `states` (what evaluation uses) is always
 * `bases` (as last stored) with this replica's unsaved `pending` increments applied.
 */
interface NetworkRuntime {
  plan: NetworkPlan;
  states: GateState[];
  bases: GateState[];
  pending: (Increment | undefined)[];
  /** Increments handed to a save that has not answered yet. */
  inFlight: (Increment | undefined)[];
  roundRobin: number[];
  /** The plan compiled over `states` and `roundRobin` (undefined when too wide to compile). */
  compiled: CompiledNetwork | undefined;
}

/** Unsaved increments by state key. */
export type PendingLearning = Map<string, Increment>;

export interface EngineOptions {
  /** Most patterns a PATTERN gate remembers (the most recently taught are kept). */
  patternLimit?: number;
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
  readonly patternLimit: number;
  /** Last teaching time handed out: strictly increasing, so this replica's later teaching always wins over its earlier. */
  private clock = 0;

  /** Validates every network of `catalog`; throws on the first invalid one. */
  constructor(catalog: Catalog, options: EngineOptions = {}) {
    this.patternLimit = options.patternLimit ?? DEFAULT_PATTERN_LIMIT;
    this.policies = [...catalog.policies].sort((a, b) => a.name.localeCompare(b.name));
    for (const network of catalog.networks) {
      if (this.runtimes.has(network.name)) throw new GateEngineError(`GateNetwork "${network.name}" is defined twice`);
      const plan = planNetwork(network);
      const bases = plan.order.map((g) => initialState(g.spec));
      const states = [...bases];
      const roundRobin = plan.order.map(() => 0);
      this.runtimes.set(network.name, {
        plan,
        states,
        bases,
        pending: bases.map(() => undefined),
        inFlight: bases.map(() => undefined),
        roundRobin,
        compiled: compileNetwork(plan, states, roundRobin),
      });
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

  /**
   * The network compiled for answers without a trace: the same outputs and round-robin steps as evaluate, from
   * inputs as an integer. Undefined when a width is too large to compile (evaluate serves it then).
   */
  compiled(name: string): CompiledNetwork | undefined {
    return this.runtime(name).compiled;
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

  /**
   * Applies external feedback: `expected` maps gate names to the bit each should have output for `inputs`. The whole
   * request is checked before any gate learns, so a bad entry leaves every gate as it was.
   */
  feedback(name: string, inputs: unknown, expected: unknown): FeedbackStep[] {
    const rt = this.runtime(name);
    if (typeof expected !== "object" || expected === null || Array.isArray(expected) || Object.keys(expected).length === 0) {
      throw new GateEngineError("expected must map gate names to the expected output bit");
    }
    const { trace } = this.evaluate(name, inputs);
    const lessons = Object.entries(expected).map(([gateName, bit]) => {
      const gate = rt.plan.byName.get(gateName);
      if (!gate) throw new GateEngineError(`network "${name}" has no gate "${gateName}"`);
      if (bit !== 0 && bit !== 1) throw new GateEngineError(`expected bit for gate "${gateName}" must be 0 or 1`);
      const policy = this.policyFor(gate.spec.type);
      if (!policy) throw new GateEngineError(`no LearningPolicy selects ${gate.spec.type} gates (gate "${gateName}")`);
      if (gate.spec.type === "BUFFER") throw new GateEngineError(`gate "${gateName}" is a BUFFER gate, which does not learn`);
      const input = trace.find((t) => t.gate === gateName)?.input as Bit[];
      return { gate, bit: bit as Bit, policy, input };
    });
    return lessons.map(({ gate, bit, policy, input }) => {
      this.clock = Math.max(Date.now(), this.clock + 1);
      const step = learn(gate.spec, rt.states[gate.position], input, bit, policy, this.patternLimit, this.clock);
      this.learned(name, gate, step.state);
      const delta = Math.round(step.delta * 1e6) / 1e6;
      return { gate: gate.spec.name, type: gate.spec.type, correct: step.correct, delta, state: encodeState(step.state) };
    });
  }

  /** Records a learning step as this replica's increment over the stored base. */
  private learned(network: string, gate: PlannedGate, after: GateState): void {
    const rt = this.runtime(network);
    const i = gate.position;
    if (!this.persists(gate)) {
      // Nothing is stored for this gate, so it has no base to share: it learns in place.
      rt.bases[i] = rt.states[i] = after;
      return;
    }
    const pending = combine(rt.pending[i], difference(rt.states[i], after));
    rt.pending[i] = pending?.kind === "patterns" ? { kind: "patterns", taught: boundPatterns(pending.taught, this.patternLimit) } : pending;
    this.recompute(rt, i);
  }

  private recompute(rt: NetworkRuntime, i: number): void {
    rt.states[i] = applyIncrement(rt.bases[i], combine(rt.inFlight[i], rt.pending[i]), this.patternLimit);
  }

  /** Whether the gate's learned state is stored: its LearningPolicy enables persistence. */
  persists(gate: PlannedGate): boolean {
    return this.policyFor(gate.spec.type)?.persistence === true;
  }

  private *gates(): Generator<{ key: string; rt: NetworkRuntime; gate: PlannedGate }> {
    for (const [network, rt] of this.runtimes) for (const gate of rt.plan.order) yield { key: stateKey(network, gate.spec.name), rt, gate };
  }

  /** Learned state of every gate as ConfigMap data (what evaluation uses now). */
  exportState(): Record<string, string> {
    const data: Record<string, string> = {};
    for (const { key, rt, gate } of this.gates()) {
      const text = encodeState(rt.states[gate.position], true);
      if (text !== undefined) data[key] = text;
    }
    return data;
  }

  /**
   * Takes stored state as the new base of every persisted gate, keeping this replica's unsaved increments on top;
   * returns the keys that were ignored because they no longer fit their gate.
   */
  importState(data: Record<string, string>): string[] {
    const ignored: string[] = [];
    for (const { key, rt, gate } of this.gates()) {
      if (data[key] === undefined || !this.persists(gate)) continue;
      const i = gate.position;
      const decoded = decodeState(data[key], initialState(gate.spec));
      if (!decoded) {
        ignored.push(key);
        continue;
      }
      rt.bases[i] = decoded;
      this.recompute(rt, i);
    }
    return ignored;
  }

  /** After a save: the stored data (which now holds the increments that were in flight) becomes the base. */
  settle(stored: Record<string, string>): string[] {
    for (const rt of this.runtimes.values()) rt.inFlight.fill(undefined);
    return this.importState(stored);
  }

  /** Hands over the unsaved increments of persisted gates (for a save); give them back with returnPending if it fails. */
  takePending(): PendingLearning {
    const taken: PendingLearning = new Map();
    for (const { key, rt, gate } of this.gates()) {
      const increment = rt.pending[gate.position];
      if (isEmpty(increment) || !this.persists(gate)) continue;
      taken.set(key, increment as Increment);
      rt.inFlight[gate.position] = increment;
      rt.pending[gate.position] = undefined;
    }
    return taken;
  }

  /** Puts increments of a failed save back, so the next save sends them again. */
  returnPending(taken: PendingLearning): void {
    for (const { key, rt, gate } of this.gates()) {
      const increment = taken.get(key);
      if (!increment) continue;
      const i = gate.position;
      rt.pending[i] = combine(increment, rt.pending[i]);
      rt.inFlight[i] = undefined;
      this.recompute(rt, i);
    }
  }

  /** Stored data with `taken` folded in: each increment applied to the stored value of its gate (or the manifest's). */
  fold(stored: Record<string, string>, taken: PendingLearning): Record<string, string> {
    const data = { ...stored };
    for (const { key, gate } of this.gates()) {
      const increment = taken.get(key);
      if (!increment) continue;
      const initial = initialState(gate.spec);
      const base = (stored[key] === undefined ? undefined : decodeState(stored[key], initial)) ?? initial;
      const text = encodeState(applyIncrement(base, increment, this.patternLimit), true);
      if (text !== undefined) data[key] = text;
    }
    return data;
  }

  /**
   * Takes over the learned state (stored base, unsaved and in-flight increments) of every gate of `previous` that
   * exists here with the same shape (kind of state and width); returns the keys whose state was dropped.
   */
  adoptState(previous: GateEngine): string[] {
    const dropped: string[] = [];
    const before = new Map([...previous.gates()].map((g) => [g.key, g]));
    for (const { key, rt, gate } of this.gates()) {
      const old = before.get(key);
      if (!old) continue;
      const [i, j] = [gate.position, old.gate.position];
      if (shapeOf(old.rt.bases[j]) !== shapeOf(rt.bases[i])) {
        if (old.rt.bases[j].kind !== "none") dropped.push(key);
        continue;
      }
      rt.bases[i] = old.rt.bases[j];
      rt.pending[i] = old.rt.pending[j];
      rt.inFlight[i] = old.rt.inFlight[j];
      this.recompute(rt, i);
    }
    this.clock = previous.clock;
    return dropped;
  }
}

/** What must stay equal for learned state to carry over: its kind and width. */
function shapeOf(state: GateState): string {
  if (state.kind === "weights") return `weights/${state.weights.length}`;
  if (state.kind === "patterns") return `patterns/${state.patterns.keys().next().value?.length ?? 0}`;
  return state.kind;
}
