import type { TargetRule, Violation } from "../../types.ts";
import { type Direction } from "../../../network/policies.ts";
import { policiesWithPods } from "../../k8s/network-policies.ts";
import { entriesNoneHas } from "../../k8s/selectors.ts";

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
    for (const { object, policy, groups, pods } of policiesWithPods(ctx)) {
      for (const direction of ["ingress", "egress"] as Direction[]) {
        const key = direction === "ingress" ? "from" : "to";
        for (const r of policy.rules[direction]) {
          (r.peers ?? []).forEach((peer, i) => {
            if (!peer.podSelector || peer.namespaceSelector || peer.ipBlock) return;
            if (pods.anyMatching(peer.podSelector)) return;
            out.push({
              message: `NetworkPolicy ${policy.name} ${direction} rule ${r.pointer.split("/").pop()} names peer podSelector ${JSON.stringify(peer.podSelector)}, which matches no pod in ${policy.namespace}`,
              object,
              path: `${r.pointer}/${key}/${i}/podSelector`,
              causes: entriesNoneHas(
                peer.podSelector,
                groups.map((g) => g.labels),
              ).map((m) => ({ object, path: `${r.pointer}/${key}/${i}/podSelector${m}` })),
            });
          });
        }
      }
    }
    return out;
  },
};
