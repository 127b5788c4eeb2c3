import type { ObjectRule, Violation } from "../../types.ts";
import { parseQuantity } from "../../k8s/quantity.ts";
import { containersOf, podTemplate, WORKLOAD_KINDS } from "../../k8s/workloads.ts";

const SECTIONS = ["requests", "limits"] as const;
const RESOURCES = ["cpu", "memory"] as const;

// A zero quantity reserves nothing and caps nothing, so it counts as missing (as kube-score does).
function isSet(map: unknown, resource: string): boolean {
  const value = map && typeof map === "object" ? (map as Record<string, unknown>)[resource] : undefined;
  const parsed = parseQuantity(value);
  return parsed !== undefined && parsed > 0;
}

export const rule: ObjectRule = {
  id: "container-resources",
  title: "Every container sets cpu and memory requests and limits",
  category: "quotas",
  scope: "object",
  defaultSeverity: "error",
  rationale:
    "Without requests the scheduler packs pods blindly and quota sums are meaningless; without limits one runaway container starves its neighbours or the node. Init containers count too: they are scheduled with the pod.",
  fix: "Set resources.requests.cpu, resources.requests.memory, resources.limits.cpu and resources.limits.memory on every container and init container.",
  kinds: WORKLOAD_KINDS,
  covers: {
    kubeScore: ["container-resources"],
    polaris: ["cpuRequestsMissing", "cpuLimitsMissing", "memoryRequestsMissing", "memoryLimitsMissing"],
    kubeLinter: ["unset-cpu-requirements", "unset-memory-requirements"],
  },
  check(object) {
    const pod = podTemplate(object);
    if (!pod) return [];
    const out: Violation[] = [];
    for (const c of containersOf(pod, ["initContainers", "containers"])) {
      const resources = c.container.resources;
      for (const section of SECTIONS) {
        const map = resources?.[section];
        const missing = RESOURCES.filter((r) => !isSet(map, r));
        if (missing.length === 0) continue;
        const where = map ? `${c.pointer}/resources/${section}` : resources ? `${c.pointer}/resources` : c.pointer;
        const label = c.kind === "initContainers" ? "init container" : "container";
        out.push({
          message: `${label} "${c.container.name}" of ${object.kind} ${object.metadata?.name} has no ${missing.map((r) => `resources.${section}.${r}`).join(" or ")}`,
          path: where,
          fix: `Add ${missing.map((r) => `${section}.${r}`).join(" and ")} under the container's resources (sized from observed usage).`,
        });
      }
    }
    return out;
  },
};
