// The scanning version of the rule (before per-target indexes): the oracle of test/property/indexed-rules.test.ts.
import type { TargetRule, Violation } from "../../../scripts/lib/policy/types.ts";
import type { K8sObject } from "../../../scripts/lib/types.ts";

const NEEDED = ["ResourceQuota", "LimitRange"] as const;

export const rule: TargetRule = {
  id: "namespace-quota-present",
  title: "Each game namespace has a ResourceQuota and a LimitRange",
  category: "quotas",
  scope: "target",
  defaultSeverity: "error",
  rationale:
    "A game namespace without a ResourceQuota can consume a shared cluster without bound, and without a LimitRange a container that forgets its requests gets none, defeating the quota and the scheduler.",
  fix: "Include the game's tier Component (base/components/tier-*) in the game's kustomization: it ships a ResourceQuota and a LimitRange.",
  kinds: [],
  check(ctx) {
    if (ctx.target.kind !== "game" || !ctx.target.game) return [];
    const objects = ctx.objects.map((lo) => lo.object);
    const namespaces = new Set<string>([`gaia-${ctx.target.game}`]);
    for (const o of objects) if (o.kind !== "Namespace" && o.metadata?.namespace) namespaces.add(o.metadata.namespace);
    const out: Violation[] = [];
    for (const ns of [...namespaces].sort()) {
      const inNamespace = objects.filter((o) => o.metadata?.namespace === ns || (o.kind === "Namespace" && o.metadata?.name === ns));
      if (inNamespace.length === 0) continue;
      const anchor: K8sObject = inNamespace.find((o) => o.kind === "Namespace") ?? inNamespace[0];
      const missing = NEEDED.filter((kind) => !inNamespace.some((o) => o.kind === kind));
      if (missing.length === 0) continue;
      out.push({
        message: `namespace ${ns} of game ${ctx.target.game} has no ${missing.join(" and no ")} in ${ctx.target.path}`,
        object: anchor,
        path: anchor.kind === "Namespace" ? "/metadata/name" : "/metadata/namespace",
      });
    }
    return out;
  },
};
