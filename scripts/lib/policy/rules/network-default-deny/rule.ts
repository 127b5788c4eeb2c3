import { targetIndex } from "../../index/target-index.ts";
import type { TargetRule, Violation } from "../../types.ts";
import type { K8sObject } from "../../../types.ts";
import { defaultNamespace } from "../../k8s/namespaces.ts";
import { isEmptySelector, selectorMisses } from "../../k8s/selectors.ts";
import { namespacesWithPods, podGroups } from "../../../network/endpoints.ts";
import { networkPolicies, type PolicyView } from "../../../network/policies.ts";
import type { NetworkPolicySpec } from "kubernetes-types/networking/v1.js";
import { specOf } from "../../k8s/typed.ts";

/** Why a select-all policy is not a default-deny, with the pointer of the field at fault; undefined when it is one. */
function shortfall(p: PolicyView): { why: string; path: string } | undefined {
  const spec = specOf<NetworkPolicySpec>(p.object);
  const missing = (["ingress", "egress"] as const).filter((d) => !p.types[d]).map((d) => (d === "ingress" ? "Ingress" : "Egress"));
  if (missing.length > 0)
    return { why: `its policyTypes lack ${missing.join(" and ")}, so that direction stays open`, path: spec.policyTypes ? "/spec/policyTypes" : "/spec" };
  for (const d of ["ingress", "egress"] as const) {
    if (p.rules[d].length > 0) return { why: `it has ${d} rules, so it allows traffic instead of denying it`, path: `/spec/${d}` };
  }
  return undefined;
}

export const rule: TargetRule = {
  id: "network-default-deny",
  title: "Each namespace with pods has a default-deny NetworkPolicy for ingress and egress",
  category: "network",
  scope: "target",
  defaultSeverity: "error",
  rationale:
    "Pods that no NetworkPolicy selects accept traffic from, and send traffic to, anything in the cluster and beyond; a default-deny makes every flow an explicit, reviewable allow rule.",
  fix: "Add a NetworkPolicy with `podSelector: {}`, `policyTypes: [Ingress, Egress]` and no ingress/egress rules to the namespace (base/components ship one), then allow the declared flows on top of it.",
  kinds: ["NetworkPolicy"],
  covers: { kubeScore: ["pod-networkpolicy"], kubeLinter: ["non-isolated-pod"] },
  stricter: {
    kubeScore: {
      "pod-networkpolicy":
        "Requires a default-deny policy for ingress and egress in the namespace; kube-score passes a pod that any policy covering both directions selects.",
    },
    kubeLinter: {
      "non-isolated-pod": "Requires a default-deny policy for ingress and egress in the namespace; kube-linter passes a pod that any NetworkPolicy selects.",
    },
  },
  check(ctx) {
    const objects = targetIndex(ctx).objects;
    const fallback = defaultNamespace(ctx.target);
    const out: Violation[] = [];
    for (const ns of namespacesWithPods(objects, fallback)) {
      const selectAll = networkPolicies(objects, ns).filter((p) => isEmptySelector(p.podSelector));
      if (selectAll.some((p) => shortfall(p) === undefined)) continue;
      // A rule-less policy for both directions that one podSelector entry keeps from selecting all: when a transformer
      // wrote that entry, it turned the default-deny into a policy for some pods.
      const causes = networkPolicies(objects, ns)
        .filter((p) => shortfall(p) === undefined)
        .map((p) => ({ object: p.object, entries: selectorMisses(p.podSelector, {}) }))
        .filter((p) => p.entries.length === 1)
        .map((p) => ({ object: p.object, path: `/spec/podSelector${p.entries[0]}` }));
      // The policy meant as the default-deny is the select-all one without rules (allow-dns also selects all).
      const nearMiss = selectAll.find((p) => p.rules.ingress.length === 0 && p.rules.egress.length === 0) ?? selectAll[0];
      if (nearMiss) {
        const s = shortfall(nearMiss)!;
        out.push({
          message: `NetworkPolicy ${nearMiss.name} in ${ns} selects every pod but is not a default-deny: ${s.why}`,
          object: nearMiss.object,
          path: s.path,
          causes,
        });
        continue;
      }
      const groups = podGroups(objects, ns);
      const anchor: K8sObject = groups[0].object;
      const names = groups
        .slice(0, 4)
        .map((g) => `${g.object.kind} ${g.object.metadata?.name ?? ""}`)
        .join(", ");
      out.push({
        message: `namespace ${ns} runs pods (${names}${groups.length > 4 ? ", ..." : ""}) but has no default-deny NetworkPolicy (podSelector {}, policyTypes [Ingress, Egress], no rules)`,
        object: anchor,
        path: "/metadata",
        causes,
      });
    }
    return out;
  },
};
