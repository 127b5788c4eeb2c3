// The scanning version of the rule (before per-target indexes): the oracle of test/property/indexed-rules.test.ts.
import { minReplicas, resolvedTemplate } from "./helpers.ts";
import type { TargetRule, Violation } from "../../../scripts/lib/policy/types.ts";
import type { K8sObject } from "../../../scripts/lib/types.ts";
import { scalersIn } from "../../../scripts/lib/policy/k8s/scaling.ts";
import { matchesSelector } from "../../../scripts/lib/policy/k8s/selectors.ts";

/** An int-or-percent value: { percent } for "40%", { count } for 2 or "2"; undefined when neither. */
function intOrPercent(value: unknown): { count?: number; percent?: number } | undefined {
  if (typeof value === "number" && Number.isInteger(value)) return { count: value };
  if (typeof value !== "string") return undefined;
  const m = /^(\d+)(%?)$/.exec(value.trim());
  if (!m) return undefined;
  return m[2] ? { percent: Number(m[1]) } : { count: Number(m[1]) };
}

function selectedWorkloads(pdb: K8sObject, objects: K8sObject[]): K8sObject[] {
  const ns = pdb.metadata?.namespace ?? "";
  return objects.filter((o) => {
    const pod = o.kind === "PodTemplate" ? undefined : resolvedTemplate(o, objects)?.pod;
    return pod && (o.metadata?.namespace ?? "") === ns && matchesSelector((pdb as any).spec?.selector, (pod.metadata.labels ?? {}) as Record<string, string>);
  });
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
    const objects = ctx.objects.map((lo) => lo.object);
    const scalers = scalersIn(objects);
    const out: Violation[] = [];
    for (const pdb of objects.filter((o) => o.kind === "PodDisruptionBudget")) {
      const spec = (pdb as any).spec ?? {};
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
      const workloads = selectedWorkloads(pdb, objects);
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
