// The allowed flows of a namespace that nobody declared, for the network-flows-declared rule: what flowGraph's edges
// give, without listing every edge of a namespace no NetworkPolicy restricts (there, every app reaches every port of
// every other app: n² edges, of which the rule shows only a count and the first few).
import type { K8sObject } from "../types.ts";
import type { Endpoint, EndpointKind } from "./endpoints.ts";
import type { PortProbe } from "./policies.ts";
import {
  blockedDeclaredFlows,
  declaredFlows,
  decidedEdges,
  flowCovers,
  flowEndpoints,
  openProbes,
  type BlockedFlow,
  type DeclaredFlow,
  type FlowEdge,
} from "./flow-graph.ts";

export interface UndeclaredFlows {
  /** Undeclared flows some NetworkPolicy rule admits, in the graph's order. */
  granted: FlowEdge[];
  /** Undeclared flows no policy restricts: how many, and the first `shown` of them in the graph's order. */
  open: { count: number; first: FlowEdge[] };
  declaredButBlocked: BlockedFlow[];
}

interface Reach {
  to: string;
  probe: PortProbe;
}

/** The destinations (and ports) a source of one class reaches in an open namespace, once each, in the graph's order. */
function reachable(endpoints: Endpoint[], fromApp: boolean): Reach[] {
  const seen = new Set<string>();
  const out: Reach[] = [];
  for (const dst of endpoints) {
    if (!fromApp && dst.kind !== "app") continue;
    for (const { probe, key } of openProbes(dst)) {
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ to: dst.id, probe });
    }
  }
  return out;
}

function edgeOf(from: string, r: Reach): FlowEdge {
  const { port, protocol, name } = r.probe;
  return { from, to: r.to, port, ...(name ? { portName: name } : {}), protocol, declared: false, allowedBy: [], grants: [] };
}

const isDeclared = (edge: FlowEdge, flows: DeclaredFlow[]) => edge.to === "dns" || flows.some((f) => flowCovers(f, edge));

/** openEdges' undeclared edges, counted: only the edges a declared flow names (or dns) are looked at one by one. */
function openUndeclared(endpoints: Endpoint[], flows: DeclaredFlow[], shown: number): UndeclaredFlows["open"] {
  const sources = new Map<string, EndpointKind>();
  for (const e of endpoints) if (!sources.has(e.id)) sources.set(e.id, e.kind);
  const classes = [true, false].map((fromApp) => {
    const reach = reachable(endpoints, fromApp);
    const byTo = new Map<string, Reach[]>();
    for (const r of reach) byTo.set(r.to, [...(byTo.get(r.to) ?? []), r]);
    return { reach, byTo, dns: byTo.get("dns")?.length ?? 0 };
  });
  let count = 0;
  const first: FlowEdge[] = [];
  for (const [from, kind] of sources) {
    const { reach, byTo, dns } = classes[kind === "app" ? 0 : 1];
    const own = flows.filter((f) => f.from === from);
    let declared = dns;
    for (const to of new Set(own.map((f) => f.to)))
      if (to !== "dns") for (const r of byTo.get(to) ?? []) if (own.some((f) => flowCovers(f, edgeOf(from, r)))) declared++;
    count += reach.length - declared;
    for (let i = 0; i < reach.length && first.length < shown; i++) {
      const edge = edgeOf(from, reach[i]);
      if (!isDeclared(edge, flows)) first.push(edge);
    }
  }
  return { count, first };
}

/** The undeclared flows of `namespace` (objects without a namespace count as in it), and the declared ones blocked. */
export function undeclaredFlows(objects: K8sObject[], namespace: string, shared: Record<string, unknown> | undefined, shown: number): UndeclaredFlows {
  const { policies, endpoints } = flowEndpoints(objects, namespace);
  const flows = declaredFlows(shared);
  const declaredButBlocked = blockedDeclaredFlows(endpoints, policies, flows);
  if (policies.length === 0) return { granted: [], open: openUndeclared(endpoints, flows, shown), declaredButBlocked };
  const undeclared = decidedEdges(endpoints, policies, flows).filter((e) => !e.declared);
  const open = undeclared.filter((e) => e.grants.length === 0);
  return { granted: undeclared.filter((e) => e.grants.length > 0), open: { count: open.length, first: open.slice(0, shown) }, declaredButBlocked };
}
