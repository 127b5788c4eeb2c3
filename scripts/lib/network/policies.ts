// NetworkPolicy semantics (networking.k8s.io/v1): which pods a policy isolates, which peers and ports its
// rules admit, and whether one direction of a flow is allowed.
import type { K8sObject } from "../types.ts";
import { isEmptySelector, matchesSelector, selectorMisses, type LabelSelector } from "../policy/k8s/selectors.ts";
import { SelectorIndex } from "../policy/index/label-index.ts";
import { namespaceOf, type Endpoint } from "./endpoints.ts";

export type Direction = "ingress" | "egress";

export interface PolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr?: string; except?: string[] };
}

export interface PolicyPort {
  protocol: string;
  port?: number | string;
  endPort?: number;
}

export interface PolicyRuleView {
  /** null = the rule has no from/to: it admits every peer. */
  peers: PolicyPeer[] | null;
  /** null = the rule has no ports: it admits every port. */
  ports: PolicyPort[] | null;
  /** JSON pointer of the rule inside the policy object, e.g. /spec/ingress/0. */
  pointer: string;
}

export interface PolicyView {
  object: K8sObject;
  name: string;
  namespace: string;
  podSelector: LabelSelector;
  types: Record<Direction, boolean>;
  rules: Record<Direction, PolicyRuleView[]>;
}

/** A concrete port a flow would use; `port: "*"` with protocol "*" stands for every port. */
export interface PortProbe {
  port: number | string;
  protocol: string;
  name?: string;
}

export interface Grant {
  policy: string;
  direction: Direction;
  pointer: string;
}

export interface Decision {
  /** False when no policy of this direction selects the pod: everything is allowed. */
  restricted: boolean;
  allowed: boolean;
  /** Rules that admit the flow. */
  grants: Grant[];
  /** Names of the policies of this direction that select the pod. */
  policies: string[];
}

/** policyTypes as the API server defaults them: Ingress always, Egress when egress rules are present. */
export function policyTypes(spec: Record<string, any>): Record<Direction, boolean> {
  if (Array.isArray(spec.policyTypes) && spec.policyTypes.length > 0) {
    return { ingress: spec.policyTypes.includes("Ingress"), egress: spec.policyTypes.includes("Egress") };
  }
  return { ingress: true, egress: Array.isArray(spec.egress) && spec.egress.length > 0 };
}

function ruleViews(list: unknown, direction: Direction): PolicyRuleView[] {
  if (!Array.isArray(list)) return [];
  const peerKey = direction === "ingress" ? "from" : "to";
  return list.map((rule: any, i) => {
    const peers = Array.isArray(rule?.[peerKey]) && rule[peerKey].length > 0 ? (rule[peerKey] as PolicyPeer[]) : null;
    const ports =
      Array.isArray(rule?.ports) && rule.ports.length > 0
        ? rule.ports.map((p: any) => ({
            protocol: String(p?.protocol ?? "TCP"),
            ...(p?.port !== undefined ? { port: p.port } : {}),
            ...(typeof p?.endPort === "number" ? { endPort: p.endPort } : {}),
          }))
        : null;
    return { peers, ports, pointer: `/spec/${direction}/${i}` };
  });
}

export function policyView(object: K8sObject, fallbackNamespace: string): PolicyView {
  const spec = (object.spec as Record<string, any>) ?? {};
  return {
    object,
    name: String(object.metadata?.name ?? ""),
    namespace: namespaceOf(object, fallbackNamespace),
    podSelector: spec.podSelector ?? {},
    types: policyTypes(spec),
    rules: { ingress: ruleViews(spec.ingress, "ingress"), egress: ruleViews(spec.egress, "egress") },
  };
}

const policyIndexes = new WeakMap<readonly K8sObject[], { policies: K8sObject[]; views: Map<string, PolicyView[]> }>();

/** The NetworkPolicies of `namespace`; the list's policies are picked out once and the views kept per namespace. */
export function networkPolicies(objects: K8sObject[], namespace: string): PolicyView[] {
  let index = policyIndexes.get(objects);
  if (!index) policyIndexes.set(objects, (index = { policies: objects.filter((o) => o.kind === "NetworkPolicy"), views: new Map() }));
  let views = index.views.get(namespace);
  if (!views) {
    views = index.policies.map((o) => policyView(o, namespace)).filter((p) => p.namespace === namespace);
    index.views.set(namespace, views);
  }
  return views;
}

/** Whether a policy isolates the pods of `endpoint` (only pods of its own namespace with known labels). */
export function selects(policy: PolicyView, endpoint: Endpoint): boolean {
  if (!endpoint.podLabels || endpoint.namespace !== policy.namespace) return false;
  return isEmptySelector(policy.podSelector) || matchesSelector(policy.podSelector, endpoint.podLabels);
}

/**
 * Whether a peer of a rule in `policyNamespace` selects `endpoint`. Endpoints whose pod labels are unknown
 * (ingress controller, Prometheus) match a namespaceSelector peer whatever its podSelector says.
 */
export function peerMatches(peer: PolicyPeer, policyNamespace: string, endpoint: Endpoint): boolean {
  if (peer.ipBlock) return endpoint.outsideCluster;
  if (peer.namespaceSelector) {
    if (!matchesSelector(peer.namespaceSelector, endpoint.namespaceLabels)) return false;
    return !peer.podSelector || !endpoint.podLabels || matchesSelector(peer.podSelector, endpoint.podLabels);
  }
  if (peer.podSelector) return endpoint.namespace === policyNamespace && !!endpoint.podLabels && matchesSelector(peer.podSelector, endpoint.podLabels);
  return false;
}

