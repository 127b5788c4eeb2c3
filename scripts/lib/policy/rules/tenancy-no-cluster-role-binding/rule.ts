import type { ObjectRule } from "../../types.ts";
import { displayValue } from "../../../util/display.ts";

export const rule: ObjectRule = {
  id: "tenancy-no-cluster-role-binding",
  title: "Game RoleBindings do not bind ClusterRoles",
  category: "tenancy",
  scope: "object",
  defaultSeverity: "error",
  rationale:
    "A RoleBinding to a ClusterRole grants rules written by someone else for every namespace (admin, edit, or an aggregated role that grows when a CRD is installed); a game's permissions must be a Role it ships and reviewers can read.",
  fix: "Define a namespaced Role with the exact rules the workload needs and reference it with `roleRef: {kind: Role, name: ...}`.",
  kinds: ["RoleBinding"],
  params: {
    allowedClusterRoles: { description: "ClusterRoles a game RoleBinding may still reference (reviewed exceptions).", default: [] },
  },
  check(object, ctx) {
    if (ctx.target.kind !== "game") return [];
    const ref = (object.roleRef as Record<string, unknown> | undefined) ?? {};
    const allowed: string[] = ctx.params.allowedClusterRoles ?? [];
    if (ref.kind !== "ClusterRole" || allowed.includes(displayValue(ref.name))) return [];
    return [
      {
        message: `RoleBinding ${object.metadata?.name ?? ""} binds ClusterRole ${displayValue(ref.name)}; game RoleBindings may only reference Roles of their own namespace`,
        path: "/roleRef/kind",
      },
    ];
  },
};
