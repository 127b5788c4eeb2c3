// The scanning version of the rule (before per-target indexes): the oracle of test/property/indexed-rules.test.ts.
import { policiesWithPods } from "./helpers.ts";
import type { TargetRule, Violation } from "../../../scripts/lib/policy/types.ts";
import { matchesSelector } from "../../../scripts/lib/policy/k8s/selectors.ts";
import { type Direction } from "../../../scripts/lib/network/policies.ts";

export const rule: TargetRule = {
  id: "network-peer-selects-pods",
  title: "NetworkPolicy peers that name pods of the same namespace match a pod",
  category: "network",
  scope: "target",
  defaultSeverity: "error",
  rationale:
    "A from/to peer with only a podSelector refers to pods of the policy's own namespace; when it matches none, the flow it was written for is blocked and the rule is dead weight that hides the mistake.",
  fix: "Make the peer's podSelector match the pod template labels of the intended workload (app.kubernetes.io/name), or remove the peer.",
  kinds: ["NetworkPolicy"],
  covers: { kubeLinter: ["dangling-networkpolicypeer-podselector"] },
  check(ctx) {
    const out: Violation[] = [];
    for (const { object, policy, groups } of policiesWithPods(ctx)) {
      for (const direction of ["ingress", "egress"] as Direction[]) {
        const key = direction === "ingress" ? "from" : "to";
        for (const r of policy.rules[direction]) {
          (r.peers ?? []).forEach((peer, i) => {
            if (!peer.podSelector || peer.namespaceSelector || peer.ipBlock) return;
            if (groups.some((g) => matchesSelector(peer.podSelector, g.labels))) return;
            out.push({
              message: `NetworkPolicy ${policy.name} ${direction} rule ${r.pointer.split("/").pop()} names peer podSelector ${JSON.stringify(peer.podSelector)}, which matches no pod in ${policy.namespace}`,
              object,
              path: `${r.pointer}/${key}/${i}/podSelector`,
            });
          });
        }
      }
    }
    return out;
  },
};
