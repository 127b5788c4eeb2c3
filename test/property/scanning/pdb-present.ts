// The scanning version of the rule (before per-target indexes): the oracle of test/property/indexed-rules.test.ts.
import { maxReplicas, scalerFor, resolvedTemplate } from "./helpers.ts";
import type { TargetRule, Violation } from "../../../scripts/lib/policy/types.ts";
import type { K8sObject } from "../../../scripts/lib/types.ts";
import { scalersIn } from "../../../scripts/lib/policy/k8s/scaling.ts";
import { matchesSelector } from "../../../scripts/lib/policy/k8s/selectors.ts";

/** Controllers whose pods a node drain evicts (DaemonSet pods are skipped by drains). */
export const DISRUPTABLE_KINDS = ["Deployment", "StatefulSet", "ReplicaSet", "Rollout"];

export function budgetsFor(workload: K8sObject, objects: K8sObject[]): K8sObject[] {
  const labels = (resolvedTemplate(workload, objects)?.pod.metadata.labels ?? {}) as Record<string, string>;
  const ns = workload.metadata?.namespace ?? "";
  return objects.filter((o) => o.kind === "PodDisruptionBudget" && (o.metadata?.namespace ?? "") === ns && matchesSelector((o as any).spec?.selector, labels));
}

export const rule: TargetRule = {
  id: "pdb-present",
  title: "Workloads that run more than one replica have a PodDisruptionBudget",
  category: "reliability",
  scope: "target",
  defaultSeverity: "error",
  rationale:
    "Node upgrades and autoscaler scale-downs drain nodes; without a PodDisruptionBudget a drain may evict every replica of a service at once. It applies whenever the workload can run several replicas, including an HPA at its maximum.",
  fix: "Add a policy/v1 PodDisruptionBudget with maxUnavailable: 1 whose selector matches the workload's pod labels.",
  kinds: DISRUPTABLE_KINDS,
  check(ctx) {
    const objects = ctx.objects.map((lo) => lo.object);
    const scalers = scalersIn(objects);
    const out: Violation[] = [];
    for (const w of objects.filter((o) => DISRUPTABLE_KINDS.includes(o.kind) && resolvedTemplate(o, objects))) {
      const replicas = maxReplicas(w, scalers);
      if (replicas <= 1 || budgetsFor(w, objects).length > 0) continue;
      const scaler = scalerFor(w, scalers);
      const why = scaler ? `${scaler.scaler.kind} ${scaler.scaler.metadata?.name} scales it up to ${replicas}` : `it runs ${replicas} replicas`;
      const holder = resolvedTemplate(w, objects)!;
      const labelsPointer = holder.pod.pointer.replace(/\/spec$/, "/metadata/labels");
      out.push({
        message: `${w.kind} ${w.metadata?.name} has no PodDisruptionBudget selecting its pods, and ${why}`,
        object: holder.holder,
        path: labelsPointer,
      });
    }
    return out;
  },
};
