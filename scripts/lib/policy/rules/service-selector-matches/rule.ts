import type { TargetRule, Violation } from "../../types.ts";
import type { K8sObject } from "../../../types.ts";
import { describeGroup, namespaceOf, type PodGroup } from "../../../network/endpoints.ts";
import { targetIndex, type TargetIndex } from "../../index/target-index.ts";
import { entriesNoneHas } from "../../k8s/selectors.ts";

function hasOwnEndpoints(service: K8sObject, index: TargetIndex, ns: string): boolean {
  const name = service.metadata?.name;
  return (
    index.ofKind("Endpoints").some((o) => namespaceOf(o, ns) === ns && o.metadata?.name === name) ||
    index.ofKind("EndpointSlice").some((o) => namespaceOf(o, ns) === ns && o.metadata?.labels?.["kubernetes.io/service-name"] === name)
  );
}

/** A numeric targetPort (or one left to default to `port`) reaches the pod whether or not a containerPort declares it. */
const isPortNumber = (target: unknown): boolean => typeof target === "number" || (typeof target === "string" && /^\d+$/.test(target));

/** Named targetPorts must name a container port of every selected pod group, with the Service port's protocol. */
function portViolations(service: K8sObject, groups: PodGroup[]): Violation[] {
  const out: Violation[] = [];
  const spec = service.spec as { ports?: unknown } | undefined;
  const ports = Array.isArray(spec?.ports) ? (spec.ports as Array<{ name?: string; port?: number; targetPort?: unknown; protocol?: string }>) : [];
  ports.forEach((port, i) => {
    const target = port?.targetPort;
    if (typeof target !== "string" || isPortNumber(target)) return;
    const protocol = typeof port.protocol === "string" ? port.protocol : "TCP";
    const missing = groups.filter((g) => !g.ports.some((p) => p.protocol === protocol && p.name === target));
    if (missing.length === 0) return;
    const offered = [...new Set(missing.flatMap((g) => g.ports.filter((p) => p.name).map((p) => `${p.name}`)))];
    out.push({
      message: `Service ${service.metadata?.name} port ${port.name ?? port.port ?? "(unnamed)"} sends to targetPort ${target}/${protocol}, which is not a named container port of ${missing.map(describeGroup).join(", ")} (${offered.length ? `named ports: ${offered.join(", ")}` : "no named container ports"})`,
      object: service,
      path: `/spec/ports/${i}/targetPort`,
    });
  });
  return out;
}

export const rule: TargetRule = {
  id: "service-selector-matches",
  title: "Service selectors match pods and named targetPorts exist on them",
  category: "network",
  scope: "target",
  defaultSeverity: "error",
  rationale:
    "A Service whose selector matches no pod, or whose named targetPort is not a port name the pods declare, has no working endpoints: callers get connection refused, usually after a label or port rename in one file but not the other. A numeric targetPort reaches the pod whether or not a containerPort declares it, as in Kubernetes.",
  fix: "Make spec.selector a subset of the pod template labels (app.kubernetes.io/name, instance), and make a named targetPort match a containerPort name (http, grpc, metrics) with the same protocol.",
  kinds: ["Service"],
  covers: { kubeScore: ["service-targets-pod"], kubeLinter: ["dangling-service"] },
  stricter: {
    kubeScore: {
      "service-targets-pod":
        "Also requires a named targetPort to name a containerPort of the selected pods, with the Service port's protocol; kube-score checks the selector only.",
    },
    kubeLinter: {
      "dangling-service":
        "Also requires a named targetPort to name a containerPort of the selected pods, with the Service port's protocol; kube-linter checks the selector only.",
    },
  },
  check(ctx) {
    const index = targetIndex(ctx);
    const fallback = index.fallbackNamespace;
    const out: Violation[] = [];
    for (const service of index.ofKind("Service")) {
      const spec = (service.spec as Record<string, any>) ?? {};
      if (spec.type === "ExternalName") continue;
      const ns = namespaceOf(service, fallback);
      const selector = spec.selector as Record<string, string> | undefined;
      if (!selector || Object.keys(selector).length === 0) {
        if (!hasOwnEndpoints(service, index, ns))
          out.push({
            message: `Service ${service.metadata?.name} has no selector and no Endpoints/EndpointSlice of its own in ${ctx.target.path}: it routes nowhere`,
            object: service,
            path: "/spec",
          });
        continue;
      }
      const groups = index.podLabels(ns).matchingMap(selector);
      if (groups.length === 0) {
        out.push({
          message: `Service ${service.metadata?.name} selector ${JSON.stringify(selector)} matches no pod template in ${ns}`,
          object: service,
          path: "/spec/selector",
          causes: entriesNoneHas(
            { matchLabels: selector },
            index.podGroups(ns).map((g) => g.labels),
          ).map((m) => ({ object: service, path: `/spec/selector${m.replace(/^\/matchLabels/, "")}` })),
        });
        continue;
      }
      out.push(...portViolations(service, groups));
    }
    return out;
  },
};
