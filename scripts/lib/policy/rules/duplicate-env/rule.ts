import type { ObjectRule, Violation } from "../../types.ts";
import { containersOf, podTemplate, WORKLOAD_KINDS } from "../../k8s/workloads.ts";

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
      const first = new Map<string, number>();
      ((c.container.env ?? []) as Array<Record<string, unknown>>).forEach((e, i) => {
        const name = String(e?.name ?? "");
        if (!first.has(name)) {
          first.set(name, i);
          return;
        }
        out.push({
          message: `container "${c.container.name}" of ${object.kind} ${object.metadata?.name} defines env ${name} again at entry ${i} (first at entry ${first.get(name)}); the last one wins`,
          path: `${c.pointer}/env/${i}`,
        });
      });
    }
    return out;
  },
};
