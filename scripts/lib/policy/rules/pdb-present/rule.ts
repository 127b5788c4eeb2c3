import type { TargetRule, Violation } from "../../types.ts";
import type { K8sObject } from "../../../types.ts";
import { maxReplicas, scalerFor, scalersIn } from "../../k8s/scaling.ts";
import { targetIndex, type TargetIndex } from "../../index/target-index.ts";
import { SelectorIndex } from "../../index/label-index.ts";
import { resolvedTemplate } from "../../k8s/workload-ref.ts";

/** Controllers whose pods a node drain evicts (DaemonSet pods are skipped by drains). */
export const DISRUPTABLE_KINDS = ["Deployment", "StatefulSet", "ReplicaSet", "Rollout"];

/** The budgets of one namespace indexed by selector, built once per namespace. */
function budgetIndex(index: TargetIndex): (namespace: string) => SelectorIndex<K8sObject> {
  const byNamespace = new Map<string, SelectorIndex<K8sObject>>();
  return (namespace) => {
    let budgets = byNamespace.get(namespace);
    if (!budgets) {
      const inNamespace = index.inNamespace(namespace).filter((o) => o.kind === "PodDisruptionBudget");
      byNamespace.set(namespace, (budgets = new SelectorIndex(inNamespace, (o) => (o as any).spec?.selector)));
    }
    return budgets;
  };
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
    const index = targetIndex(ctx);
    const objects = index.objects;
    const budgets = budgetIndex(index);
    const scalers = scalersIn(objects);
    const out: Violation[] = [];
    for (const w of objects.filter((o) => DISRUPTABLE_KINDS.includes(o.kind) && resolvedTemplate(o, objects))) {
      const replicas = maxReplicas(w, scalers);
      if (replicas <= 1) continue;
      const labels = (resolvedTemplate(w, objects)?.pod.metadata.labels ?? {}) as Record<string, string>;
      if (budgets(w.metadata?.namespace ?? "").selecting(labels).length > 0) continue;
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
