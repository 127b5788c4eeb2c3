// The one validator of GateNetwork, LearningPolicy and EndpointGate objects, used by the service (mounted files and
// the Kubernetes API) and by `gaia validate` (rule gate-network-valid): a network the service would refuse never
// passes validation, and the reverse. Every problem carries the JSON pointer of the offending field.
import { GateEngineError, type Catalog } from "./model.ts";
import { isGateObject, isObj, readGateObject, type GateKind, type GateResource } from "./resources.ts";
import { RouteTable } from "./routes.ts";
import { planNetwork } from "./topology.ts";

export interface GateProblem {
  /** JSON pointer inside the object (`/spec/connections/3/to`); "" for the object as a whole. */
  path: string;
  message: string;
}

export interface GateVerdict {
  /** Position of the object in the checked list. */
  index: number;
  kind: GateKind;
  /** metadata.name, or "" when the object has none. */
  name: string;
  /** The object as read, when it is valid. */
  resource?: GateResource;
  problem?: GateProblem;
}

export interface CheckedGates {
  /** The objects the service runs: the valid ones, plus the last valid version of an invalid one when given. */
  catalog: Catalog;
  /** One verdict per gaia.tech object of the three kinds, in input order; other objects get none. */
  verdicts: GateVerdict[];
}

export interface CheckOptions {
  /** The last valid version of an object, used in place of an invalid one (the service keeps what it runs). */
  lastValid?: (kind: GateKind, name: string) => GateResource | undefined;
}

function problemOf(err: unknown): GateProblem {
  if (err instanceof GateEngineError) return { path: err.path ?? "", message: err.message };
  throw err;
}

function nameOf(object: Record<string, unknown>): string {
  const name = isObj(object.metadata) ? object.metadata.name : undefined;
  return typeof name === "string" ? name : "";
}

/** Reads one object; a GateNetwork is also compiled, so cycles, arity and widths are checked. */
function readOne(object: Record<string, unknown>): GateResource {
  const resource = readGateObject(object);
  if (resource.kind === "GateNetwork") planNetwork(resource.value);
  return resource;
}

/**
 * Checks every GateNetwork, LearningPolicy and EndpointGate among `objects` (one namespace's worth): each object on
 * its own, then names that repeat, then EndpointGate routes against the networks that will run and the routes of
 * other EndpointGates (in name order, so the first by name keeps a contested path).
 */
export function checkGateObjects(objects: readonly unknown[], options: CheckOptions = {}): CheckedGates {
  const verdicts: GateVerdict[] = [];
  const seen = new Set<string>();
  objects.forEach((object, index) => {
    if (!isGateObject(object)) return;
    const kind = object.kind as GateKind;
    const verdict: GateVerdict = { index, kind, name: nameOf(object) };
    try {
      verdict.resource = readOne(object);
      const key = `${kind}/${verdict.name}`;
      if (seen.has(key)) throw new GateEngineError(`${key} is defined twice`, 400, "/metadata/name");
      seen.add(key);
    } catch (err) {
      verdict.problem = problemOf(err);
      delete verdict.resource;
    }
    verdicts.push(verdict);
  });

  const running = (kind: GateKind): GateResource[] => {
    const chosen = new Map<string, GateResource>();
    for (const v of verdicts.filter((x) => x.kind === kind)) {
      const resource = v.resource ?? (v.name ? options.lastValid?.(kind, v.name) : undefined);
      if (resource && !chosen.has(v.name)) chosen.set(v.name, resource);
    }
    return [...chosen.values()];
  };
  const networks = running("GateNetwork").map((r) => r.value as Catalog["networks"][number]);
  const policies = running("LearningPolicy").map((r) => r.value as Catalog["policies"][number]);

  const routes = new RouteTable([], new Set(networks.map((n) => n.name)));
  const endpoints: Catalog["endpoints"] = [];
  const endpointVerdicts = verdicts.filter((v) => v.kind === "EndpointGate").sort((a, b) => a.name.localeCompare(b.name));
  for (const verdict of endpointVerdicts) {
    if (verdict.resource?.kind === "EndpointGate") {
      try {
        routes.add(verdict.resource.value);
        endpoints.push(verdict.resource.value);
        continue;
      } catch (err) {
        verdict.problem = problemOf(err);
        delete verdict.resource;
      }
    }
    const previous = verdict.name ? options.lastValid?.("EndpointGate", verdict.name) : undefined;
    if (previous?.kind !== "EndpointGate") continue;
    try {
      routes.add(previous.value);
      endpoints.push(previous.value);
    } catch {
      // The last valid version no longer fits (its network is gone, or another EndpointGate took its path).
    }
  }
  return { catalog: { networks, policies, endpoints }, verdicts };
}

/** The first problem as an error naming the object, for callers that refuse to start on any problem. */
export function firstProblem(checked: CheckedGates, sourceOf: (index: number) => string): GateEngineError | undefined {
  const bad = checked.verdicts.find((v) => v.problem);
  if (!bad?.problem) return undefined;
  const source = sourceOf(bad.index);
  return new GateEngineError(`${source ? `${source} ` : ""}${bad.problem.message}`, 400, bad.problem.path);
}
