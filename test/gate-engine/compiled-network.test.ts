// The compiled evaluator against the reference one (GateEngine.evaluate) on random networks, learned state and inputs.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_COMPILED_WIDTH, bitString, encodeBits } from "../../gate-engine/src/compiled-network.ts";
import { GateEngine } from "../../gate-engine/src/engine.ts";
import type { Bit, Catalog, Connection, GateNetwork, GateSpec, GateType, LearningPolicy } from "../../gate-engine/src/model.ts";
import { catalogOf, THREE_LAYER } from "./support.ts";

/** A random acyclic network: each gate takes its input from earlier gates (or from the network input). */
interface Draft {
  inputBits: number;
  gates: { type: GateType; sources: number[]; replicas: number; roundRobin: boolean; seed: number[]; threshold: number; fallback: Bit }[];
  persistence: boolean;
}

const draft: fc.Arbitrary<Draft> = fc.record({
  inputBits: fc.integer({ min: 2, max: 14 }),
  gates: fc.array(
    fc.record({
      type: fc.constantFrom<GateType>("BUFFER", "PATTERN", "THRESHOLD", "ADAPTIVE_AND"),
      sources: fc.uniqueArray(fc.nat(7), { maxLength: 3 }),
      replicas: fc.integer({ min: 1, max: 3 }),
      roundRobin: fc.boolean(),
      seed: fc.array(fc.integer({ min: -10, max: 10 }), { minLength: 16, maxLength: 16 }),
      threshold: fc.integer({ min: -5, max: 5 }),
      fallback: fc.constantFrom<Bit>(0, 1),
    }),
    { minLength: 1, maxLength: 8 },
  ),
  persistence: fc.boolean(),
});

/** The network a draft describes, with every gate type fitted to the width its sources give it. */
function networkOf(d: Draft): GateNetwork {
  const gates: GateSpec[] = [];
  const connections: Connection[] = [];
  const widths: number[] = [];
  d.gates.forEach((g, i) => {
    const sources = g.sources.filter((s) => s < i);
    const width = sources.length === 0 ? d.inputBits : sources.reduce((sum, s) => sum + widths[s], 0);
    const name = `g${i}`;
    let type = g.type;
    if (width > MAX_COMPILED_WIDTH || (type === "ADAPTIVE_AND" && width < 2) || (type === "PATTERN" && width > 16)) type = "BUFFER";
    const spec: GateSpec = { name, type, replicas: g.replicas };
    if (type === "THRESHOLD") Object.assign(spec, { weights: Array.from({ length: width }, (_, k) => g.seed[k % 16] / 10), threshold: g.threshold / 10 });
    if (type === "PATTERN") {
      const patterns = Object.fromEntries(g.seed.map((v, k) => [bitString((Math.abs(v) * 2654435761 + k) % 2 ** width, width), (v & 1) as Bit]));
      Object.assign(spec, { patterns, defaultOutput: g.fallback });
    }
    if (type === "ADAPTIVE_AND") spec.confidence = Math.abs(g.seed[0]) / 10;
    gates.push(spec);
    widths.push(type === "BUFFER" ? width : 1);
    for (const s of sources) connections.push({ from: `g${s}`, to: name, loadBalancer: g.roundRobin ? "round-robin" : "hash-based" });
  });
  return { name: "random", inputBits: d.inputBits, gates, connections };
}

function catalog(d: Draft): Catalog {
  const policy: LearningPolicy = {
    name: "all",
    updateIntervalMs: 1000,
    learningRate: 0.3,
    confidenceMin: 0.1,
    confidenceMax: 0.95,
    persistence: d.persistence,
  };
  return { networks: [networkOf(d)], policies: [policy], endpoints: [] };
}

const bitsOf = (seed: number, width: number): Bit[] => [...bitString(seed % 2 ** width, width)].map(Number) as Bit[];

type Op = { op: "evaluate"; input: number } | { op: "teach"; input: number; gate: number; bit: Bit } | { op: "trace"; input: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant("evaluate" as const), input: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("teach" as const), input: fc.nat(), gate: fc.nat(7), bit: fc.constantFrom<Bit>(0, 1) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("trace" as const), input: fc.nat() }) },
);

