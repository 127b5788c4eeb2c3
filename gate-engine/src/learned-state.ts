// How replicas combine what they learn. Each replica keeps, per gate, the stored base (what it last read) and its own
// increment since then: weight and confidence deltas are sums, taught patterns carry the time they were taught.
// A save folds the increment into the freshly read base under the ConfigMap's resourceVersion, so increments of
// different replicas add up instead of overwriting each other; a failed write changes nothing and is retried.
import type { Bit, GateState } from "./model.ts";

/** A taught pattern: the expected bit and when it was taught (ms since the epoch; 0 = from the manifest). */
export interface Taught {
  bit: Bit;
  at: number;
}

export type Increment = { kind: "weights"; deltas: number[] } | { kind: "patterns"; taught: Map<string, Taught> } | { kind: "confidence"; delta: number };

/** Default bound on PATTERN memory per gate (GATE_ENGINE_PATTERN_LIMIT). */
export const DEFAULT_PATTERN_LIMIT = 4096;

/**
 * Conflicting answers for one pattern: the later teaching wins; at the same millisecond the bit 1 wins, so every
 * replica resolves a conflict the same way whatever order it sees the two in.
 */
export function later(a: Taught | undefined, b: Taught): Taught {
  if (!a || b.at > a.at || (b.at === a.at && b.bit > a.bit)) return b;
  return a;
}

/** Keeps the `limit` most recently taught patterns (manifest patterns count as taught at time 0). */
export function boundPatterns(taught: Map<string, Taught>, limit: number): Map<string, Taught> {
  if (taught.size <= limit) return taught;
  const kept = [...taught].sort(([ka, a], [kb, b]) => b.at - a.at || ka.localeCompare(kb)).slice(0, limit);
  return new Map(kept);
}

/** The increment that turns `before` into `after` (two states of one gate). */
export function difference(before: GateState, after: GateState): Increment | undefined {
  if (before.kind === "weights" && after.kind === "weights") return { kind: "weights", deltas: after.weights.map((w, i) => w - before.weights[i]) };
  if (before.kind === "confidence" && after.kind === "confidence") return { kind: "confidence", delta: after.confidence - before.confidence };
  if (before.kind === "patterns" && after.kind === "patterns") {
    const taught = new Map<string, Taught>();
    for (const [key, t] of after.taught) if (before.taught.get(key) !== t) taught.set(key, t);
    return { kind: "patterns", taught };
  }
  return undefined;
}

/** Two increments of one gate as one (commutative and associative, so the order of replicas does not matter). */
export function combine(a: Increment | undefined, b: Increment | undefined): Increment | undefined {
  if (!a || !b) return a ?? b;
  if (a.kind === "weights" && b.kind === "weights") return { kind: "weights", deltas: a.deltas.map((d, i) => d + (b.deltas[i] ?? 0)) };
  if (a.kind === "confidence" && b.kind === "confidence") return { kind: "confidence", delta: a.delta + b.delta };
  if (a.kind === "patterns" && b.kind === "patterns") {
    const taught = new Map(a.taught);
    for (const [key, t] of b.taught) taught.set(key, later(taught.get(key), t));
    return { kind: "patterns", taught };
  }
  return b;
}

const clamp01 = (n: number): number => Math.min(1, Math.max(0, n));

/** `state` with `increment` applied; pattern memory is bounded to `patternLimit` entries. */
export function applyIncrement(state: GateState, increment: Increment | undefined, patternLimit: number): GateState {
  if (!increment) return state;
  if (state.kind === "weights" && increment.kind === "weights") {
    return { kind: "weights", weights: state.weights.map((w, i) => w + (increment.deltas[i] ?? 0)) };
  }
  if (state.kind === "confidence" && increment.kind === "confidence") return { kind: "confidence", confidence: clamp01(state.confidence + increment.delta) };
  if (state.kind === "patterns" && increment.kind === "patterns") {
    const taught = new Map(state.taught);
    for (const [key, t] of increment.taught) taught.set(key, later(taught.get(key), t));
    return patternState(boundPatterns(taught, patternLimit));
  }
  return state;
}

/** A PATTERN state from its taught entries (the lookup map is derived once, for evaluation). */
export function patternState(taught: Map<string, Taught>): GateState {
  return { kind: "patterns", taught, patterns: new Map([...taught].map(([k, t]) => [k, t.bit])) };
}

export const isEmpty = (increment: Increment | undefined): boolean =>
  increment === undefined ||
  (increment.kind === "weights" && increment.deltas.every((d) => d === 0)) ||
  (increment.kind === "confidence" && increment.delta === 0) ||
  (increment.kind === "patterns" && increment.taught.size === 0);
