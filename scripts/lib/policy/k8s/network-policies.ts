// The NetworkPolicies of a target, each with the pod groups of its namespace: what policy-vs-pod rules walk.
import type { K8sObject } from "../../types.ts";
import type { TargetContext } from "../types.ts";
import { defaultNamespace } from "./namespaces.ts";
import { namespaceOf, podGroupLookup, type PodGroup } from "../../network/endpoints.ts";
import { policyView } from "../../network/policies.ts";

export interface PolicyWithPods {
  object: K8sObject;
  policy: ReturnType<typeof policyView>;
  groups: PodGroup[];
}

export function policiesWithPods(ctx: TargetContext): PolicyWithPods[] {
  const objects = ctx.objects.map((lo) => lo.object);
  const fallback = defaultNamespace(ctx.target);
  const groupsIn = podGroupLookup(objects);
  return objects
    .filter((o) => o.kind === "NetworkPolicy")
    .map((object) => ({ object, policy: policyView(object, fallback), groups: groupsIn(namespaceOf(object, fallback)) }));
}
