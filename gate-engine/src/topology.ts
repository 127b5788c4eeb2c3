// Validates a GateNetwork and compiles it into an evaluation plan (topological order, fan-in, widths).
import { GateEngineError, pointerSegment, type Connection, type GateNetwork, type GateSpec } from "./model.ts";

export interface PlannedGate {
  spec: GateSpec;
  /** Position in the evaluation order. */
  position: number;
  /** Upstream connections in declaration order; their outputs are concatenated into this gate's input. */
  inbound: Connection[];
  /** Positions in the evaluation order of the gates feeding this one, parallel to `inbound`. */
  sources: number[];
  inputWidth: number;
  outputWidth: number;
}

export interface NetworkPlan {
  network: GateNetwork;
  inputBits: number;
  /** Gates in an order where every gate comes after all of its upstream gates. */
  order: PlannedGate[];
  byName: Map<string, PlannedGate>;
  /** Gates with no outbound connection: their outputs are the network's outputs. */
  sinks: string[];
  /** Positions of the sinks in `order`. */
  sinkIndexes: number[];
}

function invalid(network: GateNetwork, message: string, path = "/spec"): never {
  throw new GateEngineError(`GateNetwork "${network.name}": ${message}`, 400, path);
}

const gatePath = (network: GateNetwork, g: GateSpec, field?: string): string =>
  `/spec/gates/${network.gates.indexOf(g)}${field === undefined ? "" : `/${field}`}`;

const connectionPath = (network: GateNetwork, c: Connection, field?: string): string =>
  `/spec/connections/${network.connections.indexOf(c)}${field === undefined ? "" : `/${field}`}`;

function checkReferences(network: GateNetwork, gates: Map<string, GateSpec>): void {
  if (network.gates.length === 0) invalid(network, "has no gates", "/spec/gates");
  if (gates.size !== network.gates.length) {
    const seen = new Set<string>();
    const dup = network.gates.find((g) => seen.has(g.name) || !seen.add(g.name)) as GateSpec;
    invalid(network, `gate "${dup.name}" is declared twice`, gatePath(network, dup, "name"));
  }
  const pairs = new Set<string>();
  for (const c of network.connections) {
    for (const end of ["from", "to"] as const) {
      if (!gates.has(c[end])) invalid(network, `connection ${c.from} → ${c.to} names unknown gate "${c[end]}"`, connectionPath(network, c, end));
    }
    const key = `${c.from}\u0000${c.to}`;
    if (pairs.has(key)) invalid(network, `connection ${c.from} → ${c.to} is declared twice`, connectionPath(network, c));
    pairs.add(key);
  }
}

/** Kahn's algorithm; on a cycle, reports one cycle's path. */
function topologicalOrder(network: GateNetwork): string[] {
  const indegree = new Map(network.gates.map((g) => [g.name, 0]));
  const next = new Map<string, string[]>(network.gates.map((g) => [g.name, []]));
  for (const c of network.connections) {
    indegree.set(c.to, (indegree.get(c.to) ?? 0) + 1);
    next.get(c.from)?.push(c.to);
  }
  const ready = network.gates.filter((g) => indegree.get(g.name) === 0).map((g) => g.name);
  const order: string[] = [];
  while (ready.length > 0) {
    const name = ready.shift() as string;
    order.push(name);
    for (const to of next.get(name) ?? []) {
      const left = (indegree.get(to) ?? 0) - 1;
      indegree.set(to, left);
      if (left === 0) ready.push(to);
    }
  }
  if (order.length < network.gates.length) {
    const cycle = findCycle(network, new Set(order));
    const closing = network.connections.find((c) => c.from === cycle[cycle.length - 2] && c.to === cycle[cycle.length - 1]) as Connection;
    invalid(network, `has a cycle: ${cycle.join(" → ")}`, connectionPath(network, closing));
  }
  return order;
}

function findCycle(network: GateNetwork, acyclic: Set<string>): string[] {
  // Every gate Kahn's algorithm left over has an inbound edge from another left-over gate: walk those edges
  // backwards until a gate repeats; path[i + 1] → path[i] is an edge.
  const path = [network.gates.find((g) => !acyclic.has(g.name))?.name as string];
  for (;;) {
    const current = path[path.length - 1];
    const prev = network.connections.find((c) => c.to === current && !acyclic.has(c.from))?.from as string;
    const at = path.indexOf(prev);
    if (at >= 0) return [prev, ...path.slice(at).reverse()];
    path.push(prev);
  }
}

