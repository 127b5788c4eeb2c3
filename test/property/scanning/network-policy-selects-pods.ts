// The scanning version of the rule (before per-target indexes): the oracle of test/property/indexed-rules.test.ts.
import { policiesWithPods } from "./helpers.ts";
import type { TargetRule, Violation } from "../../../scripts/lib/policy/types.ts";
import { isEmptySelector, matchesSelector } from "../../../scripts/lib/policy/k8s/selectors.ts";

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
    for (const { object, policy, groups } of policiesWithPods(ctx)) {
      if (groups.some((g) => isEmptySelector(policy.podSelector) || matchesSelector(policy.podSelector, g.labels))) continue;
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
      });
    }
    return out;
  },
};
