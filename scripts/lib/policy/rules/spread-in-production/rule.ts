import type { TargetRule, Violation } from "../../types.ts";
import { maxReplicas, scalersIn } from "../../k8s/scaling.ts";
import { matchesSelector } from "../../k8s/selectors.ts";
import { resolvedTemplate } from "../../k8s/workload-ref.ts";
import { DISRUPTABLE_KINDS } from "../pdb-present/rule.ts";
import type { PodAffinityTerm, PodSpec } from "kubernetes-types/core/v1.js";
import { listOf } from "../../k8s/typed.ts";

export const ZONE_KEY = "topology.kubernetes.io/zone";
export const HOST_KEY = "kubernetes.io/hostname";

/** A spread constraint or anti-affinity term only spreads replicas when its selector picks the workload's own pods. */
export function spreads(spec: Partial<PodSpec>, labels: Record<string, string>, keys: string[]): boolean {
  const spread = listOf(spec.topologySpreadConstraints).some((c) => keys.includes(c?.topologyKey) && matchesSelector(c.labelSelector, labels));
  const anti = spec.affinity?.podAntiAffinity;
  const terms: Array<Partial<PodAffinityTerm> | undefined> = [
    ...listOf(anti?.requiredDuringSchedulingIgnoredDuringExecution),
    ...listOf(anti?.preferredDuringSchedulingIgnoredDuringExecution).map((p) => p?.podAffinityTerm),
  ];
  const antiAffinity = terms.some((t) => typeof t?.topologyKey === "string" && keys.includes(t.topologyKey) && matchesSelector(t.labelSelector, labels));
  return spread || antiAffinity;
}

export const rule: TargetRule = {
  id: "spread-in-production",
  title: "Multi-replica production workloads spread across zones or nodes",
  category: "reliability",
  scope: "target",
  defaultSeverity: "error",
  rationale:
    "Replicas exist to survive failures; if the scheduler packs them onto one node or one zone, a single node or zone outage takes the whole service down anyway.",
  fix: `Add a topologySpreadConstraint on ${ZONE_KEY} (or a podAntiAffinity term on ${HOST_KEY}) whose labelSelector matches the workload's own pod labels.`,
  kinds: DISRUPTABLE_KINDS,
  environments: ["production"],
  params: { topologyKeys: { description: "Topology keys a spread constraint or anti-affinity term may use", default: [ZONE_KEY, HOST_KEY] } },
  check(ctx) {
    const keys: string[] = ctx.params.topologyKeys ?? [ZONE_KEY, HOST_KEY];
    const objects = ctx.objects.map((lo) => lo.object);
    const scalers = scalersIn(objects);
    const out: Violation[] = [];
    for (const w of objects.filter((o) => DISRUPTABLE_KINDS.includes(o.kind))) {
      const resolved = resolvedTemplate(w, objects);
      if (!resolved) continue;
      const pod = resolved.pod;
      const replicas = maxReplicas(w, scalers);
      if (replicas <= 1 || spreads(pod.spec, (pod.metadata.labels ?? {}) as Record<string, string>, keys)) continue;
      out.push({
        message: `${w.kind} ${w.metadata?.name} may run ${replicas} replicas in production with no topologySpreadConstraint or podAntiAffinity on ${keys.join(" or ")} selecting its own pods`,
        object: resolved.holder,
        path: pod.pointer,
      });
    }
    return out;
  },
};
