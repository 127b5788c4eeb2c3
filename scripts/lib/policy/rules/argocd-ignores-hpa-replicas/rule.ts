import type { RepoRule, Violation } from "../../types.ts";
import type { K8sObject } from "../../../types.ts";
import { deployersIn, deploys } from "../../k8s/argocd.ts";
import { groupOf, SCALABLE_KINDS, scalerFor, scalersIn } from "../../k8s/scaling.ts";

interface Managed {
  target: string;
  workload: K8sObject;
}

const RESPECT = "RespectIgnoreDifferences=true";

function ignoresReplicas(spec: Record<string, any>, w: K8sObject): boolean {
  return (spec.ignoreDifferences ?? []).some(
    (d: any) =>
      (d?.group ?? "") === groupOf(w.apiVersion) &&
      d?.kind === w.kind &&
      (!d.name || d.name === w.metadata?.name) &&
      (!d.namespace || d.namespace === w.metadata?.namespace) &&
      ((d.jsonPointers ?? []).includes("/spec/replicas") || (d.jqPathExpressions ?? []).includes(".spec.replicas")),
  );
}

export const rule: RepoRule = {
  id: "argocd-ignores-hpa-replicas",
  title: "Argo CD ignores spec.replicas of autoscaled workloads",
  category: "reliability",
  scope: "repo",
  defaultSeverity: "error",
  rationale:
    "If Argo CD compares spec.replicas of an autoscaled workload, every HPA scale-out shows as drift and self-heal scales the service back down mid-peak. ignoreDifferences hides the field from the diff; RespectIgnoreDifferences=true keeps the sync from writing it back.",
  fix: "In the Application (or the ApplicationSet template) add ignoreDifferences [{group: apps, kind: Deployment, jsonPointers: [/spec/replicas]}] for each autoscaled kind and syncOptions [RespectIgnoreDifferences=true].",
  kinds: ["Application", "ApplicationSet"],
  check(ctx) {
    const managed: Managed[] = [];
    for (const t of ctx.repo.targets) {
      if (t.status !== "ok" || (t.target.kind !== "game" && t.target.kind !== "overlay")) continue;
      const objects = t.objects.map((lo) => lo.object);
      const scalers = scalersIn(objects);
      for (const w of objects) if (SCALABLE_KINDS.includes(w.kind) && scalerFor(w, scalers)) managed.push({ target: t.target.path, workload: w });
    }
    const deployers = deployersIn(ctx.repo.targets.filter((t) => t.target.kind === "cluster"));
    const out: Violation[] = [];
    for (const d of deployers) {
      const deployed = managed.filter((m) => deploys(d, m.target));
      if (deployed.length === 0) continue;
      const name = `${d.object.kind} ${d.object.metadata?.name}`;
      const uncovered = new Map<string, string[]>();
      for (const m of deployed) {
        if (ignoresReplicas(d.spec, m.workload)) continue;
        const key = `${groupOf(m.workload.apiVersion) || "core"}/${m.workload.kind}`;
        uncovered.set(key, [...(uncovered.get(key) ?? []), `${m.workload.metadata?.name} (${m.target})`]);
      }
      for (const [kind, workloads] of [...uncovered.entries()].sort()) {
        out.push({
          message: `${name} deploys autoscaled ${kind} ${[...new Set(workloads)].join(", ")} without ignoreDifferences on /spec/replicas for that kind`,
          object: d.object,
          path: d.spec.ignoreDifferences ? `${d.base}/ignoreDifferences` : d.base,
        });
      }
      const options: unknown[] = d.spec.syncPolicy?.syncOptions ?? [];
      if (!options.includes(RESPECT)) {
        out.push({
          message: `${name} deploys autoscaled workloads but its syncOptions lack ${RESPECT}, so a sync writes spec.replicas back`,
          object: d.object,
          path: d.spec.syncPolicy?.syncOptions ? `${d.base}/syncPolicy/syncOptions` : d.spec.syncPolicy ? `${d.base}/syncPolicy` : d.base,
        });
      }
    }
    return out;
  },
};
