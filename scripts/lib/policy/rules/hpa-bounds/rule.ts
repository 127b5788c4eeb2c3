import type { ObjectRule, Violation } from "../../types.ts";
import { SCALER_KINDS, scalerRef } from "../../k8s/scaling.ts";

export const rule: ObjectRule = {
  id: "hpa-bounds",
  title: "Autoscaler bounds are consistent: 1 ≤ minReplicas ≤ maxReplicas",
  category: "quotas",
  scope: "object",
  defaultSeverity: "error",
  rationale:
    "An HPA whose minimum exceeds its maximum is rejected or pinned at an unintended size, and minReplicas 0 needs an alpha feature gate; either way the capacity the quota and budget were planned for is not what runs.",
  fix: "Set minReplicas ≥ 1 (KEDA minReplicaCount ≥ 0) and minReplicas ≤ maxReplicas.",
  kinds: SCALER_KINDS,
  check(object) {
    const ref = scalerRef(object);
    if (!ref) return [];
    const spec = (object as any).spec ?? {};
    const isHpa = object.kind === "HorizontalPodAutoscaler";
    const out: Violation[] = [];
    const name = `${object.kind} ${object.metadata?.name}`;
    if (isHpa && typeof spec.maxReplicas !== "number") {
      return [{ message: `${name} has no maxReplicas`, path: "/spec" }];
    }
    const floor = isHpa ? 1 : 0;
    if (ref.min < floor) out.push({ message: `${name} has ${ref.minPointer.split("/").pop()} ${ref.min}, below ${floor}`, path: ref.minPointer });
    if (ref.max < 1) out.push({ message: `${name} has ${ref.maxPointer.split("/").pop()} ${ref.max}: it can never run a pod`, path: ref.maxPointer });
    if (ref.min > ref.max) {
      out.push({
        message: `${name} has ${ref.minPointer.split("/").pop()} ${ref.min} above ${ref.maxPointer.split("/").pop()} ${ref.max}`,
        path: ref.minPointer,
      });
    }
    return out;
  },
};
