import type { ObjectRule, Violation } from "../../types.ts";
import { podTemplate, WORKLOAD_KINDS } from "../../k8s/workloads.ts";
import { displayValue } from "../../../util/display.ts";

export const RECOMMENDED_LABELS = [
  "app.kubernetes.io/name",
  "app.kubernetes.io/instance",
  "app.kubernetes.io/version",
  "app.kubernetes.io/component",
  "app.kubernetes.io/part-of",
  "app.kubernetes.io/managed-by",
];

function labelProblems(labels: Record<string, unknown>, required: string[], values: Record<string, string>): string[] {
  const problems = required.filter((l) => labels[l] === undefined || labels[l] === "").map((l) => `no ${l}`);
  for (const [key, want] of Object.entries(values)) {
    if (labels[key] !== undefined && labels[key] !== "" && labels[key] !== want) problems.push(`${key}=${displayValue(labels[key])} (expected ${want})`);
  }
  return problems;
}

export const rule: ObjectRule = {
  id: "recommended-labels",
  title: "Workloads and their pods carry the recommended app.kubernetes.io labels",
  category: "hygiene",
  scope: "object",
  defaultSeverity: "warning",
  rationale:
    "Dashboards, cost reports, NetworkPolicy flows and `kubectl get -l` all key on the app.kubernetes.io labels; an object without them is invisible to those views and hard to attribute to a game or service.",
  fix: "Set the labels through the kustomization's `labels:` (with includeTemplates) or commonLabels so that objects and pod templates both get them.",
  kinds: WORKLOAD_KINDS,
  params: {
    labels: { description: "Labels required on workloads and their pod templates", default: RECOMMENDED_LABELS },
    values: {
      description: "Required values of some of those labels",
      default: { "app.kubernetes.io/part-of": "gaia", "app.kubernetes.io/managed-by": "kustomize" },
    },
  },
  check(object, ctx) {
    const required: string[] = ctx.params.labels ?? RECOMMENDED_LABELS;
    const values: Record<string, string> = ctx.params.values ?? {};
    const out: Violation[] = [];
    const own = labelProblems(object.metadata?.labels ?? {}, required, values);
    if (own.length)
      out.push({
        message: `${object.kind} ${object.metadata?.name} labels: ${own.join(", ")}`,
        path: object.metadata?.labels ? "/metadata/labels" : "/metadata",
      });
    const pod = podTemplate(object);
    if (pod && pod.pointer !== "/spec") {
      const metaPointer = pod.pointer.replace(/\/spec$/, "/metadata");
      const problems = labelProblems(pod.metadata.labels ?? {}, required, values);
      if (problems.length)
        out.push({
          message: `pod template of ${object.kind} ${object.metadata?.name} labels: ${problems.join(", ")}`,
          path: pod.metadata.labels ? `${metaPointer}/labels` : metaPointer,
        });
    }
    return out;
  },
};
