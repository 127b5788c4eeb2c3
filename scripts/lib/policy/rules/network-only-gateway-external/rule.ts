import type { TargetContext, TargetRule, Violation } from "../../types.ts";
import type { K8sObject } from "../../../types.ts";
import { defaultNamespace } from "../../k8s/namespaces.ts";
import {
  APP_LABEL,
  appEndpoint,
  describeGroup,
  externalEndpoint,
  namespaceOf,
  namespacesWithPods,
  podGroups,
  type PodGroup,
} from "../../../network/endpoints.ts";
import { isolationMisses, networkPolicies, peerMatches, rulePeersMatch, selectingPolicies, type PolicyPeer } from "../../../network/policies.ts";
import { LabelIndex } from "../../index/label-index.ts";
import { targetIndex } from "../../index/target-index.ts";
import type { IngressBackend, IngressSpec } from "kubernetes-types/networking/v1.js";
import type { ServiceSpec } from "kubernetes-types/core/v1.js";
import { listOf, specOf } from "../../k8s/typed.ts";

const EXPOSED_TYPES = ["LoadBalancer", "NodePort"];

function describePeer(peer: PolicyPeer | undefined): string {
  if (peer?.ipBlock) return `from ipBlock ${peer.ipBlock.cidr ?? "?"}`;
  if (peer?.namespaceSelector) return `from namespaces matching ${JSON.stringify(peer.namespaceSelector)}, the ingress controller's among them`;
  return "from outside the cluster";
}

function podsFromOutside(objects: K8sObject[], ns: string, gateway: string): Violation[] {
  const out: Violation[] = [];
  const policies = networkPolicies(objects, ns).filter((p) => p.types.ingress);
  const outside = externalEndpoint();
  for (const group of podGroups(objects, ns)) {
    if (group.labels[APP_LABEL] === gateway) continue;
    const pod = appEndpoint(group);
    const selecting = selectingPolicies(policies, pod);
    if (selecting.length === 0) {
      out.push({
        message: `${describeGroup(group)} (${group.app}) accepts traffic from outside the cluster: no Ingress NetworkPolicy selects its pods; only ${gateway} may`,
        object: group.object,
        path: `${group.metadataPointer}/labels`,
        causes: isolationMisses("ingress", policies, pod),
      });
      continue;
    }
    for (const policy of selecting) {
      for (const r of policy.rules.ingress) {
        if (!rulePeersMatch(r, policy.namespace, outside)) continue;
        const how = r.peers === null ? "from every source" : describePeer(r.peers.find((x) => peerMatches(x, policy.namespace, outside)));
        out.push({
          message: `NetworkPolicy ${policy.name} ingress rule ${r.pointer.split("/").pop()} admits traffic to ${group.app} ${how}; only ${gateway} may take traffic from outside the cluster`,
          object: policy.object,
          path: r.pointer,
        });
      }
    }
  }
  return out;
}

const labelIndexes = new WeakMap<PodGroup[], LabelIndex<PodGroup>>();

/** The pod groups of a namespace indexed by label (one index per namespace's group list). */
function podGroupLabels(objects: K8sObject[], ns: string): LabelIndex<PodGroup> {
  const groups = podGroups(objects, ns);
  let index = labelIndexes.get(groups);
  if (!index) labelIndexes.set(groups, (index = new LabelIndex(groups, (g) => g.labels)));
  return index;
}

function selectsOnlyGateway(service: K8sObject, objects: K8sObject[], ns: string, gateway: string): boolean {
  const selector = specOf<ServiceSpec>(service).selector;
  if (selector?.[APP_LABEL] === gateway) return true;
  const groups = podGroupLabels(objects, ns).matchingMap(selector);
  return groups.length > 0 && groups.every((g) => g.labels[APP_LABEL] === gateway);
}

