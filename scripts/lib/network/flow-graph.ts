// The allowed-flow graph of one namespace: a flow A → B on port P exists iff B's ingress side admits A on P
// and A's egress side admits B on P. Compared with the platform's declared flows (parameters.flows).
import type { K8sObject } from "../types.ts";
import { appEndpoint, fixedEndpoints, podGroups, renderedNamespaceLabels, type Endpoint, type EndpointKind } from "./endpoints.ts";
import { decide, networkPolicies, probeLabel, rulePeersMatch, type Decision, type Direction, type Grant, type PolicyView, type PortProbe } from "./policies.ts";

/** One entry of parameters.flows: app names (app.kubernetes.io/name) or external / monitoring / dns. */
export interface DeclaredFlow {
  from: string;
  to: string;
  /** Port number or container port name; absent or "*" = any port. */
  port?: number | string;
  /** Absent = any protocol. */
  protocol?: string;
}

export interface FlowNode {
  id: string;
  kind: EndpointKind;
  /** "Kind name" of the workloads behind an app node. */
  workloads: string[];
}

export interface FlowEdge {
  from: string;
  to: string;
  port: number | string;
  portName?: string;
  protocol: string;
  declared: boolean;
  /** Names of the NetworkPolicies whose rules admit the flow (either side). */
  allowedBy: string[];
  grants: Grant[];
}

export interface BlockedFlow {
  flow: DeclaredFlow;
  /** Index of the flow in parameters.flows. */
  index: number;
  /** Which side blocks it; "port" when the destination has no such container port. */
  blockedBy: Array<Direction | "port">;
  /** Policies of each blocking side that select its pods (and admit nothing matching). */
  policies: Record<Direction, string[]>;
  reason: string;
}

export interface FlowGraph {
  namespace: string;
  nodes: FlowNode[];
  edges: FlowEdge[];
  declaredButBlocked: BlockedFlow[];
}

export function declaredFlows(shared: Record<string, unknown> | undefined): DeclaredFlow[] {
  const raw = shared?.flows;
  if (!Array.isArray(raw)) return [];
  return raw.filter((f) => f && typeof f === "object" && typeof f.from === "string" && typeof f.to === "string") as DeclaredFlow[];
}

function isAnyPort(port: DeclaredFlow["port"]): boolean {
  return port === undefined || port === "*";
}

export function flowCovers(flow: DeclaredFlow, edge: Pick<FlowEdge, "from" | "to" | "port" | "portName" | "protocol">): boolean {
  if (flow.from !== edge.from || flow.to !== edge.to) return false;
  if (flow.protocol && flow.protocol !== edge.protocol) return false;
  if (isAnyPort(flow.port)) return true;
  return String(flow.port) === String(edge.port) || (edge.portName !== undefined && String(flow.port) === edge.portName);
}

/** Ports to try towards `dst`: its container ports, or (when unknown) the ports the source's egress names. */
function probesTowards(src: Endpoint, dst: Endpoint, policies: PolicyView[]): PortProbe[] {
  if (dst.ports.length > 0) return dst.ports.map((p) => ({ port: p.port, protocol: p.protocol, ...(p.name ? { name: p.name } : {}) }));
  const egress = decide("egress", policies, src, dst, { port: "*", protocol: "*" });
  if (!egress.restricted) return [{ port: "*", protocol: "*" }];
  const probes: PortProbe[] = [];
  for (const policy of policies) {
    if (!egress.policies.includes(policy.name)) continue;
    for (const rule of policy.rules.egress) {
      if (!rulePeersMatch(rule, policy.namespace, dst)) continue;
      if (rule.ports === null) probes.push({ port: "*", protocol: "*" });
      else
        for (const p of rule.ports)
          probes.push({ port: p.port ?? "*", protocol: p.protocol, ...(typeof p.port === "string" && !/^\d+$/.test(p.port) ? { name: p.port } : {}) });
    }
  }
  return probes;
}

function flowDecisions(src: Endpoint, dst: Endpoint, probe: PortProbe, policies: PolicyView[]): { ingress: Decision; egress: Decision } {
  return { ingress: decide("ingress", policies, dst, src, probe), egress: decide("egress", policies, src, dst, probe) };
}

/**
 * buildEdges for a namespace without NetworkPolicies: every pair of endpoints talks on every port of the destination.
 * The same edges in the same order, without deciding each flow (a namespace of n apps has n² of them).
 */
