// Autoscalers (HorizontalPodAutoscaler, KEDA ScaledObject) and the replica counts they imply for the workloads they target.
import { Lookup } from "../index/lookup.ts";
import type { K8sObject } from "../../types.ts";

export const SCALER_KINDS = ["HorizontalPodAutoscaler", "ScaledObject"];

/** Workload kinds whose replica count an autoscaler can own. */
export const SCALABLE_KINDS = ["Deployment", "StatefulSet", "ReplicaSet", "Rollout", "ReplicationController"];

export interface ScalerRef {
  scaler: K8sObject;
  kind: string;
  name: string;
  /** API group of the target ("" for the core group); undefined when the reference names none. */
  group?: string;
  min: number;
  max: number;
  /** JSON pointers of the bounds inside the scaler. */
  minPointer: string;
  maxPointer: string;
  refPointer: string;
}

export function groupOf(apiVersion: unknown): string {
  const s = typeof apiVersion === "string" ? apiVersion : "";
  return s.includes("/") ? s.split("/")[0] : "";
}

function integer(value: unknown, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}

/** The target and bounds of an HPA or ScaledObject; undefined for other kinds. */
export function scalerRef(object: K8sObject): ScalerRef | undefined {
  const spec = (object as any).spec ?? {};
  const ref = spec.scaleTargetRef ?? {};
  if (object.kind === "HorizontalPodAutoscaler") {
    return {
      scaler: object,
      kind: String(ref.kind ?? ""),
      name: String(ref.name ?? ""),
      group: ref.apiVersion === undefined ? undefined : groupOf(ref.apiVersion),
      min: integer(spec.minReplicas, 1),
      max: integer(spec.maxReplicas, 0),
      minPointer: "/spec/minReplicas",
      maxPointer: "/spec/maxReplicas",
      refPointer: "/spec/scaleTargetRef",
    };
  }
  if (object.kind === "ScaledObject") {
    // KEDA defaults: kind Deployment in apps/v1, minReplicaCount 0, maxReplicaCount 100.
    return {
      scaler: object,
      kind: String(ref.kind ?? "Deployment"),
      name: String(ref.name ?? ""),
      group: groupOf(ref.apiVersion ?? "apps/v1"),
      min: integer(spec.minReplicaCount, 0),
      max: integer(spec.maxReplicaCount, 100),
      minPointer: "/spec/minReplicaCount",
      maxPointer: "/spec/maxReplicaCount",
      refPointer: "/spec/scaleTargetRef",
    };
  }
  return undefined;
}

export function scalersIn(objects: K8sObject[]): ScalerRef[] {
  return objects.map(scalerRef).filter((s): s is ScalerRef => !!s);
}

/** True when the scaler's reference names this object (same namespace, kind, name and, when given, group). */
export function targets(ref: ScalerRef, object: K8sObject): boolean {
  if (ref.kind !== object.kind || ref.name !== object.metadata?.name) return false;
  if ((ref.scaler.metadata?.namespace ?? "") !== (object.metadata?.namespace ?? "")) return false;
  return ref.group === undefined || ref.group === groupOf(object.apiVersion);
}

const byTarget = new WeakMap<readonly ScalerRef[], Lookup<ScalerRef>>();

/** The autoscalers of a list that name this object, in list order; the list is indexed by kind, namespace and name once. */
export function scalersOf(object: K8sObject, scalers: readonly ScalerRef[]): ScalerRef[] {
  let lookup = byTarget.get(scalers);
  if (!lookup) {
    lookup = new Lookup<ScalerRef>();
    for (const s of scalers) lookup.add([s.kind, s.scaler.metadata?.namespace ?? "", s.name], s);
    byTarget.set(scalers, lookup);
  }
  return lookup.get([object.kind, object.metadata?.namespace ?? "", object.metadata?.name]).filter((s) => targets(s, object));
}

/** The autoscaler that may scale the object furthest (several autoscalers on one workload are themselves a finding). */
export function scalerFor(object: K8sObject, scalers: ScalerRef[]): ScalerRef | undefined {
  return scalersOf(object, scalers).sort((a, b) => b.max - a.max)[0];
}

/** Replicas the workload declares itself (Deployment-like spec.replicas, default 1; Job parallelism). */
export function declaredReplicas(object: K8sObject): number {
  const spec = (object as any).spec ?? {};
  if (object.kind === "Job") return integer(spec.parallelism, 1);
  if (object.kind === "CronJob") return integer(spec.jobTemplate?.spec?.parallelism, 1);
  if (SCALABLE_KINDS.includes(object.kind)) return integer(spec.replicas, 1);
  return 1;
}

/** The most pods the workload can run: the autoscaler's maximum when one targets it, else its declared replicas. */
export function maxReplicas(object: K8sObject, scalers: ScalerRef[]): number {
  const scaler = scalerFor(object, scalers);
  return scaler ? scaler.max : declaredReplicas(object);
}

/** The fewest pods the workload normally runs: the autoscaler's minimum, else its declared replicas. */
export function minReplicas(object: K8sObject, scalers: ScalerRef[]): number {
  const scaler = scalerFor(object, scalers);
  return scaler ? scaler.min : declaredReplicas(object);
}
