// Reads one GateNetwork, LearningPolicy or EndpointGate object into the engine's model. A problem is thrown as a
// GateEngineError carrying the JSON pointer of the offending field, so that both the service and `gaia validate`
// can say where it is.
import {
  GATE_TYPES,
  LOAD_BALANCERS,
  GateEngineError,
  pointerSegment,
  type Bit,
  type Connection,
  type EndpointGate,
  type GateNetwork,
  type GateSpec,
  type GateType,
  type LearningPolicy,
  type LoadBalancer,
} from "./model.ts";

export const GAIA_API_VERSION = "gaia.tech/v1";
export const GATE_KINDS = ["GateNetwork", "LearningPolicy", "EndpointGate"] as const;
export type GateKind = (typeof GATE_KINDS)[number];

type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
/** A scalar as written; a mapping or list as JSON, so a message never reads "[object Object]". */
const scalarText = (v: unknown): string => (typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? String(v) : JSON.stringify(v));

/** A field of an object being read: where it is (for messages) and its JSON pointer. */
interface At {
  where: string;
  path: string;
}

const child = (at: At, key: string | number, where = at.where): At => ({ where, path: `${at.path}/${pointerSegment(key)}` });

function fail(at: At, message: string): never {
  throw new GateEngineError(`${at.where}: ${message}`, 400, at.path);
}

function str(o: Obj, key: string, at: At): string {
  const v = o[key];
  if (typeof v !== "string" || v === "") fail(child(at, key), `${key} must be a non-empty string`);
  return v;
}

function num(o: Obj, key: string, at: At, fallback?: number): number {
  const v = o[key];
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== "number" || !Number.isFinite(v)) fail(child(at, key), `${key} must be a number`);
  return v;
}

function list(o: Obj, key: string, at: At): Obj[] {
  const v = o[key] ?? [];
  if (!Array.isArray(v) || !v.every(isObj)) fail(child(at, key), `${key} must be a list of objects`);
  return v;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], what: string, at: At): T {
  if (!allowed.includes(value as T)) fail(at, `${what} "${scalarText(value)}" is not one of ${allowed.join(", ")}`);
  return value as T;
}

function bit(value: unknown, what: string, at: At): Bit {
  if (value !== 0 && value !== 1) fail(at, `${what} must be 0 or 1`);
  return value;
}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parses a Kubernetes-style duration such as `100ms`, `5s`, `1m` into milliseconds. */
export function parseDuration(text: string, where = "duration", path = ""): number {
  const m = DURATION.exec(text);
  if (!m) fail({ where, path }, `"${text}" is not a duration like 100ms, 5s or 1m`);
  const ms = Number(m[1]) * UNIT_MS[m[2]];
  if (ms <= 0) fail({ where, path }, `"${text}" must be longer than zero`);
  return ms;
}

function toGate(g: Obj, at: At): GateSpec {
  const name = str(g, "name", at);
  const gateAt: At = { where: `${at.where} gate "${name}"`, path: at.path };
  const gate: GateSpec = {
    name,
    type: oneOf(g.type, GATE_TYPES, "type", child(gateAt, "type")),
    replicas: num(g, "replicas", gateAt, 1),
  };
  if (!Number.isInteger(gate.replicas) || gate.replicas < 1) fail(child(gateAt, "replicas"), "replicas must be an integer ≥ 1");
  if (g.weights !== undefined) {
    if (!Array.isArray(g.weights) || !g.weights.every((w) => typeof w === "number" && Number.isFinite(w)))
      fail(child(gateAt, "weights"), "weights must be numbers");
    gate.weights = g.weights;
  }
  if (g.threshold !== undefined) gate.threshold = num(g, "threshold", gateAt);
  if (g.patterns !== undefined) {
    const patternsAt = child(gateAt, "patterns");
    if (!isObj(g.patterns)) fail(patternsAt, "patterns must map bit strings to 0 or 1");
    gate.patterns = Object.fromEntries(Object.entries(g.patterns).map(([k, v]) => [k, bit(v, `pattern ${k}`, child(patternsAt, k))]));
  }
  if (g.defaultOutput !== undefined) gate.defaultOutput = bit(g.defaultOutput, "defaultOutput", child(gateAt, "defaultOutput"));
  if (g.confidence !== undefined) gate.confidence = num(g, "confidence", gateAt);
  return gate;
}

