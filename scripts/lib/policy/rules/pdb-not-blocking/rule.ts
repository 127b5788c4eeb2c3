import type { TargetRule, Violation } from "../../types.ts";
import type { K8sObject } from "../../../types.ts";
import { minReplicas, scalersIn } from "../../k8s/scaling.ts";
import { targetIndex, type TargetIndex } from "../../index/target-index.ts";
import { LabelIndex } from "../../index/label-index.ts";
import { resolvedTemplate } from "../../k8s/workload-ref.ts";
import type { PodDisruptionBudgetSpec } from "kubernetes-types/policy/v1.js";
import { specOf } from "../../k8s/typed.ts";

/** An int-or-percent value: { percent } for "40%", { count } for 2 or "2"; undefined when neither. */
function intOrPercent(value: unknown): { count?: number; percent?: number } | undefined {
  if (typeof value === "number" && Number.isInteger(value)) return { count: value };
  if (typeof value !== "string") return undefined;
  const m = /^(\d+)(%?)$/.exec(value.trim());
  if (!m) return undefined;
  return m[2] ? { percent: Number(m[1]) } : { count: Number(m[1]) };
}

/** The workloads of one namespace (pod template owners, PodTemplates aside) indexed by pod label, built once per namespace. */
function workloadIndex(index: TargetIndex): (namespace: string) => LabelIndex<{ object: K8sObject; labels: Record<string, string> }> {
  const byNamespace = new Map<string, LabelIndex<{ object: K8sObject; labels: Record<string, string> }>>();
  return (namespace) => {
    let workloads = byNamespace.get(namespace);
    if (!workloads) {
      const items = index.inNamespace(namespace).flatMap((o) => {
        const pod = o.kind === "PodTemplate" ? undefined : resolvedTemplate(o, index.objects)?.pod;
        return pod ? [{ object: o, labels: (pod.metadata.labels ?? {}) as Record<string, string> }] : [];
      });
      byNamespace.set(namespace, (workloads = new LabelIndex(items, (w) => w.labels)));
    }
    return workloads;
  };
}

export const rule: TargetRule = {
  id: "pdb-not-blocking",
  title: "PodDisruptionBudgets allow at least one voluntary disruption",
  category: "reliability",
  scope: "target",
  defaultSeverity: "error",
  rationale:
    "A budget of maxUnavailable 0, or minAvailable equal to the replica count (or 100%), never allows an eviction: node drains hang, cluster upgrades stall and the cluster autoscaler cannot remove nodes.",
  fix: "Use maxUnavailable: 1 (or a minAvailable below the workload's minimum replica count).",
  kinds: ["PodDisruptionBudget"],
  covers: { kubeLinter: ["pdb-max-unavailable", "pdb-min-available"] },
  check(ctx) {
    const index = targetIndex(ctx);
    const workloadsIn = workloadIndex(index);
    const scalers = scalersIn(index.objects);
    const out: Violation[] = [];
    for (const pdb of index.ofKind("PodDisruptionBudget")) {
      const spec = specOf<PodDisruptionBudgetSpec>(pdb);
      const name = `PodDisruptionBudget ${pdb.metadata?.name}`;
      const maxUnavailable = intOrPercent(spec.maxUnavailable);
      if (maxUnavailable && (maxUnavailable.count ?? maxUnavailable.percent) === 0) {
        out.push({
          message: `${name} sets maxUnavailable ${JSON.stringify(spec.maxUnavailable)}: no pod may ever be evicted`,
          object: pdb,
          path: "/spec/maxUnavailable",
        });
        continue;
      }
      const minAvailable = intOrPercent(spec.minAvailable);
      if (!minAvailable) continue;
      if (minAvailable.percent !== undefined && minAvailable.percent >= 100) {
        out.push({ message: `${name} sets minAvailable ${spec.minAvailable}: no pod may ever be evicted`, object: pdb, path: "/spec/minAvailable" });
        continue;
      }
      const workloads = workloadsIn(pdb.metadata?.namespace ?? "")
        .matching(spec.selector)
        .map((w) => w.object);
      if (workloads.length === 0) continue;
      const replicas = workloads.reduce((n, w) => n + minReplicas(w, scalers), 0);
      // The disruption controller rounds a minAvailable percentage up.
      const required = minAvailable.count ?? Math.ceil((replicas * minAvailable.percent!) / 100);
      if (required < replicas) continue;
      const names = workloads.map((w) => `${w.kind} ${w.metadata?.name}`).join(", ");
      out.push({
        message: `${name} requires ${required} available pods (minAvailable ${spec.minAvailable}) but ${names} normally run${workloads.length === 1 ? "s" : ""} ${replicas}: no pod may be evicted`,
        object: pdb,
        path: "/spec/minAvailable",
      });
    }
    return out;
  },
};