describe("compiled network evaluation", () => {
  it("gives the reference evaluator's outputs and round-robin steps on random networks, inputs and learning (property)", () => {
    fc.assert(
      fc.property(draft, fc.array(op, { minLength: 1, maxLength: 40 }), (d, ops) => {
        const reference = new GateEngine(catalog(d));
        const compiledEngine = new GateEngine(catalog(d));
        const compiled = compiledEngine.compiled("random");
        const plan = reference.plan("random");
        const sinkBits = plan.sinkIndexes.reduce((sum, i) => sum + plan.order[i].outputWidth, 0);
        const fits = sinkBits <= MAX_COMPILED_WIDTH && plan.order.every((g) => g.inputWidth <= MAX_COMPILED_WIDTH);
        expect(compiled !== undefined).toBe(fits);
        if (!compiled) return;
        const gates = plan.order.map((g) => g.spec);
        for (const o of ops) {
          const inputs = bitsOf(o.input, d.inputBits);
          if (o.op === "evaluate") {
            expect(compiled.outputsOf(compiled.run(encodeBits(inputs)))).toEqual(reference.evaluate("random", inputs, false).outputs);
          } else if (o.op === "trace") {
            // Both engines evaluated the same inputs so far, so their round-robin counters pick the same replicas.
            expect(compiledEngine.evaluate("random", inputs).trace).toEqual(reference.evaluate("random", inputs).trace);
          } else {
            const gate = gates[o.gate % gates.length];
            if (gate.type === "BUFFER") continue;
            expect(compiledEngine.feedback("random", inputs, { [gate.name]: o.bit })).toEqual(reference.feedback("random", inputs, { [gate.name]: o.bit }));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("follows learned state: a taught pattern changes the compiled answer at once", () => {
    const engine = new GateEngine(catalogOf(THREE_LAYER));
    const compiled = engine.compiled("tri");
    if (!compiled) throw new Error("tri is not compiled");
    const answer = (bits: Bit[]) => compiled.outputsOf(compiled.run(encodeBits(bits)));
    expect(answer([0, 0, 0])).toEqual({ out: [0] });
    engine.feedback("tri", [0, 0, 0], { pat: 1 });
    expect(answer([0, 0, 0])).toEqual({ out: [1] });
    expect(answer([0, 0, 0])).toEqual(engine.evaluate("tri", [0, 0, 0], false).outputs);
  });

  it("is not compiled when the input is wider than an integer holds; evaluate still serves the network", () => {
    const wide: GateNetwork = { name: "wide", inputBits: MAX_COMPILED_WIDTH + 1, gates: [{ name: "b", type: "BUFFER", replicas: 1 }], connections: [] };
    const engine = new GateEngine({ networks: [wide], policies: [], endpoints: [] });
    expect(engine.compiled("wide")).toBeUndefined();
    const inputs = Array.from({ length: MAX_COMPILED_WIDTH + 1 }, (_, i) => (i % 2) as Bit);
    expect(engine.evaluate("wide", inputs, false).outputs).toEqual({ b: inputs });
  });

  it("compiles a network of the widest inputs it takes", () => {
    const widest: GateNetwork = {
      name: "widest",
      inputBits: MAX_COMPILED_WIDTH,
      gates: [
        { name: "b", type: "BUFFER", replicas: 1 },
        { name: "all", type: "ADAPTIVE_AND", replicas: 1 },
      ],
      connections: [{ from: "b", to: "all", loadBalancer: "hash-based" }],
    };
    const engine = new GateEngine({ networks: [widest], policies: [], endpoints: [] });
    const compiled = engine.compiled("widest");
    if (!compiled) throw new Error("widest is not compiled");
    const ones: Bit[] = Array.from({ length: MAX_COMPILED_WIDTH }, () => 1);
    expect(compiled.outputsOf(compiled.run(encodeBits(ones)))).toEqual({ all: [1] });
    expect(compiled.outputsOf(compiled.run(encodeBits([0, ...ones.slice(1)])))).toEqual({ all: [0] });
  });

  it("reports an unknown network like evaluate", () => {
    expect(() => new GateEngine(catalogOf(THREE_LAYER)).compiled("nope")).toThrow('no network named "nope"');
  });
});
