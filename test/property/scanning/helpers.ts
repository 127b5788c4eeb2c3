// Scanning versions of the helpers the indexed rules use: every lookup walks the whole object list. The oracles the
// property test compares the indexed rules with.
import type { K8sObject } from "../../../scripts/lib/types.ts";
import type { TargetContext } from "../../../scripts/lib/policy/types.ts";
import { declaredReplicas, groupOf, targets, type ScalerRef } from "../../../scripts/lib/policy/k8s/scaling.ts";
import { podTemplate } from "../../../scripts/lib/policy/k8s/workloads.ts";
import type { ResolvedTemplate } from "../../../scripts/lib/policy/k8s/workload-ref.ts";
import { defaultNamespace } from "../../../scripts/lib/policy/k8s/namespaces.ts";
import { namespaceOf, scanPodGroups as podGroups, type PodGroup } from "../../../scripts/lib/network/endpoints.ts";
import { policyView } from "../../../scripts/lib/network/policies.ts";

export function scalerFor(object: K8sObject, scalers: ScalerRef[]): ScalerRef | undefined {
  return scalers.filter((s) => targets(s, object)).sort((a, b) => b.max - a.max)[0];
}

export function maxReplicas(object: K8sObject, scalers: ScalerRef[]): number {
  const scaler = scalerFor(object, scalers);
  return scaler ? scaler.max : declaredReplicas(object);
}

export function minReplicas(object: K8sObject, scalers: ScalerRef[]): number {
  const scaler = scalerFor(object, scalers);
  return scaler ? scaler.min : declaredReplicas(object);
}

export function referencedWorkload(object: K8sObject, objects: K8sObject[]): K8sObject | undefined {
  const ref = object.kind === "Rollout" ? (object as any).spec?.workloadRef : undefined;
  if (!ref?.name) return undefined;
  const ns = object.metadata?.namespace ?? "";
  return objects.find(
    (o) =>
      o.kind === (ref.kind ?? "Deployment") &&
      o.metadata?.name === ref.name &&
      (o.metadata?.namespace ?? "") === ns &&
      (ref.apiVersion === undefined || groupOf(o.apiVersion) === groupOf(ref.apiVersion)),
  );
}

export function resolvedTemplate(object: K8sObject, objects: K8sObject[]): ResolvedTemplate | undefined {
  const own = podTemplate(object);
  if (own) return { pod: own, holder: object };
  const target = referencedWorkload(object, objects);
  const borrowed = target ? podTemplate(target) : undefined;
  return borrowed && target ? { pod: borrowed, holder: target } : undefined;
}

export function podGroupLookup(objects: K8sObject[]): (namespace: string) => PodGroup[] {
  return (namespace) => podGroups(objects, namespace);
}

export function policiesWithPods(ctx: TargetContext) {
  const objects = ctx.objects.map((lo) => lo.object);
  const fallback = defaultNamespace(ctx.target);
  return objects
    .filter((o) => o.kind === "NetworkPolicy")
    .map((object) => ({ object, policy: policyView(object, fallback), groups: podGroups(objects, namespaceOf(object, fallback)) }));
}
