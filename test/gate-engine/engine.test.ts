// Network evaluation, replica choice, feedback and state import/export.
import { describe, expect, it } from "vitest";
import { GateEngine } from "../../gate-engine/src/engine.ts";
import type { GateState } from "../../gate-engine/src/model.ts";
import { patternState } from "../../gate-engine/src/learned-state.ts";
import { decodeState, encodeState } from "../../gate-engine/src/state-codec.ts";
import { catalogOf, THREE_LAYER } from "./support.ts";

const engine = () => new GateEngine(catalogOf(THREE_LAYER));

describe("evaluation", () => {
  it("computes a 3-layer network and traces every gate", () => {
    const result = engine().evaluate("tri", [1, 0, 1]);
    expect(result.outputs).toEqual({ out: [1] });
    expect(result.trace.map((t) => [t.gate, t.input, t.output])).toEqual([
      ["in", [1, 0, 1], [1, 0, 1]],
      ["pat", [1, 0, 1], [1]],
      ["all", [1, 0, 1], [0]],
      ["out", [1, 0], [1]],
    ]);
  });

  it("leaves the trace out when it is not asked for", () => {
    expect(engine().evaluate("tri", [1, 1, 0], false)).toEqual({ network: "tri", outputs: { out: [0] }, trace: [] });
  });

  it("spreads round-robin gates over their replicas and keeps hash-based choice stable per input", () => {
    const e = engine();
    const replicas = (gate: string, inputs: (0 | 1)[]) => e.evaluate("tri", inputs).trace.find((t) => t.gate === gate)?.replica;
    expect([0, 1, 2, 3].map(() => replicas("pat", [1, 0, 1]))).toEqual([0, 1, 0, 1]);
    const first = replicas("in", [0, 1, 1]);
    expect(replicas("in", [0, 1, 1])).toBe(first);
    expect(replicas("out", [0, 1, 1])).toBe(0); // a single replica
  });

  it("rejects inputs that are not bits or have the wrong width", () => {
    const e = engine();
    expect(() => e.evaluate("tri", [1, 0])).toThrow("inputs has 2 bit(s); the network takes 3");
    expect(() => e.evaluate("tri", [1, 2, 0])).toThrow("inputs must be an array of 0 and 1");
    expect(() => e.evaluate("tri", "101")).toThrow("inputs must be an array of 0 and 1");
    expect(() => e.evaluate("nope", [1])).toThrow('no network named "nope"');
  });

  it("refuses a catalog with the same network twice", () => {
    const twice = catalogOf(THREE_LAYER);
    twice.networks.push(twice.networks[0]);
    expect(() => new GateEngine(twice)).toThrow('GateNetwork "tri" is defined twice');
  });
});

describe("feedback", () => {
  it("trains the gates named in expected, with the policy that selects their type", () => {
    const e = engine();
    const steps = e.feedback("tri", [1, 1, 1], { all: 0, pat: 1 });
    expect(steps).toEqual([
      { gate: "all", type: "ADAPTIVE_AND", correct: false, delta: 0.375, state: "confidence:0.475" },
      { gate: "pat", type: "PATTERN", correct: false, delta: 1, state: "011:1,101:1,110:0,111:1" },
    ]);
    expect(e.evaluate("tri", [1, 1, 1]).trace.find((t) => t.gate === "all")?.output).toEqual([0]);
  });

  it("explains what is wrong with a feedback request", () => {
    const e = engine();
    expect(() => e.feedback("tri", [1, 1, 1], {})).toThrow("expected must map gate names to the expected output bit");
    expect(() => e.feedback("tri", [1, 1, 1], [1])).toThrow("expected must map gate names");
    expect(() => e.feedback("tri", [1, 1, 1], { ghost: 1 })).toThrow('network "tri" has no gate "ghost"');
    expect(() => e.feedback("tri", [1, 1, 1], { all: 2 })).toThrow('expected bit for gate "all" must be 0 or 1');
    expect(() => e.feedback("tri", [1, 1, 1], { out: 1 })).toThrow('no LearningPolicy selects THRESHOLD gates (gate "out")');
    expect(() => e.feedback("tri", [1, 1], { all: 1 })).toThrow("inputs has 2 bit(s)");
  });
});

describe("state", () => {
  it("exports learned state in the ConfigMap formats and imports it into a fresh engine", () => {
    const trained = engine();
    trained.feedback("tri", [0, 0, 0], { pat: 1 });
    const data = trained.exportState();
    expect(data).toEqual({
      "tri.pat": expect.stringMatching(/^000:1:\d{13},011:1,101:1,110:0$/) as string,
      "tri.all": "confidence:0.85",
      "tri.out": "0.7,0.3",
    });
    const fresh = engine();
    expect(fresh.evaluate("tri", [0, 0, 0]).trace[1].output).toEqual([0]);
    expect(fresh.importState(data)).toEqual([]);
    expect(fresh.evaluate("tri", [0, 0, 0]).trace[1].output).toEqual([1]);
  });

  it("ignores stored values that no longer fit their gate and reports them; gates without persistence load nothing", () => {
    const e = engine();
    const ignored = e.importState({ "tri.out": "0.1,0.2", "tri.pat": "11:1", "tri.all": "confidence:7", "tri.in": "x", "other.gate": "1" });
    expect(ignored.sort()).toEqual(["tri.all", "tri.pat"]);
    expect(e.exportState()["tri.out"]).toBe("0.7,0.3");
  });

  it("round-trips every state kind and rejects malformed text", () => {
    const weights: GateState = { kind: "weights", weights: [0.7, 0.3, 0.9, 0.1] };
    expect(decodeState(encodeState(weights) as string, weights)).toEqual(weights);
    expect(decodeState("", weights)).toBeUndefined();
    expect(decodeState("0.1,abc,0.3,0.4", weights)).toBeUndefined();
    const confidence: GateState = { kind: "confidence", confidence: 0.85 };
    expect(encodeState(confidence)).toBe("confidence:0.85");
    expect(decodeState("confidence:0.5", confidence)).toEqual({ kind: "confidence", confidence: 0.5 });
    expect(decodeState("0.5", confidence)).toBeUndefined();
    const patterns = patternState(new Map([["101", { bit: 1, at: 0 }]]));
    const decoded = decodeState("101:1,110:0:1764770000000,011:1", patterns);
    expect(decoded?.kind === "patterns" && decoded.patterns).toEqual(
      new Map([
        ["101", 1],
        ["110", 0],
        ["011", 1],
      ]),
    );
    expect(decoded?.kind === "patterns" && decoded.taught.get("110")).toEqual({ bit: 0, at: 1764770000000 });
    expect(encodeState(decoded as GateState, true)).toBe("011:1,101:1,110:0:1764770000000");
    expect(decodeState("101:2", patterns)).toBeUndefined();
    expect(encodeState({ kind: "none" })).toBeUndefined();
  });
});
