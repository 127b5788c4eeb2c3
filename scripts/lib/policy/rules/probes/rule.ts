import type { ObjectRule, Violation } from "../../types.ts";
import { isSidecar } from "../../k8s/pod-resources.ts";
import { containersOf, isLongRunning, podTemplate, WORKLOAD_KINDS } from "../../k8s/workloads.ts";

const PROBES = ["livenessProbe", "readinessProbe"] as const;

export const rule: ObjectRule = {
  id: "probes",
  title: "Long-running containers have liveness and readiness probes",
  category: "reliability",
  scope: "object",
  defaultSeverity: "error",
  rationale:
    "Without a readiness probe a pod receives traffic before it can serve and keeps receiving it while broken, and rollouts cannot tell a bad version from a good one; without a liveness probe a deadlocked process is never restarted.",
  fix: "Add readinessProbe and livenessProbe (distinct endpoints or thresholds) to every app container and native sidecar; Jobs and CronJobs need none.",
  kinds: WORKLOAD_KINDS.filter(isLongRunning),
  covers: { polaris: ["livenessProbeMissing", "readinessProbeMissing"] },
  check(object) {
    const pod = podTemplate(object);
    if (!pod || !isLongRunning(object.kind)) return [];
    const out: Violation[] = [];
    // Native sidecars (init containers with restartPolicy Always) run for the pod's lifetime like app containers.
    const longRunning = containersOf(pod, ["initContainers", "containers"]).filter((c) => c.kind === "containers" || isSidecar(c.container));
    for (const c of longRunning) {
      const missing = PROBES.filter((p) => !c.container[p]);
      if (missing.length === 0) continue;
      out.push({
        message: `${c.kind === "containers" ? "container" : "sidecar"} "${c.container.name}" of ${object.kind} ${object.metadata?.name} has no ${missing.join(" and no ")}`,
        path: c.pointer,
        fix: `Add ${missing.join(" and ")} to container "${c.container.name}".`,
      });
    }
    return out;
  },
};
