// The scanning version of the rule (before per-target indexes): the oracle of test/property/indexed-rules.test.ts.
import { scalerFor } from "./helpers.ts";
import type { TargetRule, Violation } from "../../../scripts/lib/policy/types.ts";
import { SCALABLE_KINDS, scalersIn } from "../../../scripts/lib/policy/k8s/scaling.ts";

export const rule: TargetRule = {
  id: "hpa-no-fixed-replicas",
  title: "Workloads managed by an autoscaler do not set spec.replicas",
  category: "reliability",
  scope: "target",
  defaultSeverity: "error",
  rationale:
    "When both the manifest and an HPA own spec.replicas, every sync resets the replica count to the manifest's value: a service scaled out under load drops back mid-peak, then the HPA scales it up again.",
  fix: "Remove spec.replicas from the workload (and from the overlay or patch that sets it); the autoscaler's minReplicas sets the floor.",
  kinds: SCALABLE_KINDS,
  covers: { kubeScore: ["deployment-targeted-by-hpa-does-not-have-replicas-configured"] },
  check(ctx) {
    const objects = ctx.objects.map((lo) => lo.object);
    const scalers = scalersIn(objects);
    const out: Violation[] = [];
    for (const w of objects.filter((o) => SCALABLE_KINDS.includes(o.kind))) {
      const replicas = (w as any).spec?.replicas;
      if (replicas === undefined || replicas === null) continue;
      const scaler = scalerFor(w, scalers);
      if (!scaler) continue;
      out.push({
        message: `${w.kind} ${w.metadata?.name} sets spec.replicas ${replicas} although ${scaler.scaler.kind} ${scaler.scaler.metadata?.name} manages its replicas (${scaler.min}–${scaler.max})`,
        object: w,
        path: "/spec/replicas",
      });
    }
    return out;
  },
};
