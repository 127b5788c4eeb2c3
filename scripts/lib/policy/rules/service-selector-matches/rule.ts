import type { TargetRule, Violation } from "../../types.ts";
import type { K8sObject } from "../../../types.ts";
import { describeGroup, namespaceOf, type PodGroup } from "../../../network/endpoints.ts";
import { targetIndex, type TargetIndex } from "../../index/target-index.ts";

function hasOwnEndpoints(service: K8sObject, index: TargetIndex, ns: string): boolean {
  const name = service.metadata?.name;
  return (
    index.ofKind("Endpoints").some((o) => namespaceOf(o, ns) === ns && o.metadata?.name === name) ||
    index.ofKind("EndpointSlice").some((o) => namespaceOf(o, ns) === ns && o.metadata?.labels?.["kubernetes.io/service-name"] === name)
  );
}

/** Whether a Service port's targetPort (number or name) is a container port of the group's pods. */
function targetPortExists(group: PodGroup, target: number | string, protocol: string): boolean {
  return group.ports.some(
    (p) => p.protocol === protocol && (typeof target === "number" || /^\d+$/.test(target) ? p.port === Number(target) : p.name === target),
  );
}

function portViolations(service: K8sObject, groups: PodGroup[]): Violation[] {
  const out: Violation[] = [];
  const ports: any[] = Array.isArray((service.spec as any)?.ports) ? (service.spec as any).ports : [];
  ports.forEach((port, i) => {
    const target: number | string | undefined = port?.targetPort ?? port?.port;
    if (target === undefined) return;
    const protocol = String(port?.protocol ?? "TCP");
    const missing = groups.filter((g) => !targetPortExists(g, target, protocol));
    if (missing.length === 0) return;
    const field = port?.targetPort !== undefined ? "targetPort" : "port";
    const offered = [...new Set(missing.flatMap((g) => g.ports.map((p) => `${p.name ?? p.port}`)))];
    out.push({
      message: `Service ${service.metadata?.name} port ${port?.name ?? i} sends to ${field} ${target}/${protocol}, which is not a container port of ${missing.map(describeGroup).join(", ")} (${offered.length ? `ports: ${offered.join(", ")}` : "no container ports declared"})`,
      object: service,
      path: `/spec/ports/${i}/${field}`,
    });
  });
  return out;
}

export const rule: TargetRule = {
  id: "service-selector-matches",
  title: "Service selectors match pods and targetPorts exist on them",
  category: "network",
  scope: "target",
  defaultSeverity: "error",
  rationale:
    "A Service whose selector matches no pod, or whose targetPort is not a port the pods declare, has no working endpoints: callers get connection refused, usually after a label or port rename in one file but not the other.",
  fix: "Make spec.selector a subset of the pod template labels (app.kubernetes.io/name, instance) and point targetPort at a named containerPort (http, grpc, metrics).",
  kinds: ["Service"],
  covers: { kubeScore: ["service-targets-pod"], kubeLinter: ["dangling-service"] },
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
        });
        continue;
      }
      out.push(...portViolations(service, groups));
    }
    return out;
  },
};
