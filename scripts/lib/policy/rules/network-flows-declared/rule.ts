import { targetIndex } from "../../index/target-index.ts";
import type { TargetRule, Violation } from "../../types.ts";
import type { K8sObject } from "../../../types.ts";
import { defaultNamespace } from "../../k8s/namespaces.ts";
import { isEmptySelector } from "../../k8s/selectors.ts";
import { namespacesWithPods, podGroups, type PodGroup } from "../../../network/endpoints.ts";
import { edgeLabel, type BlockedFlow, type FlowEdge } from "../../../network/flow-graph.ts";
import { undeclaredFlows } from "../../../network/undeclared-flows.ts";
import { networkPolicies, type PolicyView } from "../../../network/policies.ts";

const SHOWN = 5;

function describe(edge: FlowEdge): string {
  return `${edge.from} → ${edge.to} on ${edgeLabel(edge)}`;
}

/** An undeclared flow some NetworkPolicy rule opens: point at that rule (the admitting ingress side first). */
function granted(edge: FlowEdge, policies: Map<string, PolicyView>): Violation {
  const grant = edge.grants.find((g) => g.direction === "ingress") ?? edge.grants[0];
  const others = edge.allowedBy.filter((n) => n !== grant.policy);
  return {
    message: `NetworkPolicy ${grant.policy} ${grant.direction} rule ${grant.pointer.split("/").pop()} allows ${describe(edge)}${others.length ? ` (together with ${others.join(", ")})` : ""}, which is not a declared flow`,
    object: policies.get(grant.policy)?.object,
    path: grant.pointer,
    fix: `Narrow the rule to the declared flows, or declare {from: ${edge.from}, to: ${edge.to}, port: ${edge.portName ?? edge.port}} in parameters.flows of policies/config.yaml.`,
  };
}

/** Undeclared flows that no policy restricts at all: one finding per namespace (network-default-deny says why). */
function unrestricted(first: FlowEdge[], count: number, ns: string, groups: PodGroup[]): Violation {
  const anchor = groups.find((g) => g.app === first[0].to) ?? groups.find((g) => g.app === first[0].from) ?? groups[0];
  const shown = first.slice(0, SHOWN).map(describe).join("; ");
  return {
    message: `${count} undeclared flow(s) in ${ns} are allowed because no NetworkPolicy restricts them: ${shown}${count > SHOWN ? "; ..." : ""}`,
    object: anchor.object,
    path: `${anchor.metadataPointer}/labels`,
    fix: "Add a default-deny NetworkPolicy (ingress and egress) to the namespace and allow only the declared flows.",
  };
}

function blocked(b: BlockedFlow, ns: string, policies: Map<string, PolicyView>, groups: PodGroup[]): Violation {
  const port = b.flow.port === undefined || b.flow.port === "*" ? "any port" : `port ${b.flow.port}`;
  const message = `declared flow ${b.flow.from} → ${b.flow.to} on ${port} (parameters.flows[${b.index}]) cannot happen in ${ns}: ${b.reason}`;
  if (b.blockedBy.includes("port")) {
    const dst = groups.find((g) => g.app === b.flow.to) ?? groups[0];
    return {
      message,
      object: dst.object,
      path: `${dst.specPointer}/containers`,
      fix: `Declare the port on ${b.flow.to}'s container (ports: [{name, containerPort}]) or correct the flow's port.`,
    };
  }
  const direction = b.blockedBy.includes("ingress") ? "ingress" : "egress";
  const names = b.policies[direction];
  // Prefer the workload's own policy over the namespace-wide default-deny: that is where the allow rule belongs.
  const view = names.map((n) => policies.get(n)).find((p) => p && !isEmptySelector(p.podSelector)) ?? policies.get(names[0]);
  const object: K8sObject | undefined = view?.object;
  const path = view && view.rules[direction].length > 0 ? `/spec/${direction}` : "/spec";
  const side = direction === "ingress" ? b.flow.to : b.flow.from;
  const group = groups.find((g) => g.app === side) ?? groups[0];
  return object ? { message, object, path } : { message, object: group.object, path: `${group.metadataPointer}/labels` };
}

export const rule: TargetRule = {
  id: "network-flows-declared",
  title: "NetworkPolicies allow exactly the declared flows",
  category: "network",
  scope: "target",
  defaultSeverity: "error",
  rationale:
    "The declared flow list is the platform's reviewed picture of who talks to whom; an allowed flow nobody declared is an unreviewed path for an attacker, and a declared flow that policies block is an outage waiting for the deploy.",
  fix: "Make the NetworkPolicies allow exactly the flows in parameters.flows of policies/config.yaml (see `gaia graph --game <g>`), or change the declared flows in the same pull request.",
  kinds: ["NetworkPolicy"],
  check(ctx) {
    const objects = targetIndex(ctx).objects;
    const out: Violation[] = [];
    for (const ns of namespacesWithPods(objects, defaultNamespace(ctx.target))) {
      const flows = undeclaredFlows(objects, ns, ctx.shared, SHOWN);
      const policies = new Map(networkPolicies(objects, ns).map((p) => [p.name, p]));
      const groups = podGroups(objects, ns);
      for (const edge of flows.granted) out.push(granted(edge, policies));
      if (flows.open.count > 0) out.push(unrestricted(flows.open.first, flows.open.count, ns, groups));
      for (const b of flows.declaredButBlocked) out.push(blocked(b, ns, policies, groups));
    }
    return out;
  },
};
