// The scanning version of the rule (before per-target indexes): the oracle of test/property/indexed-rules.test.ts.
import type { K8sObject } from "../../../scripts/lib/types.ts";
import type { TargetRule, Violation } from "../../../scripts/lib/policy/types.ts";
import { podTemplate, WORKLOAD_KINDS, type PodTemplateRef } from "../../../scripts/lib/policy/k8s/workloads.ts";

export const NEEDS_API_TOKEN_ANNOTATION = "gaia.tech/needs-api-token";

function declaredReason(object: K8sObject, pod: PodTemplateRef): string | undefined {
  const v = pod.metadata.annotations?.[NEEDS_API_TOKEN_ANNOTATION] ?? object.metadata?.annotations?.[NEEDS_API_TOKEN_ANNOTATION];
  return v === undefined ? undefined : String(v).trim();
}

// Decision: an unset pod field is accepted when the pod's ServiceAccount, defined in the same target and namespace,
// sets automountServiceAccountToken: false (the kubelet then mounts nothing). An explicit `true` on the pod wins over
// the ServiceAccount, so it always needs the annotation. A ServiceAccount defined elsewhere cannot be seen, so it does not count.
/** The pod's ServiceAccount when the same target defines it and it disables automounting. */
function serviceAccountDisablesToken(ctx: Parameters<TargetRule["check"]>[0], object: K8sObject, name: string): boolean {
  const ns = object.metadata?.namespace;
  return ctx.objects.some(
    ({ object: o }) =>
      o.kind === "ServiceAccount" && o.metadata?.name === name && o.metadata?.namespace === ns && (o as any).automountServiceAccountToken === false,
  );
}

export const rule: TargetRule = {
  id: "automount-service-account-token",
  title: "Pods do not mount a Kubernetes API token unless they declare why",
  category: "security",
  scope: "target",
  defaultSeverity: "error",
  rationale:
    "Every mounted service-account token is a credential to the Kubernetes API sitting in the container's filesystem; most game and platform services never call the API, so the token only helps an attacker.",
  fix: `Set automountServiceAccountToken: false on the pod spec (or on its ServiceAccount in the same kustomization); a workload that needs the API sets it true and annotates ${NEEDS_API_TOKEN_ANNOTATION}: "<reason>".`,
  kinds: [...WORKLOAD_KINDS, "ServiceAccount"],
  covers: {},
  check(ctx) {
    const out: Violation[] = [];
    for (const { object } of ctx.objects) {
      const pod = podTemplate(object);
      if (!pod) continue;
      const value = pod.spec.automountServiceAccountToken;
      if (value === false) continue;
      const reason = declaredReason(object, pod);
      if (reason === "") {
        out.push({
          object,
          message: `${NEEDS_API_TOKEN_ANNOTATION} is set but empty; it must say why the pod needs the API token`,
          path:
            pod.metadata.annotations?.[NEEDS_API_TOKEN_ANNOTATION] !== undefined
              ? `${pod.pointer.replace(/\/spec$/, "/metadata")}/annotations`
              : "/metadata/annotations",
        });
        continue;
      }
      if (reason !== undefined) continue;
      if (value === true) {
        out.push({
          object,
          message: `pod spec sets automountServiceAccountToken: true without a ${NEEDS_API_TOKEN_ANNOTATION} annotation`,
          path: `${pod.pointer}/automountServiceAccountToken`,
        });
        continue;
      }
      const account = String(pod.spec.serviceAccountName ?? pod.spec.serviceAccount ?? "default");
      if (serviceAccountDisablesToken(ctx, object, account)) continue;
      out.push({
        object,
        message: `pod spec does not set automountServiceAccountToken: false and its ServiceAccount "${account}" is not defined here with automountServiceAccountToken: false, so an API token is mounted`,
        path: pod.pointer,
      });
    }
    return out;
  },
};
