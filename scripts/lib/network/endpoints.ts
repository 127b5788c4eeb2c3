// The ends of a network flow: the pods of a rendered namespace (grouped by workload) and the fixed
// endpoints outside it that the platform's flow list names (external, monitoring, dns).
import type { K8sObject } from "../types.ts";
import { containersOf, podTemplate } from "../policy/k8s/workloads.ts";

export const APP_LABEL = "app.kubernetes.io/name";
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";
/** Namespace of the ingress controller: traffic from it is traffic from outside the cluster. */
export const EXTERNAL_NAMESPACE = "ingress-nginx";
export const MONITORING_NAMESPACE = "monitoring";
export const DNS_NAMESPACE = "kube-system";
export const DNS_POD_LABELS: Record<string, string> = { "k8s-app": "kube-dns" };

export type EndpointKind = "app" | "external" | "monitoring" | "dns";

export interface ContainerPort {
  port: number;
  protocol: string;
  name?: string;
}

/** The pods one workload creates: one pod template, its labels and its declared container ports. */
export interface PodGroup {
  app: string;
  namespace: string;
  labels: Record<string, string>;
  ports: ContainerPort[];
  object: K8sObject;
  /** JSON pointers of the pod template's metadata and PodSpec inside `object`. */
  metadataPointer: string;
  specPointer: string;
}

export interface Endpoint {
  id: string;
  kind: EndpointKind;
  namespace: string;
  namespaceLabels: Record<string, string>;
  /** Pod labels; undefined for pods outside the rendered target, whose labels are not known. */
  podLabels?: Record<string, string>;
  /** True when the endpoint also stands for addresses outside the cluster (what ipBlock peers select). */
  outsideCluster: boolean;
  /** Known listening ports (container ports of apps, 53 for DNS); empty when unknown. */
  ports: ContainerPort[];
  group?: PodGroup;
}

/** The namespace an object lives in, falling back to the namespace its target deploys to. */
export function namespaceOf(object: K8sObject, fallback: string): string {
  const ns = object.metadata?.namespace;
  return typeof ns === "string" && ns !== "" ? ns : fallback;
}

export function containerPortsOf(object: K8sObject): ContainerPort[] {
  const pod = podTemplate(object);
  if (!pod) return [];
  const out: ContainerPort[] = [];
  for (const { container } of containersOf(pod, ["initContainers", "containers"])) {
    for (const p of Array.isArray(container.ports) ? container.ports : []) {
      if (typeof p?.containerPort !== "number") continue;
      out.push({ port: p.containerPort, protocol: String(p.protocol ?? "TCP"), ...(p.name ? { name: String(p.name) } : {}) });
    }
  }
  return out;
}

/** podGroups by scanning every object: what podGroups answers from its per-list index. */
export function scanPodGroups(objects: K8sObject[], namespace: string): PodGroup[] {
  const out: PodGroup[] = [];
  for (const object of objects) {
    const pod = podTemplate(object);
    if (!pod || namespaceOf(object, namespace) !== namespace) continue;
    const labels = (pod.metadata.labels as Record<string, string>) ?? {};
    const metadataPointer = pod.pointer === "/spec" ? "/metadata" : pod.pointer.replace(/\/spec$/, "/metadata");
    out.push({
      app: labels[APP_LABEL] ?? `${object.kind}/${object.metadata?.name ?? ""}`,
      namespace,
      labels,
      ports: containerPortsOf(object),
      object,
      metadataPointer,
      specPointer: pod.pointer,
    });
  }
  return out;
}

interface PodTemplateIndex {
  /** Objects with a pod template, by own namespace; "" holds those without one (they count as in every namespace). */
  byNamespace: Map<string, Array<{ at: number; object: K8sObject }>>;
  groups: Map<string, PodGroup[]>;
}

const podTemplateIndexes = new WeakMap<readonly K8sObject[], PodTemplateIndex>();

function podTemplateIndex(objects: readonly K8sObject[]): PodTemplateIndex {
  let index = podTemplateIndexes.get(objects);
  if (!index) {
    const byNamespace = new Map<string, Array<{ at: number; object: K8sObject }>>();
    objects.forEach((object, at) => {
      if (!podTemplate(object)) return;
      const key = namespaceOf(object, "");
      const list = byNamespace.get(key);
      if (list) list.push({ at, object });
      else byNamespace.set(key, [{ at, object }]);
    });
    podTemplateIndexes.set(objects, (index = { byNamespace, groups: new Map() }));
  }
  return index;
}

