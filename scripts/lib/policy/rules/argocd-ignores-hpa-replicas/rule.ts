import type { RepoRule, RepoViolation as Violation } from "../../types.ts";
import { deployersOf, deploysTarget, type WorkloadFacts } from "../../summary.ts";

interface Managed {
  target: string;
  workload: WorkloadFacts;
}

const RESPECT = "RespectIgnoreDifferences=true";

function ignoresReplicas(ignoreDifferences: unknown[], w: WorkloadFacts): boolean {
  return ignoreDifferences.some(
    (d: any) =>
      (d?.group ?? "") === w.group &&
      d?.kind === w.kind &&
      (!d.name || d.name === w.name) &&
      (!d.namespace || d.namespace === w.namespace) &&
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
    for (const t of ctx.repo.summaries) {
      if (t.status !== "ok" || (t.target.kind !== "game" && t.target.kind !== "overlay")) continue;
      for (const workload of t.autoscaled) managed.push({ target: t.target.path, workload });
    }
    const deployers = deployersOf(ctx.repo.summaries.filter((t) => t.target.kind === "cluster" && t.status === "ok"));
    const out: Violation[] = [];
    for (const d of deployers) {
      const deployed = managed.filter((m) => deploysTarget(d, m.target));
      if (deployed.length === 0) continue;
      const name = `${d.object.ref.kind} ${d.object.ref.name}`;
      const uncovered = new Map<string, string[]>();
      for (const m of deployed) {
        if (ignoresReplicas(d.ignoreDifferences, m.workload)) continue;
        const key = `${m.workload.group || "core"}/${m.workload.kind}`;
        uncovered.set(key, [...(uncovered.get(key) ?? []), `${m.workload.name} (${m.target})`]);
      }
      const hasIgnore = d.object.sources[`${d.base}/ignoreDifferences`] !== undefined;
      for (const [kind, workloads] of [...uncovered.entries()].sort()) {
        out.push({
          message: `${name} deploys autoscaled ${kind} ${[...new Set(workloads)].join(", ")} without ignoreDifferences on /spec/replicas for that kind`,
          object: d.object,
          path: hasIgnore ? `${d.base}/ignoreDifferences` : d.base,
        });
      }
      const options = d.syncOptions ?? [];
      if (!options.includes(RESPECT)) {
        out.push({
          message: `${name} deploys autoscaled workloads but its syncOptions lack ${RESPECT}, so a sync writes spec.replicas back`,
          object: d.object,
          path: d.syncOptions ? `${d.base}/syncPolicy/syncOptions` : d.hasSyncPolicy ? `${d.base}/syncPolicy` : d.base,
        });
      }
    }
    return out;
  },
};
