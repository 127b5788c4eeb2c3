import type { ObjectRule } from "../../types.ts";
import { isEmptySelector, matchesMap, matchesSelector, type LabelSelector } from "../../k8s/selectors.ts";
import { podTemplate } from "../../k8s/workloads.ts";

/** Kinds whose spec.selector is a required LabelSelector over their pod template. */
const REQUIRED = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Rollout"];

function describe(selector: unknown): string {
  return JSON.stringify(selector ?? null);
}

export const rule: ObjectRule = {
  id: "selector-labels-match",
  title: "Workload selectors match their pod template labels",
  category: "hygiene",
  scope: "object",
  defaultSeverity: "error",
  rationale:
    "The API server rejects a workload whose selector does not select its own template, so the sync fails; a change to labels in one place and not the other is the usual cause, and it is easy to miss in a diff.",
  fix: "Make spec.selector a subset of spec.template.metadata.labels (the conventions select on app.kubernetes.io/name and instance).",
  kinds: [...REQUIRED, "ReplicationController", "Job"],
  covers: {
    kubeLinter: ["mismatching-selector"],
    kubeScore: ["deployment-pod-selector-labels-match-template-metadata-labels", "statefulset-pod-selector-labels-match-template-metadata-labels"],
  },
  check(object) {
    const pod = podTemplate(object);
    if (!pod) return [];
    const selector = (object as any).spec?.selector;
    const labels = (pod.metadata.labels ?? {}) as Record<string, string>;
    const name = `${object.kind} ${object.metadata?.name}`;
    if (REQUIRED.includes(object.kind)) {
      if (!selector || isEmptySelector(selector))
        return [
          {
            message: `${name} has ${selector ? "an empty" : "no"} spec.selector; the API server requires one that selects its pod template`,
            path: selector ? "/spec/selector" : "/spec",
          },
        ];
      if (matchesSelector(selector as LabelSelector, labels)) return [];
    } else if (object.kind === "ReplicationController") {
      // An omitted ReplicationController selector defaults to the template labels.
      if (!selector || matchesMap(selector, labels)) return [];
    } else {
      // Job selectors are generated unless manualSelector is set.
      if (!selector || matchesSelector(selector as LabelSelector, labels)) return [];
    }
    return [{ message: `${name} selector ${describe(selector)} does not match its pod template labels ${describe(labels)}`, path: "/spec/selector" }];
  },
};
