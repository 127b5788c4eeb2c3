// What one pod of a workload asks for and is capped at, as the scheduler and ResourceQuota count it: init containers
// run before the app containers, native sidecars (init containers with restartPolicy Always) run alongside them.
import type { K8sObject } from "../../types.ts";
import { parseQuantity } from "./quantity.ts";
import type { PodTemplateRef } from "./workloads.ts";

export const GPU_RESOURCE = "nvidia.com/gpu";
export const TRACKED_RESOURCES = ["cpu", "memory", GPU_RESOURCE] as const;
export type TrackedResource = (typeof TRACKED_RESOURCES)[number];

export type ResourceAmounts = Record<TrackedResource, number>;

export interface PodResources {
  requests: ResourceAmounts;
  limits: ResourceAmounts;
}

/** Container defaults a LimitRange injects at admission. */
export interface ContainerDefaults {
  requests: Partial<ResourceAmounts>;
  limits: Partial<ResourceAmounts>;
}

export function zeroAmounts(): ResourceAmounts {
  return { cpu: 0, memory: 0, [GPU_RESOURCE]: 0 };
}

function amount(map: unknown, resource: string): number | undefined {
  if (!map || typeof map !== "object") return undefined;
  return parseQuantity((map as Record<string, unknown>)[resource]);
}

function containerAmounts(container: Record<string, any>, defaults: ContainerDefaults | undefined): PodResources {
  const requests = zeroAmounts();
  const limits = zeroAmounts();
  const res = container.resources ?? {};
  for (const r of TRACKED_RESOURCES) {
    const limit = amount(res.limits, r) ?? defaults?.limits[r];
    // The API server copies a limit into a missing request; a LimitRange defaultRequest comes first.
    const request = amount(res.requests, r) ?? defaults?.requests[r] ?? limit;
    requests[r] = request ?? 0;
    limits[r] = limit ?? 0;
  }
  return { requests, limits };
}

function add(a: ResourceAmounts, b: ResourceAmounts): ResourceAmounts {
  const out = zeroAmounts();
  for (const r of TRACKED_RESOURCES) out[r] = a[r] + b[r];
  return out;
}

function max(a: ResourceAmounts, b: ResourceAmounts): ResourceAmounts {
  const out = zeroAmounts();
  for (const r of TRACKED_RESOURCES) out[r] = Math.max(a[r], b[r]);
  return out;
}

export function isSidecar(container: Record<string, any>): boolean {
  return container?.restartPolicy === "Always";
}

/** Effective requests and limits of one pod (Kubernetes' "effective init request" rule, plus pod overhead). */
export function podResources(pod: PodTemplateRef, defaults?: ContainerDefaults): PodResources {
  let sidecars: PodResources = { requests: zeroAmounts(), limits: zeroAmounts() };
  let initPeak: PodResources = { requests: zeroAmounts(), limits: zeroAmounts() };
  for (const c of (pod.spec.initContainers ?? []) as Record<string, any>[]) {
    const own = containerAmounts(c ?? {}, defaults);
    if (isSidecar(c)) {
      sidecars = { requests: add(sidecars.requests, own.requests), limits: add(sidecars.limits, own.limits) };
    } else {
      initPeak = { requests: max(initPeak.requests, add(own.requests, sidecars.requests)), limits: max(initPeak.limits, add(own.limits, sidecars.limits)) };
    }
  }
  let main = sidecars;
  for (const c of (pod.spec.containers ?? []) as Record<string, any>[]) {
    const own = containerAmounts(c ?? {}, defaults);
    main = { requests: add(main.requests, own.requests), limits: add(main.limits, own.limits) };
  }
  const overhead = zeroAmounts();
  for (const r of TRACKED_RESOURCES) overhead[r] = amount(pod.spec.overhead, r) ?? 0;
  return { requests: add(max(main.requests, initPeak.requests), overhead), limits: add(max(main.limits, initPeak.limits), overhead) };
}

/** Container defaults of the LimitRanges in a namespace (type Container: defaultRequest and default). */
export function limitRangeDefaults(objects: K8sObject[], namespace: string): ContainerDefaults {
  const out: ContainerDefaults = { requests: {}, limits: {} };
  for (const o of objects) {
    if (o.kind !== "LimitRange" || (o.metadata?.namespace ?? "") !== namespace) continue;
    for (const item of ((o as any).spec?.limits ?? []) as Record<string, any>[]) {
      if (item?.type !== "Container") continue;
      for (const r of TRACKED_RESOURCES) {
        out.requests[r] ??= amount(item.defaultRequest, r);
        out.limits[r] ??= amount(item.default, r);
      }
    }
  }
  return out;
}

/** Storage each replica of a StatefulSet claims through volumeClaimTemplates, in bytes. */
export function claimTemplateStorage(object: K8sObject): number {
  if (object.kind !== "StatefulSet") return 0;
  let total = 0;
  for (const t of ((object as any).spec?.volumeClaimTemplates ?? []) as Record<string, any>[]) {
    total += amount(t?.spec?.resources?.requests, "storage") ?? 0;
  }
  return total;
}

/** Storage a standalone PersistentVolumeClaim requests, in bytes. */
export function claimStorage(object: K8sObject): number {
  if (object.kind !== "PersistentVolumeClaim") return 0;
  return amount((object as any).spec?.resources?.requests, "storage") ?? 0;
}
