import type { TargetRule, Violation } from "../../types.ts";
import { scalersIn, scalersOf, targets } from "../../k8s/scaling.ts";
import { targetIndex } from "../../index/target-index.ts";

export const rule: TargetRule = {
  id: "hpa-target-exists",
  title: "Autoscalers target an object of the same target, one autoscaler per workload",
  category: "quotas",
  scope: "target",
  defaultSeverity: "error",
  rationale:
    "An HPA or ScaledObject whose scaleTargetRef names nothing (a renamed Deployment, a wrong kind or API group) scales nothing: the service stays at its declared size under load while everyone believes it autoscales. Two autoscalers on one workload fight over its replica count.",
  fix: "Point scaleTargetRef at the workload's exact kind, name and apiVersion (apps/v1 for Deployments and StatefulSets, argoproj.io/v1alpha1 for Rollouts); keep one autoscaler per workload (a KEDA ScaledObject replaces the HPA).",
  kinds: ["HorizontalPodAutoscaler", "ScaledObject"],
  covers: { kubeScore: ["horizontalpodautoscaler-has-target"], kubeLinter: ["dangling-horizontalpodautoscaler"] },
  check(ctx) {
    const index = targetIndex(ctx);
    const out: Violation[] = [];
    const scalers = scalersIn(index.objects);
    for (const ref of scalers) {
      const namespace = ref.scaler.metadata?.namespace ?? "";
      const target = index.named(ref.kind, namespace, ref.name).find((o) => o !== ref.scaler && targets(ref, o));
      if (target) {
        const first = scalersOf(target, scalers)[0];
        if (first && first !== ref) {
          out.push({
            message: `${target.kind} ${target.metadata?.name} is scaled by both ${first.scaler.kind} ${first.scaler.metadata?.name} and ${ref.scaler.kind} ${ref.scaler.metadata?.name}; they will fight over its replicas`,
            object: ref.scaler,
            path: ref.refPointer,
          });
        }
        continue;
      }
      const sameName = index.namedAnyKind(namespace, ref.name).filter((o) => o !== ref.scaler && o.kind !== ref.scaler.kind);
      const hint = sameName.length ? ` (found ${sameName.map((o) => `${o.apiVersion} ${o.kind}`).join(", ")} ${ref.name} instead)` : "";
      out.push({
        message: `${ref.scaler.kind} ${ref.scaler.metadata?.name} targets ${ref.kind || "(no kind)"} ${ref.name || "(no name)"}${ref.group !== undefined ? ` in API group "${ref.group}"` : ""}, which is not in ${ctx.target.path}${hint}`,
        object: ref.scaler,
        path: ref.refPointer,
      });
    }
    return out;
  },
};