/**
 * Every pod template of `namespace` among `objects` (objects without a namespace count as in it). The list is indexed by
 * namespace on first use and the answer kept per namespace, so asking for every namespace stays linear; the list must
 * not change afterwards (rules get a fresh or a per-target list).
 */
export function podGroups(objects: K8sObject[], namespace: string): PodGroup[] {
  const index = podTemplateIndex(objects);
  let groups = index.groups.get(namespace);
  if (!groups) {
    const own = namespace === "" ? [] : (index.byNamespace.get(namespace) ?? []);
    const none = index.byNamespace.get("") ?? [];
    const candidates = own.length && none.length ? [...own, ...none].sort((a, b) => a.at - b.at) : own.length ? own : none;
    index.groups.set(
      namespace,
      (groups = scanPodGroups(
        candidates.map((c) => c.object),
        namespace,
      )),
    );
  }
  return groups;
}

function namespaceLabels(namespace: string): Record<string, string> {
  return { [NAMESPACE_NAME_LABEL]: namespace };
}

/** Labels of a rendered Namespace object, plus the name label the API server always sets. */
export function renderedNamespaceLabels(objects: K8sObject[], namespace: string): Record<string, string> {
  const ns = objects.find((o) => o.kind === "Namespace" && o.metadata?.name === namespace);
  return { ...((ns?.metadata?.labels as Record<string, string>) ?? {}), ...namespaceLabels(namespace) };
}

export function appEndpoint(group: PodGroup, nsLabels: Record<string, string> = namespaceLabels(group.namespace)): Endpoint {
  return {
    id: group.app,
    kind: "app",
    namespace: group.namespace,
    namespaceLabels: nsLabels,
    podLabels: group.labels,
    outsideCluster: false,
    ports: group.ports,
    group,
  };
}

export function externalEndpoint(): Endpoint {
  return {
    id: "external",
    kind: "external",
    namespace: EXTERNAL_NAMESPACE,
    namespaceLabels: namespaceLabels(EXTERNAL_NAMESPACE),
    outsideCluster: true,
    ports: [],
  };
}

export function monitoringEndpoint(): Endpoint {
  return {
    id: "monitoring",
    kind: "monitoring",
    namespace: MONITORING_NAMESPACE,
    namespaceLabels: namespaceLabels(MONITORING_NAMESPACE),
    outsideCluster: false,
    ports: [],
  };
}

export function dnsEndpoint(): Endpoint {
  return {
    id: "dns",
    kind: "dns",
    namespace: DNS_NAMESPACE,
    namespaceLabels: namespaceLabels(DNS_NAMESPACE),
    podLabels: DNS_POD_LABELS,
    outsideCluster: false,
    ports: [
      { port: 53, protocol: "UDP", name: "dns" },
      { port: 53, protocol: "TCP", name: "dns-tcp" },
    ],
  };
}

/** The endpoints outside the namespace that flows may name, by id. */
export function fixedEndpoints(): Endpoint[] {
  return [externalEndpoint(), monitoringEndpoint(), dnsEndpoint()];
}

export function describeGroup(group: PodGroup): string {
  return `${group.object.kind} ${group.object.metadata?.name ?? ""}`.trim();
}

/** Namespaces that run pods in `objects`, in first-seen order. */
export function namespacesWithPods(objects: K8sObject[], fallback: string): string[] {
  const out = new Set<string>();
  for (const o of objects) if (podTemplate(o)) out.add(namespaceOf(o, fallback));
  return [...out];
}

/** podGroups per namespace, computed once per namespace (rules look them up for every policy or Service). */
export function podGroupLookup(objects: K8sObject[]): (namespace: string) => PodGroup[] {
  const cache = new Map<string, PodGroup[]>();
  return (namespace) => {
    let groups = cache.get(namespace);
    if (!groups) cache.set(namespace, (groups = podGroups(objects, namespace)));
    return groups;
  };
}
