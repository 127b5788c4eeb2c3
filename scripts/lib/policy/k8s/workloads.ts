// Where pod templates live in each workload kind, with JSON pointers so findings point at the right field.
import type { K8sObject } from "../../types.ts";

export interface PodTemplateRef {
  /** The PodSpec. */
  spec: Record<string, any>;
  /** Pod template metadata (labels, annotations), if the kind has one. */
  metadata: Record<string, any>;
  /** JSON pointer of the PodSpec inside the object. */
  pointer: string;
}

export interface ContainerRef {
  container: Record<string, any>;
  pointer: string;
  kind: "containers" | "initContainers" | "ephemeralContainers";
}

/** Kinds whose objects carry a pod template, and the pointer of the PodSpec. */
export const POD_SPEC_POINTERS: Record<string, string> = {
  Pod: "/spec",
  Deployment: "/spec/template/spec",
  StatefulSet: "/spec/template/spec",
  DaemonSet: "/spec/template/spec",
  ReplicaSet: "/spec/template/spec",
  ReplicationController: "/spec/template/spec",
  Job: "/spec/template/spec",
  CronJob: "/spec/jobTemplate/spec/template/spec",
  Rollout: "/spec/template/spec",
  PodTemplate: "/template/spec",
};

export const WORKLOAD_KINDS = Object.keys(POD_SPEC_POINTERS);

/** Pointers split into segments once: rules ask for the same few pointers on every object. */
const pointerSegments = new Map<string, string[]>();

function segmentsOf(pointer: string): string[] {
  let segments = pointerSegments.get(pointer);
  if (!segments) {
    segments = pointer
      .split("/")
      .slice(1)
      .map((seg) => seg.replace(/~1/g, "/").replace(/~0/g, "~"));
    if (pointerSegments.size < 10_000) pointerSegments.set(pointer, segments);
  }
  return segments;
}

export function getAt(obj: unknown, pointer: string): any {
  let cur: any = obj;
  for (const seg of segmentsOf(pointer)) {
    if (cur === null || cur === undefined) return undefined;
    cur = cur[seg];
  }
  return cur;
}

export function podTemplate(object: K8sObject): PodTemplateRef | undefined {
  const pointer = POD_SPEC_POINTERS[object.kind];
  if (!pointer) return undefined;
  const spec = getAt(object, pointer);
  if (!spec || typeof spec !== "object") return undefined;
  const metaPointer = pointer === "/spec" ? "/metadata" : pointer.slice(0, -"/spec".length) + "/metadata";
  return { spec, metadata: getAt(object, metaPointer) ?? {}, pointer };
}

export function containersOf(pod: PodTemplateRef, kinds: ContainerRef["kind"][] = ["initContainers", "containers"]): ContainerRef[] {
  const out: ContainerRef[] = [];
  for (const kind of kinds) {
    const list = pod.spec[kind];
    if (!Array.isArray(list)) continue;
    list.forEach((container, i) => out.push({ container: container ?? {}, pointer: `${pod.pointer}/${kind}/${i}`, kind }));
  }
  return out;
}

/** Long-running pods (probes, PDBs, spread make sense); Jobs and CronJobs run to completion. */
export function isLongRunning(kind: string): boolean {
  return ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Rollout", "Pod", "ReplicationController"].includes(kind);
}

export function labelsOf(object: K8sObject): Record<string, string> {
  return (object.metadata?.labels as Record<string, string>) ?? {};
}

export function annotationsOf(object: K8sObject): Record<string, string> {
  return (object.metadata?.annotations as Record<string, string>) ?? {};
}
