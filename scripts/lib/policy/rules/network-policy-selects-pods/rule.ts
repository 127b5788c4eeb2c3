import type { TargetRule, Violation } from "../../types.ts";
import { entriesNoneHas, isEmptySelector } from "../../k8s/selectors.ts";
import { policiesWithPods } from "../../k8s/network-policies.ts";

export const rule: TargetRule = {
  id: "network-policy-selects-pods",
  title: "Every NetworkPolicy selects at least one pod of its namespace",
  category: "network",
  scope: "target",
  defaultSeverity: "error",
  rationale:
    "A NetworkPolicy whose podSelector matches no pod protects nothing: usually a label typo, which leaves the pods it was meant for open while the review shows a policy in place.",
  fix: "Make spec.podSelector match the pod template labels of the workload it protects (app.kubernetes.io/name), or delete the policy.",
  kinds: ["NetworkPolicy"],
  covers: { kubeScore: ["networkpolicy-targets-pod"], kubeLinter: ["dangling-networkpolicy"] },
  check(ctx) {
    const out: Violation[] = [];
    for (const { object, policy, groups, pods } of policiesWithPods(ctx)) {
      if (isEmptySelector(policy.podSelector) ? groups.length > 0 : pods.anyMatching(policy.podSelector)) continue;
      const selector = JSON.stringify(policy.podSelector);
      const where =
        groups.length === 0
          ? `namespace ${policy.namespace} has no pods in ${ctx.target.path}`
          : `pod labels in ${policy.namespace}: ${groups
              .slice(0, 3)
              .map((g) => JSON.stringify(g.labels))
              .join(", ")}${groups.length > 3 ? ", ..." : ""}`;
      out.push({
        message: `NetworkPolicy ${policy.name} selects no pod: podSelector ${selector} matches no pod template (${where})`,
        object,
        path: "/spec/podSelector",
        causes: entriesNoneHas(
          policy.podSelector,
          groups.map((g) => g.labels),
        ).map((m) => ({ object, path: `/spec/podSelector${m}` })),
      });
    }
    return out;
  },
};
