// Argo Rollouts may borrow the pod template of a Deployment (spec.workloadRef) instead of carrying one: the pods are the
// Rollout's, the template is the Deployment's. Rules that count or inspect pods resolve the template here.
import type { K8sObject } from "../../types.ts";
import { groupOf } from "./scaling.ts";
import { Lookup } from "../index/lookup.ts";
import { podTemplate, type PodTemplateRef } from "./workloads.ts";

export interface ResolvedTemplate {
  pod: PodTemplateRef;
  /** The object whose document holds the template (the workload itself, or the Deployment a Rollout references). */
  holder: K8sObject;
}

const byName = new WeakMap<readonly K8sObject[], Lookup<K8sObject>>();

/** The object a Rollout's spec.workloadRef names, in the Rollout's namespace (the list is indexed by name once). */
export function referencedWorkload(object: K8sObject, objects: K8sObject[]): K8sObject | undefined {
  const ref = object.kind === "Rollout" ? (object as any).spec?.workloadRef : undefined;
  if (!ref?.name) return undefined;
  let lookup = byName.get(objects);
  if (!lookup) {
    lookup = new Lookup<K8sObject>();
    for (const o of objects) lookup.add([o.kind, o.metadata?.namespace ?? "", o.metadata?.name], o);
    byName.set(objects, lookup);
  }
  return lookup
    .get([ref.kind ?? "Deployment", object.metadata?.namespace ?? "", ref.name])
    .find((o) => ref.apiVersion === undefined || groupOf(o.apiVersion) === groupOf(ref.apiVersion));
}

/** The pod template a workload's pods are made from, following a Rollout's workloadRef. */
export function resolvedTemplate(object: K8sObject, objects: K8sObject[]): ResolvedTemplate | undefined {
  const own = podTemplate(object);
  if (own) return { pod: own, holder: object };
  const target = referencedWorkload(object, objects);
  const borrowed = target ? podTemplate(target) : undefined;
  return borrowed && target ? { pod: borrowed, holder: target } : undefined;
}
