import { checkGateObjects } from "../../../../../gate-engine/src/check.ts";
import { GATE_KINDS } from "../../../../../gate-engine/src/resources.ts";
import type { K8sObject } from "../../../types.ts";
import type { TargetRule, Violation } from "../../types.ts";
import { valueAt } from "../../../parse/blame.ts";

/**
 * A reference to a name no gate object has, while one has that name with something around it: kustomize's namePrefix
 * or nameSuffix renamed the object but cannot rewrite references inside these custom resources.
 */
function renamedTargets(objects: K8sObject[], object: K8sObject, path: string): Array<{ object: K8sObject; path: string }> {
  const value = valueAt(object, path.split("/").slice(1));
  if (typeof value !== "string" || value === "" || objects.some((o) => o.metadata?.name === value)) return [];
  return objects.filter((o) => o !== object && String(o.metadata?.name ?? "").includes(value)).map((o) => ({ object: o, path: "/metadata/name" }));
}

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
        if (verdict.problem)
          out.push({
            object: objects[verdict.index],
            path: verdict.problem.path,
            message: verdict.problem.message,
            causes: renamedTargets(objects, objects[verdict.index], verdict.problem.path),
          });
      }
    }
    return out;
  },
};
