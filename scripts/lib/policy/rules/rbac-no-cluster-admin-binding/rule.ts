import type { TargetRule, Violation } from "../../types.ts";
import { BINDING_KINDS, BROAD_BUILTIN_CLUSTER_ROLES, findRole, grantsEverything, rulesOf } from "../../k8s/rbac.ts";
import { ordinal } from "../../../util/display.ts";
import type { RoleRef } from "kubernetes-types/rbac/v1.js";
import { fieldOf } from "../../k8s/typed.ts";

export const rule: TargetRule = {
  id: "rbac-no-cluster-admin-binding",
  title: "No bindings to cluster-admin, admin, edit or an equivalent all-powerful role",
  category: "security",
  scope: "target",
  defaultSeverity: "error",
  rationale:
    "cluster-admin, admin and edit grant read access to every Secret and write access to workloads; a subject bound to them can take over its namespace (or the cluster), and so can anyone who compromises it.",
  fix: "Bind a dedicated Role listing only the resources and verbs the subject needs.",
  kinds: BINDING_KINDS,
  covers: {
    kubeLinter: ["cluster-admin-role-binding"],
    polaris: ["clusterrolebindingClusterAdmin", "rolebindingClusterAdminClusterRole", "rolebindingClusterAdminRole"],
  },
  stricter: {
    polaris: {
      clusterrolebindingClusterAdmin:
        "Also flags bindings to any Role or ClusterRole whose rules grant every verb on every resource; Polaris matches the name cluster-admin.",
    },
    kubeLinter: {
      "cluster-admin-role-binding":
        "Also flags bindings to any Role or ClusterRole whose rules grant every verb on every resource; kube-linter matches the name cluster-admin.",
    },
  },
  check(ctx) {
    const out: Violation[] = [];
    for (const { object } of ctx.objects) {
      if (!BINDING_KINDS.includes(object.kind)) continue;
      const ref = fieldOf<RoleRef>(object, "roleRef") ?? {};
      const label = `${object.kind} "${object.metadata?.name}"`;
      if (ref.kind === "ClusterRole" && typeof ref.name === "string" && BROAD_BUILTIN_CLUSTER_ROLES.includes(ref.name)) {
        out.push({ object, message: `${label} binds the built-in ClusterRole ${ref.name}`, path: "/roleRef/name" });
        continue;
      }
      const role = findRole(ctx.objects, object);
      const index = role ? rulesOf(role).findIndex(grantsEverything) : -1;
      if (role && index >= 0)
        out.push({
          object,
          message: `${label} binds ${role.kind} "${ref.name}", whose ${ordinal(index + 1)} rule grants every verb on every resource (cluster-admin equivalent)`,
          path: "/roleRef/name",
        });
    }
    return out;
  },
};