export function toNetwork(name: string, spec: Obj, where: string): GateNetwork {
  const at: At = { where, path: "/spec" };
  const connections: Connection[] = list(spec, "connections", at).map((c, i) => {
    const cAt = child(child(at, "connections"), i, `${where} connection`);
    return {
      from: str(c, "from", cAt),
      to: str(c, "to", cAt),
      loadBalancer: oneOf<LoadBalancer>(c.loadBalancer ?? "round-robin", LOAD_BALANCERS, "loadBalancer", { where, path: child(cAt, "loadBalancer").path }),
    };
  });
  const gates = list(spec, "gates", at).map((g, i) => toGate(g, child(child(at, "gates"), i)));
  const network: GateNetwork = { name, gates, connections };
  if (spec.inputBits !== undefined) network.inputBits = num(spec, "inputBits", at);
  return network;
}

export function toPolicy(name: string, spec: Obj, where: string): LearningPolicy {
  const at: At = { where, path: "/spec" };
  const selector = isObj(spec.gates) && isObj(spec.gates.selector) ? spec.gates.selector : {};
  const training = isObj(spec.training) ? spec.training : {};
  const bounds = isObj(training.confidenceBounds) ? training.confidenceBounds : {};
  const persistence = isObj(spec.persistence) ? spec.persistence : {};
  const trainingAt = child(at, "training");
  const boundsAt = child(trainingAt, "confidenceBounds");
  const interval = spec.updateInterval === undefined ? "10s" : scalarText(spec.updateInterval);
  const policy: LearningPolicy = {
    name,
    updateIntervalMs: parseDuration(interval, `${where} updateInterval`, "/spec/updateInterval"),
    learningRate: num(training, "learningRate", trainingAt, 0.1),
    confidenceMin: num(bounds, "min", boundsAt, 0.05),
    confidenceMax: num(bounds, "max", boundsAt, 0.99),
    persistence: persistence.enabled === true,
  };
  if (selector.type !== undefined)
    policy.selectorType = oneOf<GateType>(selector.type, GATE_TYPES, "selector type", { where, path: "/spec/gates/selector/type" });
  if (policy.learningRate <= 0 || policy.learningRate > 1) fail(child(trainingAt, "learningRate"), "learningRate must be in (0, 1]");
  if (!(policy.confidenceMin >= 0 && policy.confidenceMin < policy.confidenceMax && policy.confidenceMax <= 1)) {
    fail(boundsAt, "confidenceBounds need 0 ≤ min < max ≤ 1");
  }
  if (persistence.enabled === true && persistence.storage !== undefined && persistence.storage !== "configmap") {
    fail({ where, path: "/spec/persistence/storage" }, `persistence storage ${JSON.stringify(persistence.storage)} is not supported (use configmap)`);
  }
  return policy;
}

export function toEndpoint(name: string, spec: Obj, where: string): EndpointGate {
  const at: At = { where, path: "/spec" };
  return {
    name,
    routes: list(spec, "routes", at).map((r, i) => {
      const rAt = child(child(at, "routes"), i);
      return { path: str(r, "path", rAt), gate: str(r, "gate", rAt) };
    }),
  };
}

export type GateResource =
  | { kind: "GateNetwork"; name: string; value: GateNetwork }
  | { kind: "LearningPolicy"; name: string; value: LearningPolicy }
  | { kind: "EndpointGate"; name: string; value: EndpointGate };

export const isGateObject = (obj: unknown): obj is Obj => isObj(obj) && obj.apiVersion === GAIA_API_VERSION && GATE_KINDS.includes(obj.kind as GateKind);

/** Reads one gaia.tech object (see isGateObject); throws GateEngineError with the pointer of the first problem. */
export function readGateObject(obj: Obj): GateResource {
  const kind = obj.kind as GateKind;
  const meta = isObj(obj.metadata) ? obj.metadata : {};
  const name = str(meta, "name", { where: `${kind}`, path: "/metadata" });
  const where = `${kind}/${name}`;
  const spec = isObj(obj.spec) ? obj.spec : fail({ where, path: obj.spec === undefined ? "" : "/spec" }, "spec is missing");
  if (kind === "GateNetwork") return { kind, name, value: toNetwork(name, spec, where) };
  if (kind === "LearningPolicy") return { kind, name, value: toPolicy(name, spec, where) };
  return { kind, name, value: toEndpoint(name, spec, where) };
}
