// RBAC rule evaluation, following the API server's own matching: "*" matches everything, "*/sub" any subresource.
import type { K8sObject, LocatedObject } from "../../types.ts";

export interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  verbs?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export const ROLE_KINDS = ["Role", "ClusterRole"];
export const BINDING_KINDS = ["RoleBinding", "ClusterRoleBinding"];

/** Built-in ClusterRoles that grant write access to (nearly) everything, secrets included. */
export const BROAD_BUILTIN_CLUSTER_ROLES = ["cluster-admin", "admin", "edit"];

export function rulesOf(role: K8sObject): PolicyRule[] {
  const rules = (role as any).rules;
  return Array.isArray(rules) ? rules.filter((r) => r && typeof r === "object") : [];
}

function list(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : [];
}

export function resourceMatches(rule: PolicyRule, resource: string): boolean {
  const [, sub] = resource.split("/");
  return list(rule.resources).some((r) => r === "*" || r === resource || (sub !== undefined && r === `*/${sub}`));
}

/** Whether the rule grants `verb` on `group`/`resource` (resource may carry a subresource, e.g. "pods/exec"). */
export function grants(rule: PolicyRule, group: string, resource: string, verb: string): boolean {
  const groups = list(rule.apiGroups);
  const verbs = list(rule.verbs);
  return (groups.includes("*") || groups.includes(group)) && (verbs.includes("*") || verbs.includes(verb)) && resourceMatches(rule, resource);
}

const ALL_WRITE_VERBS = ["get", "list", "watch", "create", "update", "patch", "delete"];

/** A rule equivalent to cluster-admin inside its scope: every group, every resource, every verb. */
export function grantsEverything(rule: PolicyRule): boolean {
  const verbs = list(rule.verbs);
  return list(rule.apiGroups).includes("*") && list(rule.resources).includes("*") && (verbs.includes("*") || ALL_WRITE_VERBS.every((v) => verbs.includes(v)));
}

/** The Role or ClusterRole a binding refers to, when the same set of objects defines it. */
export function findRole(objects: LocatedObject[], binding: K8sObject): K8sObject | undefined {
  const ref = (binding as any).roleRef ?? {};
  const ns = binding.metadata?.namespace;
  return objects
    .map((lo) => lo.object)
    .find(
      (o) =>
        o.kind === ref.kind &&
        o.metadata?.name === ref.name &&
        (o.kind === "ClusterRole" || binding.kind === "ClusterRoleBinding" || (o.metadata?.namespace ?? ns) === ns),
    );
}

export interface Subject {
  kind: string;
  name: string;
  namespace?: string;
}

export function subjectsOf(binding: K8sObject): Subject[] {
  const s = (binding as any).subjects;
  return Array.isArray(s) ? s.filter((x) => x && typeof x === "object") : [];
}
