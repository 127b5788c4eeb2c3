// Shared pieces of the Pod Security Standards rules: every container of a pod (init and ephemeral included),
// pod- versus container-level security context, and a factory that turns a per-pod check into an ObjectRule.
import type { K8sObject } from "../../types.ts";
import type { ObjectRule, PeerCoverage, StricterThanPeers, TargetContext, Violation } from "../types.ts";
import { containersOf, podTemplate, WORKLOAD_KINDS, type ContainerRef, type PodTemplateRef } from "./workloads.ts";
import { profileChecked, type PssProfile } from "./pss-profile.ts";

/** The PSS controls apply to regular, init and ephemeral containers alike. */
export const ALL_CONTAINER_KINDS: ContainerRef["kind"][] = ["initContainers", "containers", "ephemeralContainers"];

export function allContainers(pod: PodTemplateRef): ContainerRef[] {
  return containersOf(pod, ALL_CONTAINER_KINDS);
}

export function containerName(c: ContainerRef): string {
  const kind = c.kind === "containers" ? "container" : c.kind === "initContainers" ? "init container" : "ephemeral container";
  return `${kind} "${c.container.name ?? "?"}"`;
}

export function podSecurityContext(pod: PodTemplateRef): Record<string, any> {
  const sc = pod.spec.securityContext;
  return sc && typeof sc === "object" ? sc : {};
}

export function containerSecurityContext(c: ContainerRef): Record<string, any> {
  const sc = c.container.securityContext;
  return sc && typeof sc === "object" ? sc : {};
}

/** Pointer of the pod template's metadata (the Pod's own metadata for kind Pod). */
export function podMetadataPointer(pod: PodTemplateRef): string {
  return pod.pointer === "/spec" ? "/metadata" : pod.pointer.replace(/\/spec$/, "/metadata");
}

/** Pointer of `field` under a security context, or of the nearest parent that exists. */
export function securityContextPointer(ownerPointer: string, owner: Record<string, any>, field: string): string {
  const sc = owner.securityContext;
  if (!sc || typeof sc !== "object") return ownerPointer;
  return field in sc ? `${ownerPointer}/securityContext/${field}` : `${ownerPointer}/securityContext`;
}

/** JSON pointer escaping of one segment (annotation keys contain "/"). */
export function escapePointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** True when the configured Kubernetes version ("1.30", "v1.31.2") is at least major.minor. */
export function versionAtLeast(version: string, major: number, minor: number): boolean {
  const m = /^v?(\d+)\.(\d+)/.exec(version);
  if (!m) return true;
  const [maj, min] = [Number(m[1]), Number(m[2])];
  return maj > major || (maj === major && min >= minor);
}

export interface PodRuleMeta {
  id: string;
  title: string;
  rationale: string;
  fix: string;
  covers?: PeerCoverage;
  stricter?: StricterThanPeers;
  defaultSeverity?: ObjectRule["defaultSeverity"];
  environments?: ObjectRule["environments"];
  /** The Pod Security Standards profile the rule belongs to: checked only where the namespace enforces it (or stricter). */
  profile?: PssProfile;
}

/** An ObjectRule over the pod template of every workload kind. */
export function podRule(meta: PodRuleMeta, check: (pod: PodTemplateRef, object: K8sObject, ctx: TargetContext) => Violation[]): ObjectRule {
  return {
    category: "security",
    scope: "object",
    defaultSeverity: "error",
    kinds: WORKLOAD_KINDS,
    covers: {},
    ...meta,
    check(object, ctx) {
      if (!profileChecked(meta.profile, ctx)) return [];
      const pod = podTemplate(object);
      return pod ? check(pod, object, ctx) : [];
    },
  };
}
