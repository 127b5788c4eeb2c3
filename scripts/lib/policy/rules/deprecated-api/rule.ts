import type { ObjectRule } from "../../types.ts";
import { apiStatus } from "../../k8s/api-versions.ts";

export const rule: ObjectRule = {
  id: "deprecated-api",
  title: "No API versions deprecated in the target Kubernetes version",
  category: "hygiene",
  scope: "object",
  defaultSeverity: "warning",
  rationale:
    "A deprecated apiVersion still works but has a removal date; migrating while both versions are served is a routine change instead of an upgrade blocker.",
  fix: "Move the object to the replacement apiVersion named in the message before the removal release.",
  kinds: [],
  check(object, ctx) {
    const status = apiStatus(String(object.apiVersion), object.kind, ctx.kubernetesVersion);
    if (status?.state !== "deprecated") return [];
    const e = status.entry;
    return [
      {
        message: `${object.apiVersion} ${object.kind} is deprecated since Kubernetes ${e.deprecatedIn}${e.removedIn ? ` and removed in ${e.removedIn}` : ""}; the target is ${ctx.kubernetesVersion}. Use ${e.replacement}`,
        path: "/apiVersion",
        fix: `Change apiVersion to ${e.replacement}.`,
      },
    ];
  },
};
