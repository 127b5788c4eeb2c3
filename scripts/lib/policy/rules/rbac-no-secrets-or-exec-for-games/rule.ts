import type { K8sObject } from "../../../types.ts";
import type { TargetRule, Violation } from "../../types.ts";
import { BINDING_KINDS, BROAD_BUILTIN_CLUSTER_ROLES, grants, ROLE_KINDS, rulesOf, subjectsOf, type PolicyRule } from "../../k8s/rbac.ts";

const RBAC_GROUP = "rbac.authorization.k8s.io";
const POD_ACCESS = ["pods/exec", "pods/attach", "pods/portforward"];
// `get` counts too: exec, attach and port-forward over WebSocket are authorised as `get` on the subresource.
const POD_ACCESS_VERBS = ["create", "get"];
// Any verb on Secrets: reading them leaks credentials, creating a service-account token Secret mints one.
const SECRET_VERBS = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];
const IMPERSONATED: Array<[string, string]> = [
  ["", "users"],
  ["", "groups"],
  ["", "serviceaccounts"],
  ["authentication.k8s.io", "uids"],
  ["authentication.k8s.io", "userextras/scopes"],
];

/** What a rule grants that no Role in a game folder may grant, as "verb resource" strings. */
export function forbiddenGrants(rule: PolicyRule): string[] {
  const found: string[] = [];
  const secretVerbs = SECRET_VERBS.filter((verb) => grants(rule, "", "secrets", verb));
  if (secretVerbs.length > 0) found.push(`${secretVerbs.length === SECRET_VERBS.length ? "*" : secretVerbs.join("/")} secrets`);
  for (const resource of POD_ACCESS) for (const verb of POD_ACCESS_VERBS) if (grants(rule, "", resource, verb)) found.push(`${verb} ${resource}`);
  for (const verb of ["escalate", "bind"])
    for (const resource of ["roles", "clusterroles"]) if (grants(rule, RBAC_GROUP, resource, verb)) found.push(`${verb} ${resource}`);
  const impersonated = IMPERSONATED.filter(([group, resource]) => grants(rule, group, resource, "impersonate")).map(([, r]) => r.split("/")[0]);
  if (impersonated.length > 0) found.push(`impersonate ${impersonated.join("/")}`);
  return found;
}

const roleKey = (kind: string, namespace: string | undefined, name: string) => `${kind}/${kind === "ClusterRole" ? "" : (namespace ?? "")}/${name}`;

/** Who the target's bindings give each Role/ClusterRole to, keyed by roleKey(). */
function bindersOf(objects: K8sObject[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const binding of objects) {
    if (!BINDING_KINDS.includes(binding.kind)) continue;
    const ref = (binding as any).roleRef ?? {};
    const ns = binding.kind === "RoleBinding" ? binding.metadata?.namespace : undefined;
    const key = roleKey(String(ref.kind), ns, String(ref.name));
    const subjects = subjectsOf(binding).map((s) => `${s.kind} ${s.kind === "ServiceAccount" ? `${s.namespace ?? ns ?? ""}/` : ""}${s.name}`);
    out.set(key, [...(out.get(key) ?? []), ...subjects]);
  }
  return out;
}

export const rule: TargetRule = {
  id: "rbac-no-secrets-or-exec-for-games",
  title: "Roles in game folders grant no Secrets, pod exec/attach/port-forward, escalate, bind or impersonate",
  category: "security",
  scope: "target",
  defaultSeverity: "error",
  rationale:
    "A game workload that can read Secrets or exec into pods turns one compromised game server into access to every credential and process of its namespace; escalate, bind and impersonate let it grant itself anything. The Role is refused whether or not something binds it yet: the next pull request only has to add a RoleBinding.",
  fix: "Remove secrets, pods/exec, pods/attach, pods/portforward, escalate, bind and impersonate from the game's Role; mount the one Secret the workload needs as a volume instead.",
  kinds: [...ROLE_KINDS, ...BINDING_KINDS],
  covers: {},
  check(ctx) {
    if (ctx.target.kind !== "game") return [];
    const objects = ctx.objects.map((lo) => lo.object);
    const binders = bindersOf(objects);
    const out: Violation[] = [];
    for (const binding of objects) {
      if (!BINDING_KINDS.includes(binding.kind)) continue;
      const ref = (binding as any).roleRef ?? {};
      if (ref.kind === "ClusterRole" && BROAD_BUILTIN_CLUSTER_ROLES.includes(ref.name))
        out.push({
          object: binding,
          message: `${binding.kind} "${binding.metadata?.name}" gives the built-in ClusterRole ${ref.name}, which reads Secrets and execs into pods, to ${
            subjectsOf(binding)
              .map((s) => s.name)
              .join(", ") || "no subject yet"
          }`,
          path: "/roleRef/name",
        });
    }
    for (const role of objects) {
      if (!ROLE_KINDS.includes(role.kind)) continue;
      const name = String(role.metadata?.name ?? "");
      const bound = binders.get(roleKey(role.kind, role.metadata?.namespace, name)) ?? [];
      const to = bound.length > 0 ? `bound to ${bound.join(", ")}` : "not bound yet";
      rulesOf(role).forEach((r, index) => {
        const found = forbiddenGrants(r);
        if (found.length > 0)
          out.push({ object: role, message: `${role.kind} "${name}" rule ${index} grants ${found.join(", ")} (${to})`, path: `/rules/${index}` });
      });
    }
    return out;
  },
};
