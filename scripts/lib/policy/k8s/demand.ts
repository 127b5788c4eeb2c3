// The resources a set of rendered objects can claim at their autoscalers' maxima: per workload and summed.
import type { K8sObject } from "../../types.ts";
import { claimStorage, claimTemplateStorage, limitRangeDefaults, podResources, type PodResources } from "./pod-resources.ts";
import { maxReplicas, scalersIn } from "./scaling.ts";
import { resolvedTemplate } from "./workload-ref.ts";

export interface Demand {
  object: K8sObject;
  /** Pods at the most (autoscaler maximum, else declared replicas). */
  replicas: number;
  perPod: PodResources;
  /** Bytes of persistent storage per replica (StatefulSet volumeClaimTemplates) or of a standalone PVC. */
  storagePerReplica: number;
  /** PersistentVolumeClaims per replica (volumeClaimTemplates), or 1 for a standalone PVC. */
  claimsPerReplica: number;
  /** True for a PersistentVolumeClaim, which has no pods. */
  claimOnly: boolean;
}

/** Every workload and standalone PVC among `objects`, with what it claims at most. */
export function demands(objects: K8sObject[]): Demand[] {
  const scalers = scalersIn(objects);
  const defaultsByNamespace = new Map<string, ReturnType<typeof limitRangeDefaults>>();
  const defaultsFor = (ns: string) => {
    if (!defaultsByNamespace.has(ns)) defaultsByNamespace.set(ns, limitRangeDefaults(objects, ns));
    return defaultsByNamespace.get(ns)!;
  };
  const out: Demand[] = [];
  for (const object of objects) {
    if (object.kind === "PersistentVolumeClaim") {
      const empty = podResources({ spec: {}, metadata: {}, pointer: "" });
      out.push({ object, replicas: 1, perPod: empty, storagePerReplica: claimStorage(object), claimsPerReplica: 1, claimOnly: true });
      continue;
    }
    // A Rollout with workloadRef runs pods from a Deployment's template; that Deployment counts by its own replicas (usually 0).
    const pod = object.kind === "PodTemplate" ? undefined : resolvedTemplate(object, objects)?.pod;
    if (!pod) continue;
    const perPod = podResources(pod, defaultsFor(object.metadata?.namespace ?? ""));
    const claims = object.kind === "StatefulSet" ? ((object as any).spec?.volumeClaimTemplates ?? []).length : 0;
    out.push({
      object,
      replicas: maxReplicas(object, scalers),
      perPod,
      storagePerReplica: claimTemplateStorage(object),
      claimsPerReplica: claims,
      claimOnly: false,
    });
  }
  return out;
}

export type QuotaResource =
  "requests.cpu" | "requests.memory" | "limits.cpu" | "limits.memory" | "pods" | "requests.storage" | "requests.nvidia.com/gpu" | "persistentvolumeclaims";

/** How much of a ResourceQuota resource one demand uses. */
export function usage(d: Demand, resource: QuotaResource): number {
  switch (resource) {
    case "requests.cpu":
      return d.replicas * d.perPod.requests.cpu;
    case "requests.memory":
      return d.replicas * d.perPod.requests.memory;
    case "limits.cpu":
      return d.replicas * d.perPod.limits.cpu;
    case "limits.memory":
      return d.replicas * d.perPod.limits.memory;
    case "requests.nvidia.com/gpu":
      return d.replicas * d.perPod.requests["nvidia.com/gpu"];
    case "pods":
      return d.claimOnly ? 0 : d.replicas;
    case "requests.storage":
      return d.replicas * d.storagePerReplica;
    case "persistentvolumeclaims":
      return d.replicas * d.claimsPerReplica;
  }
}

/** ResourceQuota hard keys and the resource they limit (`cpu` and `memory` are aliases of the requests). */
export const QUOTA_KEYS: Record<string, QuotaResource> = {
  "requests.cpu": "requests.cpu",
  cpu: "requests.cpu",
  "requests.memory": "requests.memory",
  memory: "requests.memory",
  "limits.cpu": "limits.cpu",
  "limits.memory": "limits.memory",
  pods: "pods",
  "requests.storage": "requests.storage",
  "requests.nvidia.com/gpu": "requests.nvidia.com/gpu",
  persistentvolumeclaims: "persistentvolumeclaims",
};