/** Fan-in width a gate requires, or undefined when any width (subject to a minimum) works. */
function requiredWidth(network: GateNetwork, g: GateSpec): number | undefined {
  if (g.type === "THRESHOLD") {
    if (!g.weights || g.weights.length === 0)
      invalid(network, `THRESHOLD gate "${g.name}" needs weights`, gatePath(network, g, g.weights ? "weights" : undefined));
    if (g.threshold === undefined) invalid(network, `THRESHOLD gate "${g.name}" needs a threshold`, gatePath(network, g));
    return g.weights.length;
  }
  if (g.type === "PATTERN") {
    const keys = Object.keys(g.patterns ?? {});
    if (keys.length === 0) invalid(network, `PATTERN gate "${g.name}" needs at least one pattern`, gatePath(network, g, g.patterns ? "patterns" : undefined));
    const bad = keys.find((k) => !/^[01]+$/.test(k));
    if (bad !== undefined)
      invalid(network, `PATTERN gate "${g.name}": pattern "${bad}" is not a bit string`, gatePath(network, g, `patterns/${pointerSegment(bad)}`));
    const lengths = [...new Set(keys.map((k) => k.length))].sort((a, b) => a - b);
    if (lengths.length > 1) {
      const odd = keys.find((k) => k.length !== keys[0].length) as string;
      invalid(
        network,
        `PATTERN gate "${g.name}": patterns have different lengths (${lengths.join(", ")})`,
        gatePath(network, g, `patterns/${pointerSegment(odd)}`),
      );
    }
    return lengths[0];
  }
  if (g.type === "ADAPTIVE_AND" && g.confidence !== undefined && !(g.confidence >= 0 && g.confidence <= 1)) {
    invalid(network, `ADAPTIVE_AND gate "${g.name}": confidence must be within [0, 1]`, gatePath(network, g, "confidence"));
  }
  return undefined;
}

function checkWidth(network: GateNetwork, g: GateSpec, width: number): void {
  const required = requiredWidth(network, g);
  const minimum = g.type === "ADAPTIVE_AND" ? 2 : 1;
  if ((required !== undefined && width !== required) || width < minimum) {
    const want = required !== undefined ? `${required}` : `at least ${minimum}`;
    invalid(
      network,
      `fan-in arity of ${g.type} gate "${g.name}" is ${width} input bit(s), it needs ${want}`,
      gatePath(network, g, g.type === "THRESHOLD" ? "weights" : undefined),
    );
  }
}

function inferInputBits(network: GateNetwork, sources: GateSpec[]): number {
  if (network.inputBits !== undefined) {
    if (!Number.isInteger(network.inputBits) || network.inputBits < 1) invalid(network, "inputBits must be an integer ≥ 1", "/spec/inputBits");
    return network.inputBits;
  }
  const widths = new Set(sources.map((g) => requiredWidth(network, g)).filter((w): w is number => w !== undefined));
  if (widths.size === 1) return [...widths][0];
  if (widths.size > 1) {
    const second = sources.find((g) => requiredWidth(network, g) === [...widths][1]) as GateSpec;
    invalid(network, `source gates need different input widths (${[...widths].join(", ")}); set spec.inputBits`, gatePath(network, second));
  }
  return invalid(network, "the input width cannot be inferred from the source gates; set spec.inputBits");
}

/** Validates `network` and returns its evaluation plan; throws GateEngineError with a clear message. */
export function planNetwork(network: GateNetwork): NetworkPlan {
  const gates = new Map(network.gates.map((g) => [g.name, g]));
  checkReferences(network, gates);
  const order = topologicalOrder(network);
  const sources = network.gates.filter((g) => !network.connections.some((c) => c.to === g.name));
  const inputBits = inferInputBits(network, sources);
  const byName = new Map<string, PlannedGate>();
  for (const [position, name] of order.entries()) {
    const spec = gates.get(name) as GateSpec;
    const inbound = network.connections.filter((c) => c.to === name);
    const inputWidth = inbound.length === 0 ? inputBits : inbound.reduce((sum, c) => sum + (byName.get(c.from)?.outputWidth ?? 0), 0);
    checkWidth(network, spec, inputWidth);
    const sources = inbound.map((c) => order.indexOf(c.from));
    byName.set(name, { spec, position, inbound, sources, inputWidth, outputWidth: spec.type === "BUFFER" ? inputWidth : 1 });
  }
  const sinks = order.filter((name) => !network.connections.some((c) => c.from === name));
  const sinkIndexes = sinks.map((name) => order.indexOf(name));
  return { network, inputBits, order: order.map((n) => byName.get(n) as PlannedGate), byName, sinks, sinkIndexes };
}