export function openEdges(endpoints: Endpoint[], flows: DeclaredFlow[]): FlowEdge[] {
  // A source adds nothing but its id here, so each id is a source once; each destination's ports are listed once.
  const sources = new Map<string, EndpointKind>();
  for (const e of endpoints) if (!sources.has(e.id)) sources.set(e.id, e.kind);
  const towards = endpoints.map(openProbes);
  const edges: FlowEdge[] = [];
  for (const [from, kind] of sources) {
    const seen = new Set<string>();
    endpoints.forEach((dst, i) => {
      if (kind !== "app" && dst.kind !== "app") return;
      for (const { probe, key } of towards[i]) {
        if (seen.has(key)) continue;
        seen.add(key);
        const edge: FlowEdge = {
          from,
          to: dst.id,
          port: probe.port,
          ...(probe.name ? { portName: probe.name } : {}),
          protocol: probe.protocol,
          declared: false,
          allowedBy: [],
          grants: [],
        };
        edge.declared = edge.to === "dns" || flows.some((f) => flowCovers(f, edge));
        edges.push(edge);
      }
    });
  }
  return edges;
}

/** The ports a flow towards `dst` is tried on where no policy restricts anything, each with its key for deduplication. */
export function openProbes(dst: Endpoint): Array<{ probe: PortProbe; key: string }> {
  return probesTowards(dst, dst, []).map((probe) => ({ probe, key: `${dst.id}|${probe.port}|${probe.protocol}` }));
}

function buildEdges(endpoints: Endpoint[], policies: PolicyView[], flows: DeclaredFlow[]): FlowEdge[] {
  return policies.length === 0 ? openEdges(endpoints, flows) : decidedEdges(endpoints, policies, flows);
}

/** Every allowed flow between `endpoints`, each decided against the policies of both sides. */
export function decidedEdges(endpoints: Endpoint[], policies: PolicyView[], flows: DeclaredFlow[]): FlowEdge[] {
  const edges = new Map<string, FlowEdge>();
  for (const src of endpoints) {
    for (const dst of endpoints) {
      if (src.kind !== "app" && dst.kind !== "app") continue;
      for (const probe of probesTowards(src, dst, policies)) {
        const { ingress, egress } = flowDecisions(src, dst, probe, policies);
        if (!ingress.allowed || !egress.allowed) continue;
        const port = probe.port;
        const key = `${src.id}|${dst.id}|${port}|${probe.protocol}`;
        const edge = edges.get(key) ?? {
          from: src.id,
          to: dst.id,
          port,
          ...(probe.name ? { portName: probe.name } : {}),
          protocol: probe.protocol,
          declared: false,
          allowedBy: [],
          grants: [],
        };
        for (const g of [...ingress.grants, ...egress.grants]) {
          if (!edge.grants.some((x) => x.policy === g.policy && x.pointer === g.pointer)) edge.grants.push(g);
          if (!edge.allowedBy.includes(g.policy)) edge.allowedBy.push(g.policy);
        }
        edges.set(key, edge);
      }
    }
  }
  // DNS is required of every pod by convention (network-dns-egress checks it), so it is never undeclared.
  for (const edge of edges.values()) edge.declared = edge.to === "dns" || flows.some((f) => flowCovers(f, edge));
  return [...edges.values()];
}

function endpointsNamed(id: string, endpoints: Endpoint[]): Endpoint[] {
  return endpoints.filter((e) => e.id === id);
}

function declaredProbes(flow: DeclaredFlow, dst: Endpoint): PortProbe[] {
  const protocolOk = (p: string) => !flow.protocol || flow.protocol === p;
  if (dst.ports.length > 0) {
    return dst.ports
      .filter((p) => protocolOk(p.protocol) && (isAnyPort(flow.port) || String(flow.port) === String(p.port) || flow.port === p.name))
      .map((p) => ({ port: p.port, protocol: p.protocol, ...(p.name ? { name: p.name } : {}) }));
  }
  if (isAnyPort(flow.port)) return [{ port: "*", protocol: flow.protocol ?? "*" }];
  const port = /^\d+$/.test(String(flow.port)) ? Number(flow.port) : String(flow.port);
  return [{ port, protocol: flow.protocol ?? "TCP", ...(typeof port === "string" ? { name: port } : {}) }];
}

