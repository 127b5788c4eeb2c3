import type { ObjectRule } from "../../types.ts";
import { apiStatus } from "../../k8s/api-versions.ts";

export const rule: ObjectRule = {
  id: "removed-api",
  title: "No API versions removed in the target Kubernetes version",
  category: "hygiene",
  scope: "object",
  defaultSeverity: "error",
  rationale:
    "The API server no longer serves a removed apiVersion: the sync fails and the object is never applied, typically discovered during a cluster upgrade.",
  fix: "Move the object to the replacement apiVersion named in the message (and adapt changed fields, e.g. Ingress backend.service, HPA metrics).",
  kinds: [],
  covers: { kubeScore: ["stable-version"], kubeLinter: ["no-extensions-v1beta"] },
  stricter: {
    kubeScore: {
      "stable-version":
        "Flags every apiVersion removed by the target Kubernetes version; kube-score knows only the extensions and apps beta versions of workloads and ingresses.",
    },
    kubeLinter: {
      "no-extensions-v1beta":
        "Flags every apiVersion removed by the target Kubernetes version; kube-linter flags only extensions/v1beta1 (and networking.k8s.io/v1beta1).",
    },
  },
  check(object, ctx) {
    const status = apiStatus(String(object.apiVersion), object.kind, ctx.kubernetesVersion);
    if (status?.state !== "removed") return [];
    const e = status.entry;
    return [
      {
        message: `${object.apiVersion} ${object.kind} was deprecated in Kubernetes ${e.deprecatedIn} and removed in ${e.removedIn}; the target is ${ctx.kubernetesVersion}. Use ${e.replacement}`,
        path: "/apiVersion",
        fix: `Change apiVersion to ${e.replacement}.`,
      },
    ];
  },
};
