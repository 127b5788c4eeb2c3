import type { K8sObject } from "../../../types.ts";
import { applicationsDeploying } from "../../../argocd/cluster-model.ts";
import type { TargetRule, Violation } from "../../types.ts";
import { apiGroupOf } from "../../k8s/api-validation.ts";
import { CLUSTER_SCOPED_KINDS } from "../../k8s/scope.ts";

/**
 * The identity the API server stores an object under: group (not version), kind, namespace, name. An object without
 * a namespace lands in the namespace of the Application that deploys the target (when they all agree).
 */
function identity(object: K8sObject, defaultNamespace: string): string {
  const ns = CLUSTER_SCOPED_KINDS.includes(object.kind) ? "" : String(object.metadata?.namespace || defaultNamespace);
  return [apiGroupOf(object.apiVersion), object.kind, ns, String(object.metadata?.name ?? "")].join("/");
}

const describe = (o: K8sObject) =>
  `${String(o.apiVersion)} ${o.kind} ${o.metadata?.namespace ? `${String(o.metadata.namespace)}/` : ""}${String(o.metadata?.name ?? "")}`;

export const rule: TargetRule = {
  id: "api-duplicate-object",
  title: "A target renders each object once (same API group, kind, namespace and name)",
  category: "reliability",
  scope: "target",
  defaultSeverity: "error",
  rationale:
    "kustomize keys objects by apiVersion, so autoscaling/v1 and autoscaling/v2 HorizontalPodAutoscalers of the same name (or a namespaced object given a namespace on a cluster-scoped kind) both render; the API server stores them as one object, so Argo CD applies one over the other on every sync and the Application never settles.",
  fix: "Keep one definition of the object: delete or rename the other one (check the resources and components that both bring it in).",
  kinds: [],
  check(ctx) {
    const destinations = new Set(
      ctx.repo.argocd ? applicationsDeploying(ctx.repo.argocd.model, ctx.target.path).map((a) => a.destination.namespace ?? "") : [],
    );
    const defaultNamespace = destinations.size === 1 ? [...destinations][0] : "";
    const first = new Map<string, K8sObject>();
    const out: Violation[] = [];
    for (const { object } of ctx.objects) {
      if (!object.metadata?.name) continue;
      const key = identity(object, defaultNamespace);
      const seen = first.get(key);
      if (!seen) first.set(key, object);
      else
        out.push({
          object,
          message: `${describe(object)} is the same API object as ${describe(seen)} rendered earlier in this target; the API server keeps only one`,
          path: "/metadata/name",
        });
    }
    return out;
  },
};