function checkDeclared(flow: DeclaredFlow, index: number, endpoints: Endpoint[], policies: PolicyView[]): BlockedFlow | undefined {
  const sources = endpointsNamed(flow.from, endpoints);
  const targets = endpointsNamed(flow.to, endpoints);
  // A flow naming an app this namespace does not run belongs to another target.
  if (sources.length === 0 || targets.length === 0 || (sources[0].kind !== "app" && targets[0].kind !== "app")) return undefined;
  const portText = isAnyPort(flow.port) ? "any port" : `port ${flow.port}${flow.protocol ? `/${flow.protocol}` : ""}`;
  const blockers: Record<Direction, Set<string>> = { ingress: new Set(), egress: new Set() };
  let tried = 0;
  for (const src of sources) {
    for (const dst of targets) {
      for (const probe of declaredProbes(flow, dst)) {
        tried++;
        const d = flowDecisions(src, dst, probe, policies);
        if (d.ingress.allowed && d.egress.allowed) return undefined;
        if (!d.ingress.allowed) d.ingress.policies.forEach((p) => blockers.ingress.add(p));
        if (!d.egress.allowed) d.egress.policies.forEach((p) => blockers.egress.add(p));
      }
    }
  }
  if (tried === 0) {
    return { flow, index, blockedBy: ["port"], policies: { ingress: [], egress: [] }, reason: `${flow.to} declares no container port matching ${portText}` };
  }
  const sides: string[] = [];
  if (blockers.ingress.size > 0) sides.push(`ingress of ${flow.to} (no rule of ${[...blockers.ingress].join(", ")} admits ${flow.from} on ${portText})`);
  if (blockers.egress.size > 0) sides.push(`egress of ${flow.from} (no rule of ${[...blockers.egress].join(", ")} allows ${flow.to} on ${portText})`);
  const blockedBy = (["ingress", "egress"] as const).filter((d) => blockers[d].size > 0);
  return {
    flow,
    index,
    blockedBy,
    policies: { ingress: [...blockers.ingress], egress: [...blockers.egress] },
    reason: `blocked by the ${sides.join(" and by the ")}`,
  };
}

function nodesOf(endpoints: Endpoint[], edges: FlowEdge[], blocked: BlockedFlow[]): FlowNode[] {
  const used = new Set<string>();
  for (const e of edges) used.add(e.from).add(e.to);
  for (const b of blocked) used.add(b.flow.from).add(b.flow.to);
  const nodes = new Map<string, FlowNode>();
  for (const e of endpoints) {
    if (e.kind !== "app" && !used.has(e.id)) continue;
    const node = nodes.get(e.id) ?? { id: e.id, kind: e.kind, workloads: [] };
    if (e.group) node.workloads.push(`${e.group.object.kind} ${e.group.object.metadata?.name ?? ""}`);
    nodes.set(e.id, node);
  }
  return [...nodes.values()];
}

const namespaceLists = new WeakMap<readonly K8sObject[], K8sObject[]>();

/** The Namespace objects of a list, picked out once per list. */
function namespaceObjects(objects: K8sObject[]): K8sObject[] {
  let list = namespaceLists.get(objects);
  if (!list) namespaceLists.set(objects, (list = objects.filter((o) => o.kind === "Namespace")));
  return list;
}

/** The endpoints of `namespace` (apps, then the fixed ones) and its NetworkPolicies (objects without a namespace count as in it). */
export function flowEndpoints(objects: K8sObject[], namespace: string): { policies: PolicyView[]; endpoints: Endpoint[] } {
  const policies = networkPolicies(objects, namespace);
  const nsLabels = renderedNamespaceLabels(namespaceObjects(objects), namespace);
  const fixed = fixedEndpoints();
  // Flows name external/monitoring/dns as the fixed endpoints; an app that happens to carry one of those names is kept apart.
  const apps = podGroups(objects, namespace)
    .map((g) => appEndpoint(g, nsLabels))
    .map((e) => (fixed.some((f) => f.id === e.id) ? { ...e, id: `${e.id} (app)` } : e));
  return { policies, endpoints: [...apps, ...fixed] };
}

/** The declared flows the policies (or the destination's ports) block. */
export function blockedDeclaredFlows(endpoints: Endpoint[], policies: PolicyView[], flows: DeclaredFlow[]): BlockedFlow[] {
  return flows.map((f, i) => checkDeclared(f, i, endpoints, policies)).filter((b): b is BlockedFlow => b !== undefined);
}

/** The allowed-flow graph of `namespace` (objects without a namespace count as in it). */
export function flowGraph(objects: K8sObject[], namespace: string, shared?: Record<string, unknown>): FlowGraph {
  const { policies, endpoints } = flowEndpoints(objects, namespace);
  const flows = declaredFlows(shared);
  const edges = buildEdges(endpoints, policies, flows);
  const declaredButBlocked = blockedDeclaredFlows(endpoints, policies, flows);
  return { namespace, nodes: nodesOf(endpoints, edges, declaredButBlocked), edges, declaredButBlocked };
}

export function edgeLabel(edge: Pick<FlowEdge, "port" | "portName" | "protocol">): string {
  return probeLabel({ port: edge.port, protocol: edge.protocol, ...(edge.portName ? { name: edge.portName } : {}) });
}
