import type { TargetRule, Violation } from "../../types.ts";
import { defaultNamespace } from "../../k8s/namespaces.ts";
import { matchesSelector } from "../../k8s/selectors.ts";
import { namespaceOf, podGroupLookup } from "../../../network/endpoints.ts";
import { policyView, type Direction } from "../../../network/policies.ts";

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
    const objects = ctx.objects.map((lo) => lo.object);
    const fallback = defaultNamespace(ctx.target);
    const groupsIn = podGroupLookup(objects);
    const out: Violation[] = [];
    for (const object of objects) {
      if (object.kind !== "NetworkPolicy") continue;
      const policy = policyView(object, fallback);
      const groups = groupsIn(namespaceOf(object, fallback));
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
