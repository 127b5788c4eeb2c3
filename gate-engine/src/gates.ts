// Gate semantics and learning rules: pure functions over a gate's spec, learned state and input bits.
import { boundPatterns, patternState } from "./learned-state.ts";
import { GateEngineError, type Bit, type GateSpec, type GateState, type LearningPolicy } from "./model.ts";

/** ADAPTIVE_AND fires only while its confidence in the AND relation is at least this. */
export const ADAPTIVE_FIRING_CONFIDENCE = 0.5;
export const DEFAULT_ADAPTIVE_CONFIDENCE = 0.85;

export function initialState(spec: GateSpec): GateState {
  switch (spec.type) {
    case "THRESHOLD":
      return { kind: "weights", weights: [...(spec.weights ?? [])] };
    case "PATTERN":
      return patternState(new Map(Object.entries(spec.patterns ?? {}).map(([k, bit]) => [k, { bit, at: 0 }])));
    case "ADAPTIVE_AND":
      return { kind: "confidence", confidence: spec.confidence ?? DEFAULT_ADAPTIVE_CONFIDENCE };
    case "BUFFER":
      return { kind: "none" };
  }
}

function allOnes(input: readonly Bit[]): boolean {
  for (let i = 0; i < input.length; i++) if (input[i] !== 1) return false;
  return true;
}

/** The output bits of one gate for `input` (already checked to have the gate's fan-in width). */
export function evaluateGate(spec: GateSpec, state: GateState, input: readonly Bit[]): Bit[] {
  if (state.kind === "weights") {
    let sum = 0;
    for (let i = 0; i < input.length; i++) sum += input[i] * state.weights[i];
    return [sum >= (spec.threshold ?? 0) ? 1 : 0];
  }
  if (state.kind === "patterns") return [state.patterns.get(input.join("")) ?? spec.defaultOutput ?? 0];
  if (state.kind === "confidence") return [allOnes(input) && state.confidence >= ADAPTIVE_FIRING_CONFIDENCE ? 1 : 0];
  return [...input];
}

export interface LearningStep {
  /** The gate's output before learning, compared with the expected bit. */
  correct: boolean;
  /** Size of the change this step made (confidence, or largest weight change; 1/0 for pattern memory). */
  delta: number;
  state: GateState;
}

function moveConfidence(confidence: number, agrees: boolean, policy: LearningPolicy): number {
  const target = agrees ? policy.confidenceMax : policy.confidenceMin;
  const moved = confidence + policy.learningRate * (target - confidence);
  return Math.min(policy.confidenceMax, Math.max(policy.confidenceMin, moved));
}

/**
 * One learning step from external feedback (`expected` = the output the gate should have produced):
 * ADAPTIVE_AND moves its confidence toward the upper bound when the expected bit equals the AND of its inputs
 * and toward the lower bound otherwise; PATTERN stores the expected bit for the input pattern (keeping at most
 * `patternLimit` patterns, the most recently taught); THRESHOLD makes a
 * perceptron update of its weights. BUFFER does not learn.
 */
export function learn(
  spec: GateSpec,
  state: GateState,
  input: readonly Bit[],
  expected: Bit,
  policy: LearningPolicy,
  patternLimit = Infinity,
  now = Date.now(),
): LearningStep {
  const correct = evaluateGate(spec, state, input)[0] === expected;
  if (state.kind === "confidence") {
    const confidence = moveConfidence(state.confidence, (allOnes(input) ? 1 : 0) === expected, policy);
    return { correct, delta: Math.abs(confidence - state.confidence), state: { kind: "confidence", confidence } };
  }
  if (state.kind === "patterns") {
    const key = input.join("");
    const taught = new Map(state.taught).set(key, { bit: expected, at: now });
    return { correct, delta: state.patterns.get(key) === expected ? 0 : 1, state: patternState(boundPatterns(taught, patternLimit)) };
  }
  if (state.kind === "weights") {
    const error = expected - evaluateGate(spec, state, input)[0];
    const weights = state.weights.map((w, i) => w + policy.learningRate * error * input[i]);
    const delta = Math.max(0, ...weights.map((w, i) => Math.abs(w - state.weights[i])));
    return { correct, delta, state: { kind: "weights", weights } };
  }
  throw new GateEngineError(`gate "${spec.name}" is a BUFFER gate, which does not learn`);
}
