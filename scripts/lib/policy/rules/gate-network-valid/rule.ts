import { checkGateObjects } from "../../../../../gate-engine/src/check.ts";
import { GATE_KINDS } from "../../../../../gate-engine/src/resources.ts";
import type { K8sObject } from "../../../types.ts";
import type { TargetRule, Violation } from "../../types.ts";

export const rule: TargetRule = {
  id: "gate-network-valid",
  title: "Gate networks, learning policies and endpoint gates load in the gate engine",
  category: "reliability",
  scope: "target",
  defaultSeverity: "error",
  rationale:
    "The gate engine refuses a GateNetwork with a cycle, a connection to an unknown gate, a fan-in arity or input width its gates cannot take, a LearningPolicy with impossible bounds, or an EndpointGate route to a missing network or a taken path: it keeps running the last valid version (or does not start from files). This rule runs the engine's own validator, so what passes here loads there.",
  fix: "Fix the field the message names; `npm run gate-engine` with GATE_ENGINE_MANIFESTS pointing at the folder loads the same objects locally.",
  kinds: [...GATE_KINDS],
  check(ctx) {
    const byNamespace = new Map<string, K8sObject[]>();
    for (const { object } of ctx.objects) {
      if (!GATE_KINDS.includes(object.kind as (typeof GATE_KINDS)[number])) continue;
      const namespace = object.metadata?.namespace ?? "";
      byNamespace.set(namespace, [...(byNamespace.get(namespace) ?? []), object]);
    }
    const out: Violation[] = [];
    for (const objects of byNamespace.values()) {
      for (const verdict of checkGateObjects(objects).verdicts) {
        if (verdict.problem) out.push({ object: objects[verdict.index], path: verdict.problem.path, message: verdict.problem.message });
      }
    }
    return out;
  },
};
