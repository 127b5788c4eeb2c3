// The NetworkPolicies of a target, each with the pod groups of its namespace: what policy-vs-pod rules walk.
import type { K8sObject } from "../../types.ts";
import type { TargetContext } from "../types.ts";
import { namespaceOf, type PodGroup } from "../../network/endpoints.ts";
import { targetIndex } from "../index/target-index.ts";
import type { LabelIndex } from "../index/label-index.ts";
import { policyView } from "../../network/policies.ts";

export interface PolicyWithPods {
  object: K8sObject;
  policy: ReturnType<typeof policyView>;
  groups: PodGroup[];
  /** The namespace's pod groups indexed by label (the same groups as `groups`). */
  pods: LabelIndex<PodGroup>;
}

export function policiesWithPods(ctx: TargetContext): PolicyWithPods[] {
  const index = targetIndex(ctx);
  const fallback = index.fallbackNamespace;
  return index.ofKind("NetworkPolicy").map((object) => {
    const ns = namespaceOf(object, fallback);
    return { object, policy: policyView(object, fallback), groups: index.podGroups(ns), pods: index.podLabels(ns) };
  });
}
