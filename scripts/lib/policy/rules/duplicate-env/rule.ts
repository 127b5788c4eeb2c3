import type { ObjectRule, Violation } from "../../types.ts";
import { containersOf, podTemplate, WORKLOAD_KINDS } from "../../k8s/workloads.ts";
import { displayValue } from "../../../util/display.ts";
import { containerName } from "../../k8s/pod-security.ts";

export const rule: ObjectRule = {
  id: "duplicate-env",
  title: "No environment variable is defined twice in one container",
  category: "hygiene",
  scope: "object",
  defaultSeverity: "error",
  rationale:
    "When a container lists the same env name twice the last entry silently wins; typically an overlay patch appended a value instead of replacing it, and the reviewer reads the wrong one.",
  fix: "Keep one entry per name; in overlays, patch the existing entry (strategic merge on name) instead of appending.",
  kinds: WORKLOAD_KINDS,
  covers: { kubeLinter: ["duplicate-env-var"], kubeScore: ["environment-variable-key-duplication"] },
  check(object) {
    const pod = podTemplate(object);
    if (!pod) return [];
    const out: Violation[] = [];
    for (const c of containersOf(pod, ["initContainers", "containers", "ephemeralContainers"])) {
      const seen = new Set<string>();
      ((c.container.env ?? []) as Array<Record<string, unknown>>).forEach((e, i) => {
        const name = displayValue(e?.name);
        if (!seen.has(name)) {
          seen.add(name);
          return;
        }
        out.push({
          message: `${containerName(c)} of ${object.kind} ${object.metadata?.name} defines env ${name} more than once; the last definition wins`,
          path: `${c.pointer}/env/${i}`,
        });
      });
    }
    return out;
  },
};
