// Gate semantics and learning rules.
import { describe, expect, it } from "vitest";
import { ADAPTIVE_FIRING_CONFIDENCE, evaluateGate, initialState, learn } from "../../gate-engine/src/gates.ts";
import type { Bit, GateSpec, GateState, LearningPolicy } from "../../gate-engine/src/model.ts";

const policy: LearningPolicy = { name: "p", updateIntervalMs: 100, learningRate: 0.5, confidenceMin: 0.1, confidenceMax: 0.9, persistence: false };
const run = (spec: GateSpec, input: Bit[], state: GateState = initialState(spec)) => evaluateGate(spec, state, input);

describe("BUFFER", () => {
  const spec: GateSpec = { name: "b", type: "BUFFER", replicas: 1 };
  it("passes its input bits through unchanged", () => {
    expect(run(spec, [1, 0, 1, 1])).toEqual([1, 0, 1, 1]);
    expect(run(spec, [0])).toEqual([0]);
  });
  it("does not learn", () => {
    expect(() => learn(spec, initialState(spec), [1], 1, policy)).toThrow('gate "b" is a BUFFER gate, which does not learn');
  });
});

describe("PATTERN", () => {
  const spec: GateSpec = { name: "p", type: "PATTERN", replicas: 1, patterns: { "101": 1, "110": 0, "011": 1 } };
  it("maps a known bit pattern to its output", () => {
    expect(run(spec, [1, 0, 1])).toEqual([1]);
    expect(run(spec, [1, 1, 0])).toEqual([0]);
  });
  it("answers 0 for an unknown pattern, or the gate's defaultOutput", () => {
    expect(run(spec, [0, 0, 0])).toEqual([0]);
    expect(run({ ...spec, defaultOutput: 1 }, [0, 0, 0])).toEqual([1]);
  });
  it("stores the expected bit for the pattern and reports whether it already knew it", () => {
    const first = learn(spec, initialState(spec), [0, 0, 0], 1, policy);
    expect(first).toMatchObject({ correct: false, delta: 1 });
    expect(run(spec, [0, 0, 0], first.state)).toEqual([1]);
    const again = learn(spec, first.state, [0, 0, 0], 1, policy);
    expect(again).toMatchObject({ correct: true, delta: 0 });
  });
});

describe("THRESHOLD", () => {
  const spec: GateSpec = { name: "t", type: "THRESHOLD", replicas: 1, weights: [0.7, 0.3, 0.9, 0.1], threshold: 1 };
  it("fires when the weighted sum of its inputs reaches the threshold", () => {
    expect(run(spec, [1, 1, 0, 0])).toEqual([1]); // 0.7 + 0.3 = 1.0 ≥ 1
    expect(run(spec, [1, 0, 0, 1])).toEqual([0]); // 0.8 < 1
    expect(run(spec, [0, 0, 1, 1])).toEqual([1]); // 1.0
    expect(run(spec, [0, 0, 0, 0])).toEqual([0]);
  });
  it("learns with a perceptron update toward the expected output", () => {
    const step = learn(spec, initialState(spec), [1, 0, 0, 1], 1, policy);
    expect(step.correct).toBe(false);
    expect(step.state).toEqual({ kind: "weights", weights: [1.2, 0.3, 0.9, 0.6] });
    expect(step.delta).toBeCloseTo(0.5);
    expect(run(spec, [1, 0, 0, 1], step.state)).toEqual([1]);
    const settled = learn(spec, step.state, [1, 0, 0, 1], 1, policy);
    expect(settled).toMatchObject({ correct: true, delta: 0 });
  });
});

describe("ADAPTIVE_AND", () => {
  const spec: GateSpec = { name: "a", type: "ADAPTIVE_AND", replicas: 1, confidence: 0.85 };
  it("is an AND while its confidence is high enough", () => {
    expect(run(spec, [1, 1, 1])).toEqual([1]);
    expect(run(spec, [1, 0, 1])).toEqual([0]);
    const doubtful: GateState = { kind: "confidence", confidence: ADAPTIVE_FIRING_CONFIDENCE - 0.01 };
    expect(run(spec, [1, 1, 1], doubtful)).toEqual([0]);
  });
  it("starts at 0.85 confidence unless the spec says otherwise", () => {
    expect(initialState({ name: "a", type: "ADAPTIVE_AND", replicas: 1 })).toEqual({ kind: "confidence", confidence: 0.85 });
  });
  it("moves confidence toward the upper bound when feedback agrees with AND, toward the lower bound otherwise", () => {
    const up = learn(spec, initialState(spec), [1, 1], 1, policy);
    expect(up.state).toEqual({ kind: "confidence", confidence: 0.875 });
    expect(up.correct).toBe(true);
    const down = learn(spec, initialState(spec), [1, 1], 0, policy);
    expect(down.state).toEqual({ kind: "confidence", confidence: 0.475 });
    expect(down.correct).toBe(false);
    expect(run(spec, [1, 1], down.state)).toEqual([0]);
  });
  it("converges to, and never leaves, the configured bounds", () => {
    let state = initialState(spec);
    const deltas: number[] = [];
    for (let i = 0; i < 40; i++) {
      const step = learn(spec, state, [0, 1], 1, policy); // AND says 0, feedback says 1: disagree
      state = step.state;
      deltas.push(step.delta);
    }
    expect(state.kind === "confidence" && state.confidence).toBeCloseTo(0.1, 6);
    expect(state.kind === "confidence" && state.confidence >= 0.1).toBe(true);
    expect(deltas[39]).toBeLessThan(deltas[0]);
    expect(deltas[39]).toBeLessThan(1e-6);
  });
  it("clamps a starting confidence outside the bounds into them", () => {
    const step = learn({ ...spec, confidence: 1 }, { kind: "confidence", confidence: 1 }, [1, 1], 1, policy);
    expect(step.state).toEqual({ kind: "confidence", confidence: 0.9 });
  });
});