function exposedServices(objects: K8sObject[], fallback: string, gateway: string, gatewayTypes: string[]): Violation[] {
  const out: Violation[] = [];
  for (const svc of objects) {
    if (svc.kind !== "Service") continue;
    const spec = specOf<ServiceSpec>(svc);
    const name = svc.metadata?.name ?? "";
    const ns = namespaceOf(svc, fallback);
    const exposedBy =
      typeof spec.type === "string" && EXPOSED_TYPES.includes(spec.type)
        ? { what: `type ${spec.type}`, path: "/spec/type" }
        : Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0
          ? { what: "externalIPs", path: "/spec/externalIPs" }
          : undefined;
    if (!exposedBy) continue;
    if (!selectsOnlyGateway(svc, objects, ns, gateway)) {
      out.push({
        message: `Service ${name} exposes its pods outside the cluster (${exposedBy.what}) but does not select the ${gateway} pods; only ${gateway} may be exposed`,
        object: svc,
        path: exposedBy.path,
      });
    } else if (exposedBy.path === "/spec/type" && !gatewayTypes.includes(String(spec.type))) {
      out.push({
        message: `Service ${name} exposes ${gateway} with type ${spec.type}; allowed types for the gateway: ${gatewayTypes.join(", ") || "none"}`,
        object: svc,
        path: exposedBy.path,
      });
    }
  }
  return out;
}

function ingressBackends(objects: K8sObject[], fallback: string, gateway: string): Violation[] {
  const out: Violation[] = [];
  for (const ing of objects) {
    if (ing.kind !== "Ingress") continue;
    const spec = specOf<IngressSpec>(ing);
    const ns = namespaceOf(ing, fallback);
    const backends: Array<{ backend: Partial<IngressBackend>; path: string }> = [];
    if (spec.defaultBackend) backends.push({ backend: spec.defaultBackend, path: "/spec/defaultBackend" });
    listOf(spec.rules).forEach((r, i) =>
      listOf(r?.http?.paths).forEach((p, j) => backends.push({ backend: p?.backend ?? {}, path: `/spec/rules/${i}/http/paths/${j}/backend` })),
    );
    for (const { backend, path } of backends) {
      const serviceName = backend?.service?.name;
      if (typeof serviceName !== "string") {
        out.push({
          message: `Ingress ${ing.metadata?.name} routes to a non-Service backend; only the ${gateway} Service may be an Ingress backend`,
          object: ing,
          path,
        });
        continue;
      }
      const svc = objects.find((o) => o.kind === "Service" && o.metadata?.name === serviceName && namespaceOf(o, fallback) === ns);
      const isGateway = svc ? selectsOnlyGateway(svc, objects, ns, gateway) : serviceName === gateway;
      const which = svc ? "which does not select" : "which is not rendered in this target and is not named after";
      if (!isGateway)
        out.push({
          message: `Ingress ${ing.metadata?.name} routes outside traffic to Service ${serviceName}, ${which} the ${gateway} pods; only ${gateway} may be an Ingress backend`,
          object: ing,
          path: `${path}/service/name`,
        });
    }
  }
  return out;
}

export const rule: TargetRule = {
  id: "network-only-gateway-external",
  title: "Only the gateway takes traffic from outside the cluster",
  category: "network",
  scope: "target",
  defaultSeverity: "error",
  rationale:
    "The gateway authenticates, rate-limits and routes every outside request; any other pod reachable from the ingress controller, an ipBlock, a LoadBalancer/NodePort Service or an Ingress backend is an unauthenticated side door.",
  fix: "Route outside traffic through the gateway: admit ingress-nginx / ipBlock peers only in the gateway's NetworkPolicy, and keep every other Service ClusterIP and out of Ingress backends.",
  kinds: ["NetworkPolicy", "Service", "Ingress"],
  params: {
    gatewayApp: { description: "app.kubernetes.io/name of the pods allowed to take outside traffic.", default: "gateway" },
    gatewayServiceTypes: { description: "Service types allowed for exposing the gateway (NodePort opens a port on every node).", default: ["LoadBalancer"] },
  },
  covers: { kubeScore: ["service-type"] },
  stricter: {
    kubeScore: {
      "service-type":
        "Also forbids LoadBalancer Services, ipBlock peers, ingress-controller peers and Ingress backends to anything but the gateway; kube-score's service-type flags NodePort Services only.",
    },
  },
  check(ctx: TargetContext) {
    const objects = targetIndex(ctx).objects;
    const fallback = defaultNamespace(ctx.target);
    const gateway = String(ctx.params.gatewayApp ?? "gateway");
    const types: string[] = Array.isArray(ctx.params.gatewayServiceTypes) ? ctx.params.gatewayServiceTypes : ["LoadBalancer"];
    return [
      ...namespacesWithPods(objects, fallback).flatMap((ns) => podsFromOutside(objects, ns, gateway)),
      ...exposedServices(objects, fallback, gateway, types),
      ...ingressBackends(objects, fallback, gateway),
    ];
  },
};
