// Reads GateNetwork, LearningPolicy and EndpointGate objects out of Kubernetes YAML manifests.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import {
  GATE_TYPES,
  LOAD_BALANCERS,
  GateEngineError,
  type Bit,
  type Catalog,
  type Connection,
  type EndpointGate,
  type GateNetwork,
  type GateSpec,
  type GateType,
  type LearningPolicy,
  type LoadBalancer,
} from "./model.ts";

export const GAIA_API_VERSION = "gaia.tech/v1";

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
/** A scalar as written; a mapping or list as JSON, so a message never reads "[object Object]". */
const scalarText = (v: unknown): string => (typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? String(v) : JSON.stringify(v));

function fail(where: string, message: string): never {
  throw new GateEngineError(`${where}: ${message}`);
}

function str(o: Obj, key: string, where: string): string {
  const v = o[key];
  if (typeof v !== "string" || v === "") fail(where, `${key} must be a non-empty string`);
  return v;
}

function num(o: Obj, key: string, where: string, fallback?: number): number {
  const v = o[key];
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== "number" || !Number.isFinite(v)) fail(where, `${key} must be a number`);
  return v;
}

function list(o: Obj, key: string, where: string): Obj[] {
  const v = o[key] ?? [];
  if (!Array.isArray(v) || !v.every(isObj)) fail(where, `${key} must be a list of objects`);
  return v;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], what: string, where: string): T {
  if (!allowed.includes(value as T)) fail(where, `${what} "${String(value)}" is not one of ${allowed.join(", ")}`);
  return value as T;
}

function bit(value: unknown, what: string, where: string): Bit {
  if (value !== 0 && value !== 1) fail(where, `${what} must be 0 or 1`);
  return value;
}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parses a Kubernetes-style duration such as `100ms`, `5s`, `1m` into milliseconds. */
export function parseDuration(text: string, where = "duration"): number {
  const m = DURATION.exec(text);
  if (!m) fail(where, `"${text}" is not a duration like 100ms, 5s or 1m`);
  const ms = Number(m[1]) * UNIT_MS[m[2]];
  if (ms <= 0) fail(where, `"${text}" must be longer than zero`);
  return ms;
}

function toGate(g: Obj, where: string): GateSpec {
  const name = str(g, "name", where);
  const at = `${where} gate "${name}"`;
  const gate: GateSpec = {
    name,
    type: oneOf(g.type, GATE_TYPES, "type", at),
    replicas: num(g, "replicas", at, 1),
  };
  if (!Number.isInteger(gate.replicas) || gate.replicas < 1) fail(at, "replicas must be an integer ≥ 1");
  if (g.weights !== undefined) {
    if (!Array.isArray(g.weights) || !g.weights.every((w) => typeof w === "number")) fail(at, "weights must be numbers");
    gate.weights = g.weights;
  }
  if (g.threshold !== undefined) gate.threshold = num(g, "threshold", at);
  if (g.patterns !== undefined) {
    if (!isObj(g.patterns)) fail(at, "patterns must map bit strings to 0 or 1");
    gate.patterns = Object.fromEntries(Object.entries(g.patterns).map(([k, v]) => [k, bit(v, `pattern ${k}`, at)]));
  }
  if (g.defaultOutput !== undefined) gate.defaultOutput = bit(g.defaultOutput, "defaultOutput", at);
  if (g.confidence !== undefined) gate.confidence = num(g, "confidence", at);
  return gate;
}

function toNetwork(name: string, spec: Obj, where: string): GateNetwork {
  const connections: Connection[] = list(spec, "connections", where).map((c) => ({
    from: str(c, "from", `${where} connection`),
    to: str(c, "to", `${where} connection`),
    loadBalancer: oneOf<LoadBalancer>(c.loadBalancer ?? "round-robin", LOAD_BALANCERS, "loadBalancer", where),
  }));
  const network: GateNetwork = { name, gates: list(spec, "gates", where).map((g) => toGate(g, where)), connections };
  if (spec.inputBits !== undefined) network.inputBits = num(spec, "inputBits", where);
  return network;
}

function toPolicy(name: string, spec: Obj, where: string): LearningPolicy {
  const selector = isObj(spec.gates) && isObj(spec.gates.selector) ? spec.gates.selector : {};
  const training = isObj(spec.training) ? spec.training : {};
  const bounds = isObj(training.confidenceBounds) ? training.confidenceBounds : {};
  const persistence = isObj(spec.persistence) ? spec.persistence : {};
  const policy: LearningPolicy = {
    name,
    updateIntervalMs: parseDuration(spec.updateInterval === undefined ? "10s" : scalarText(spec.updateInterval), `${where} updateInterval`),
    learningRate: num(training, "learningRate", where, 0.1),
    confidenceMin: num(bounds, "min", where, 0.05),
    confidenceMax: num(bounds, "max", where, 0.99),
    persistence: persistence.enabled === true,
  };
  if (selector.type !== undefined) policy.selectorType = oneOf<GateType>(selector.type, GATE_TYPES, "selector type", where);
  if (policy.learningRate <= 0 || policy.learningRate > 1) fail(where, "learningRate must be in (0, 1]");
  if (!(policy.confidenceMin >= 0 && policy.confidenceMin < policy.confidenceMax && policy.confidenceMax <= 1)) {
    fail(where, "confidenceBounds need 0 ≤ min < max ≤ 1");
  }
  if (persistence.enabled === true && persistence.storage !== undefined && persistence.storage !== "configmap") {
    fail(where, `persistence storage "${scalarText(persistence.storage)}" is not supported (use configmap)`);
  }
  return policy;
}

function toEndpoint(name: string, spec: Obj, where: string): EndpointGate {
  return {
    name,
    routes: list(spec, "routes", where).map((r) => ({ path: str(r, "path", where), gate: str(r, "gate", where) })),
  };
}

/** Adds the gaia.tech objects of one YAML text to `into`; other kinds are ignored. */
export function collectManifests(text: string, source: string, into: Catalog): Catalog {
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) fail(source, `invalid YAML: ${doc.errors[0].message}`);
    const obj: unknown = doc.toJS();
    if (!isObj(obj) || obj.apiVersion !== GAIA_API_VERSION) continue;
    const meta = isObj(obj.metadata) ? obj.metadata : {};
    const name = str(meta, "name", `${source} ${String(obj.kind)}`);
    const where = `${source} ${String(obj.kind)}/${name}`;
    const spec = isObj(obj.spec) ? obj.spec : fail(where, "spec is missing");
    if (obj.kind === "GateNetwork") into.networks.push(toNetwork(name, spec, where));
    else if (obj.kind === "LearningPolicy") into.policies.push(toPolicy(name, spec, where));
    else if (obj.kind === "EndpointGate") into.endpoints.push(toEndpoint(name, spec, where));
  }
  return into;
}

async function yamlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries
      // `..data` and `..<timestamp>` are how a mounted ConfigMap stages its files; the plain names link into them.
      .filter((e) => !e.name.startsWith(".."))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(async (e) => {
        const path = join(dir, e.name);
        if (e.isDirectory()) return yamlFiles(path);
        return /\.ya?ml$/.test(e.name) ? [path] : [];
      }),
  );
  return nested.flat();
}

/** Loads every gaia.tech object from the YAML files under `dir` (recursively, in name order). */
export async function loadManifestDir(dir: string): Promise<Catalog> {
  const catalog: Catalog = { networks: [], policies: [], endpoints: [] };
  for (const file of await yamlFiles(dir)) collectManifests(await readFile(file, "utf8"), file, catalog);
  return catalog;
}
