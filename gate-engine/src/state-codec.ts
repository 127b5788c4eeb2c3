// Learned gate state as ConfigMap data: key `<network>.<gate>`, values in the platform's text formats
// (`0.7,0.3,0.9,0.1` weights, `101:1,110:0,011:1` pattern memory, `confidence:0.85`). A taught pattern carries the
// time it was taught (`101:1:1764770000000`), which decides conflicts between replicas.
// Numbers are written in the shortest form that reads back to the same double, so a restart never moves a weight
// across a threshold.
import { patternState, type Taught } from "./learned-state.ts";
import type { Bit, GateState } from "./model.ts";

export const stateKey = (network: string, gate: string): string => `${network}.${gate}`;

/** The state as text; `times` adds when each pattern was taught (the stored form; API answers leave it out). */
export function encodeState(state: GateState, times = false): string | undefined {
  switch (state.kind) {
    case "weights":
      return state.weights.map(String).join(",");
    case "patterns":
      return [...state.taught]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, t]) => (times && t.at > 0 ? `${k}:${t.bit}:${t.at}` : `${k}:${t.bit}`))
        .join(",");
    case "confidence":
      return `confidence:${state.confidence}`;
    case "none":
      return undefined;
  }
}

const NUMBER = /^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/**
 * Decodes `text` as the same kind of state as `like`; undefined when the text does not fit (wrong format or,
 * for weights and patterns, a different width), so that a stale value never breaks a changed network.
 */
export function decodeState(text: string, like: GateState): GateState | undefined {
  if (like.kind === "weights") {
    const parts = text.split(",");
    const fits = parts.length === like.weights.length && parts.every((p) => NUMBER.test(p.trim()));
    return fits ? { kind: "weights", weights: parts.map(Number) } : undefined;
  }
  if (like.kind === "patterns") {
    const width = like.patterns.keys().next().value?.length;
    const taught = new Map<string, Taught>();
    for (const entry of text.split(",")) {
      const m = /^([01]+):([01])(?::(\d+))?$/.exec(entry.trim());
      if (!m || (width !== undefined && m[1].length !== width)) return undefined;
      taught.set(m[1], { bit: Number(m[2]) as Bit, at: m[3] === undefined ? 0 : Number(m[3]) });
    }
    return patternState(taught);
  }
  if (like.kind === "confidence") {
    const m = /^confidence:(\S+)$/.exec(text.trim());
    const confidence = m && NUMBER.test(m[1]) ? Number(m[1]) : NaN;
    return confidence >= 0 && confidence <= 1 ? { kind: "confidence", confidence } : undefined;
  }
  return undefined;
}
