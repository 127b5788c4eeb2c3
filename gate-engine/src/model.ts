// The gate engine's domain types: the three custom resources (as the service reads them) and learned state.

export const GATE_TYPES = ["BUFFER", "PATTERN", "THRESHOLD", "ADAPTIVE_AND"] as const;
export type GateType = (typeof GATE_TYPES)[number];

export const LOAD_BALANCERS = ["round-robin", "hash-based"] as const;
export type LoadBalancer = (typeof LOAD_BALANCERS)[number];

export type Bit = 0 | 1;

export interface GateSpec {
  name: string;
  type: GateType;
  replicas: number;
  /** THRESHOLD: initial weights, one per input bit. */
  weights?: number[];
  /** THRESHOLD: the gate fires when the weighted sum of its inputs reaches this value. */
  threshold?: number;
  /** PATTERN: initial pattern memory, bit string → output bit. */
  patterns?: Record<string, Bit>;
  /** PATTERN: output for a pattern the memory does not hold. */
  defaultOutput?: Bit;
  /** ADAPTIVE_AND: starting confidence. */
  confidence?: number;
}

export interface Connection {
  from: string;
  to: string;
  loadBalancer: LoadBalancer;
}

export interface GateNetwork {
  name: string;
  /** Width of the request's input vector; inferred from the source gates when absent. */
  inputBits?: number;
  gates: GateSpec[];
  connections: Connection[];
}

export interface LearningPolicy {
  name: string;
  updateIntervalMs: number;
  /** Gate type the policy trains; absent selects every learnable type. */
  selectorType?: GateType;
  learningRate: number;
  confidenceMin: number;
  confidenceMax: number;
  persistence: boolean;
}

export interface EndpointRoute {
  path: string;
  /** Name of the GateNetwork that computes requests on this path. */
  gate: string;
}

export interface EndpointGate {
  name: string;
  routes: EndpointRoute[];
}

/** Everything loaded from the manifests. */
export interface Catalog {
  networks: GateNetwork[];
  policies: LearningPolicy[];
  endpoints: EndpointGate[];
}

/** Learned, mutable state of one gate. */
export type GateState =
  | { kind: "weights"; weights: number[] }
  /** `patterns` is the lookup of `taught` (pattern → bit), kept beside it for evaluation. */
  | { kind: "patterns"; patterns: Map<string, Bit>; taught: Map<string, { bit: Bit; at: number }> }
  | { kind: "confidence"; confidence: number }
  | { kind: "none" };

/** Thrown for anything a client or a manifest got wrong; the message is meant for the user. */
export class GateEngineError extends Error {
  constructor(
    message: string,
    readonly status = 400,
    /** For a problem in a resource: JSON pointer to the offending field inside the object (`/spec/gates/2/weights`). */
    readonly path?: string,
  ) {
    super(message);
    this.name = "GateEngineError";
  }
}

/** A request with a method the path does not take: answered 405 with the `Allow` header. */
export class MethodNotAllowedError extends GateEngineError {
  constructor(
    message: string,
    readonly allow: string,
  ) {
    super(message, 405);
  }
}

/** Escapes one JSON pointer segment (RFC 6901). */
export const pointerSegment = (key: string | number): string => String(key).replace(/~/g, "~0").replace(/\//g, "~1");
