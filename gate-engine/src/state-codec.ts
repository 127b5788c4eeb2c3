// Learned gate state as ConfigMap data: key `<network>.<gate>`, values in the platform's text formats
// (`0.7,0.3,0.9,0.1` weights, `101:1,110:0,011:1` pattern memory, `confidence:0.85`).
import type { Bit, GateState } from "./model.ts";

export const stateKey = (network: string, gate: string): string => `${network}.${gate}`;

/** Rounds away float noise so that saved state stays readable and stable. */
const round = (n: number): number => Math.round(n * 1e6) / 1e6;

export function encodeState(state: GateState): string | undefined {
  switch (state.kind) {
    case "weights":
      return state.weights.map(round).join(",");
    case "patterns":
      return [...state.patterns]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => `${k}:${v}`)
        .join(",");
    case "confidence":
      return `confidence:${round(state.confidence)}`;
    case "none":
      return undefined;
  }
}

/**
 * Decodes `text` as the same kind of state as `like`; undefined when the text does not fit (wrong format or,
 * for weights and patterns, a different width), so that a stale value never breaks a changed network.
 */
export function decodeState(text: string, like: GateState): GateState | undefined {
  if (like.kind === "weights") {
    const weights = text.split(",").map(Number);
    const fits = weights.length === like.weights.length && weights.every(Number.isFinite) && text.trim() !== "";
    return fits ? { kind: "weights", weights } : undefined;
  }
  if (like.kind === "patterns") {
    const width = like.patterns.keys().next().value?.length;
    const patterns = new Map<string, Bit>();
    for (const entry of text.split(",")) {
      const m = /^([01]+):([01])$/.exec(entry.trim());
      if (!m || (width !== undefined && m[1].length !== width)) return undefined;
      patterns.set(m[1], Number(m[2]) as Bit);
    }
    return { kind: "patterns", patterns };
  }
  if (like.kind === "confidence") {
    const m = /^confidence:([0-9.]+)$/.exec(text.trim());
    const confidence = m ? Number(m[1]) : NaN;
    return confidence >= 0 && confidence <= 1 ? { kind: "confidence", confidence } : undefined;
  }
  return undefined;
}