function isNumeric(port: number | string): boolean {
  return typeof port === "number" || /^\d+$/.test(port);
}

/** Named ports in a rule refer to the destination's container ports, which the probe carries as `name`. */
export function portMatches(p: PolicyPort, probe: PortProbe): boolean {
  if (p.protocol !== probe.protocol) return false;
  if (p.port === undefined) return true;
  if (probe.port === "*") return false;
  if (isNumeric(p.port)) {
    if (typeof probe.port !== "number") return false;
    const start = Number(p.port);
    return p.endPort !== undefined ? probe.port >= start && probe.port <= p.endPort : probe.port === start;
  }
  return probe.name === p.port || probe.port === p.port;
}

export function rulePeersMatch(rule: PolicyRuleView, policyNamespace: string, peer: Endpoint): boolean {
  return rule.peers === null || rule.peers.some((x) => peerMatches(x, policyNamespace, peer));
}

export function ruleAdmits(rule: PolicyRuleView, policyNamespace: string, peer: Endpoint, probe: PortProbe): boolean {
  return rulePeersMatch(rule, policyNamespace, peer) && (rule.ports === null || rule.ports.some((p) => portMatches(p, probe)));
}

/**
 * One direction of a flow as seen from `subject`'s side: for ingress the subject is the destination and
 * `peer` the source; for egress the subject is the source and `peer` the destination.
 */
const selectingMemo = new WeakMap<readonly PolicyView[], { index: SelectorIndex<PolicyView>; bySubject: WeakMap<Endpoint, PolicyView[]> }>();

/** The policies of a list that select `endpoint` (selects()), from an index of the list's pod selectors built once per list. */
export function selectingPolicies(policies: readonly PolicyView[], endpoint: Endpoint): PolicyView[] {
  let memo = selectingMemo.get(policies);
  if (!memo) selectingMemo.set(policies, (memo = { index: new SelectorIndex(policies, (p) => p.podSelector), bySubject: new WeakMap() }));
  let selecting = memo.bySubject.get(endpoint);
  if (!selecting) {
    // An empty podSelector matches every label set, so matchesSelector alone decides what selects() decides.
    const labels = endpoint.podLabels;
    selecting = labels ? memo.index.selecting(labels).filter((p) => p.namespace === endpoint.namespace) : [];
    memo.bySubject.set(endpoint, selecting);
  }
  return selecting;
}

export function decide(direction: Direction, policies: PolicyView[], subject: Endpoint, peer: Endpoint, probe: PortProbe): Decision {
  const selecting = selectingPolicies(policies, subject).filter((p) => p.types[direction]);
  const grants: Grant[] = [];
  for (const policy of selecting) {
    for (const rule of policy.rules[direction]) {
      if (ruleAdmits(rule, policy.namespace, peer, probe)) grants.push({ policy: policy.name, direction, pointer: rule.pointer });
    }
  }
  const restricted = selecting.length > 0;
  return { restricted, allowed: !restricted || grants.length > 0, grants, policies: selecting.map((p) => p.name) };
}

/** A field of a policy (JSON pointer) whose value decided that a flow is refused. */
export interface PolicyField {
  object: K8sObject;
  path: string;
}

/**
 * Why a refused flow is refused, field by field: in the rules of the policies selecting `subject` whose ports admit the
 * probe, the selector entries of each peer that `peer` fails (a peer of another namespace is missed by its
 * namespaceSelector and podSelector, not by a field). A label a transformer added to a peer selector shows up here.
 */
export function peerMisses(direction: Direction, policies: PolicyView[], subject: Endpoint, peer: Endpoint, probe: PortProbe): PolicyField[] {
  const key = direction === "ingress" ? "from" : "to";
  const out: PolicyField[] = [];
  for (const policy of selectingPolicies(policies, subject).filter((p) => p.types[direction])) {
    for (const rule of policy.rules[direction]) {
      if (rule.peers === null || !(rule.ports === null || rule.ports.some((p) => portMatches(p, probe)))) continue;
      rule.peers.forEach((x, i) => {
        if (x.ipBlock || peerMatches(x, policy.namespace, peer)) return;
        const at = `${rule.pointer}/${key}/${i}`;
        const fields: string[] = [];
        if (x.namespaceSelector) fields.push(...selectorMisses(x.namespaceSelector, peer.namespaceLabels).map((m) => `${at}/namespaceSelector${m}`));
        else if (peer.namespace !== policy.namespace) return;
        if (x.podSelector && peer.podLabels) fields.push(...selectorMisses(x.podSelector, peer.podLabels).map((m) => `${at}/podSelector${m}`));
        for (const path of fields) out.push({ object: policy.object, path });
      });
    }
  }
  return out;
}

/**
 * Why no policy of `direction` isolates `subject`: the podSelector entries of each such policy of its namespace that its
 * pods fail (a label a transformer wrote into a platform policy's podSelector shows up here).
 */
export function isolationMisses(direction: Direction, policies: PolicyView[], subject: Endpoint): PolicyField[] {
  if (!subject.podLabels) return [];
  const labels = subject.podLabels;
  return policies
    .filter((p) => p.types[direction] && p.namespace === subject.namespace)
    .flatMap((p) => selectorMisses(p.podSelector, labels).map((m) => ({ object: p.object, path: `/spec/podSelector${m}` })));
}

export function probeLabel(probe: PortProbe): string {
  if (probe.port === "*") return probe.protocol === "*" ? "any port" : `any ${probe.protocol} port`;
  const named = probe.name && probe.name !== String(probe.port) ? ` (${probe.name})` : "";
  return `${probe.port}/${probe.protocol}${named}`;
}
