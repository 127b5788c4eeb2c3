import type { TargetRule, Violation } from "../../types.ts";
import { demands, QUOTA_KEYS, usage, type Demand, type QuotaResource } from "../../k8s/demand.ts";
import { formatBytes, formatCpu, parseQuantity } from "../../k8s/quantity.ts";

export function formatAmount(resource: QuotaResource, value: number): string {
  if (resource.endsWith(".cpu")) return formatCpu(Math.round(value * 1000) / 1000);
  if (resource.endsWith(".memory") || resource === "requests.storage") return formatBytes(value);
  return String(Math.round(value * 100) / 100);
}

function contributor(d: Demand, resource: QuotaResource): string {
  const perReplica = usage({ ...d, replicas: 1 }, resource);
  return `${d.object.kind} ${d.object.metadata?.name} ${d.replicas}×${formatAmount(resource, perReplica)}`;
}

export function pointerKey(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

export const rule: TargetRule = {
  id: "quota-fits-workloads",
  title: "Workloads at their autoscaler maxima fit the namespace ResourceQuota",
  category: "quotas",
  scope: "target",
  defaultSeverity: "error",
  rationale:
    "An HPA that may scale to 20 replicas in a namespace whose quota fits 8 fails silently at peak: the ReplicaSet cannot create pods and the game degrades exactly when players arrive. Summing max replicas × requests at review time catches it.",
  fix: "Raise the ResourceQuota (a bigger tier), lower the autoscaler maxima, or reduce requests so that the sum at max replicas fits.",
  kinds: ["ResourceQuota"],
  check(ctx) {
    const objects = ctx.objects.map((lo) => lo.object);
    const out: Violation[] = [];
    for (const quota of objects.filter((o) => o.kind === "ResourceQuota")) {
      const spec = (quota as any).spec ?? {};
      // Scoped quotas count only some pods (by priority class, QoS...); their subset is not modelled here.
      if ((spec.scopes ?? []).length > 0 || spec.scopeSelector) continue;
      const ns = quota.metadata?.namespace ?? "";
      const inNamespace = demands(objects.filter((o) => (o.metadata?.namespace ?? "") === ns));
      for (const [key, hardValue] of Object.entries((spec.hard ?? {}) as Record<string, unknown>)) {
        const resource = QUOTA_KEYS[key];
        const hard = parseQuantity(hardValue);
        if (!resource || hard === undefined) continue;
        const used = inNamespace.reduce((sum, d) => sum + usage(d, resource), 0);
        if (used <= hard * (1 + 1e-9)) continue;
        const biggest = inNamespace
          .filter((d) => usage(d, resource) > 0)
          .sort((a, b) => usage(b, resource) - usage(a, resource))
          .slice(0, 3)
          .map((d) => contributor(d, resource));
        out.push({
          message: `namespace ${ns || "(none)"} needs ${key} ${formatAmount(resource, used)} at max replicas but ResourceQuota ${quota.metadata?.name} allows ${formatAmount(resource, hard)} (biggest: ${biggest.join(", ")})`,
          object: quota,
          path: `/spec/hard/${pointerKey(key)}`,
        });
      }
    }
    return out;
  },
};
