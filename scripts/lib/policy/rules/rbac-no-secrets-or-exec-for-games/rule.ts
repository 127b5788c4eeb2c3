import type { K8sObject } from "../../../types.ts";
import type { TargetRule, Violation } from "../../types.ts";
import { BINDING_KINDS, BROAD_BUILTIN_CLUSTER_ROLES, findRole, grants, rulesOf, subjectsOf, type PolicyRule } from "../../k8s/rbac.ts";

const SECRET_VERBS = ["get", "list", "watch"];
const POD_ACCESS = ["pods/exec", "pods/attach", "pods/portforward"];
// `get` counts too: exec, attach and port-forward over WebSocket are authorised as `get` on the subresource.
const POD_ACCESS_VERBS = ["create", "get"];

/** What a rule grants that a game service account must not have, as "verb resource" strings. */
export function forbiddenGrants(rule: PolicyRule): string[] {
  const found: string[] = [];
  for (const verb of SECRET_VERBS) if (grants(rule, "", "secrets", verb)) found.push(`${verb} secrets`);
  for (const resource of POD_ACCESS) for (const verb of POD_ACCESS_VERBS) if (grants(rule, "", resource, verb)) found.push(`${verb} ${resource}`);
  return found;
}

interface Hit {
  role: K8sObject;
  index: number;
  grants: string[];
  accounts: Set<string>;
}

export const rule: TargetRule = {
  id: "rbac-no-secrets-or-exec-for-games",
  title: "Game service accounts cannot read Secrets or exec/attach/port-forward into pods",
  category: "security",
  scope: "target",
  defaultSeverity: "error",
  rationale:
    "A game workload that can read Secrets or exec into pods turns one compromised game server into access to every credential and process of its namespace.",
  fix: "Remove secrets and pods/exec, pods/attach, pods/portforward from the Role bound to the game's ServiceAccount; mount the one Secret the workload needs as a volume instead.",
  kinds: ["Role", "ClusterRole", ...BINDING_KINDS],
  covers: {},
  check(ctx) {
    if (ctx.target.kind !== "game") return [];
    const out: Violation[] = [];
    const hits = new Map<string, Hit>();
    for (const { object: binding } of ctx.objects) {
      if (!BINDING_KINDS.includes(binding.kind)) continue;
      const accounts = subjectsOf(binding)
        .filter((s) => s.kind === "ServiceAccount")
        .map((s) => `${s.namespace ?? binding.metadata?.namespace ?? ""}/${s.name}`);
      if (accounts.length === 0) continue;
      const ref = (binding as any).roleRef ?? {};
      if (ref.kind === "ClusterRole" && BROAD_BUILTIN_CLUSTER_ROLES.includes(ref.name)) {
        out.push({
          object: binding,
          message: `${binding.kind} "${binding.metadata?.name}" gives service account(s) ${accounts.join(", ")} the built-in ClusterRole ${ref.name}, which reads Secrets and execs into pods`,
          path: "/roleRef/name",
        });
        continue;
      }
      const role = findRole(ctx.objects, binding);
      if (!role) continue;
      rulesOf(role).forEach((r, index) => {
        const found = forbiddenGrants(r);
        if (found.length === 0) return;
        const key = `${role.kind}/${role.metadata?.namespace ?? ""}/${role.metadata?.name}/${index}`;
        const hit = hits.get(key) ?? { role, index, grants: found, accounts: new Set<string>() };
        accounts.forEach((a) => hit.accounts.add(a));
        hits.set(key, hit);
      });
    }
    for (const hit of hits.values()) {
      out.push({
        object: hit.role,
        message: `${hit.role.kind} "${hit.role.metadata?.name}" rule ${hit.index} lets game service account(s) ${[...hit.accounts].join(", ")} ${hit.grants.join(", ")}`,
        path: `/rules/${hit.index}`,
      });
    }
    return out;
  },
};
