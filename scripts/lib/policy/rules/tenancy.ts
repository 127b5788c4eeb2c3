import type { Rule } from "../types.ts";
import { rule as argocdAppprojectPermits } from "./argocd-appproject-permits/rule.ts";
import { rule as tenancyApplicationsetProject } from "./tenancy-applicationset-project/rule.ts";
import { rule as tenancyAppprojectScope } from "./tenancy-appproject-scope/rule.ts";
import { rule as tenancyNamespace } from "./tenancy-namespace/rule.ts";
import { rule as tenancyNoClusterRoleBinding } from "./tenancy-no-cluster-role-binding/rule.ts";
import { rule as tenancyNoClusterScoped } from "./tenancy-no-cluster-scoped/rule.ts";
import { rule as tenancyNoClusterSecretStore } from "./tenancy-no-cluster-secret-store/rule.ts";
import { rule as tenancyNoRemoteResources } from "./tenancy-no-remote-resources/rule.ts";

export const tenancyRules: Rule[] = [
  tenancyNamespace,
  tenancyNoClusterScoped,
  tenancyNoClusterRoleBinding,
  tenancyNoRemoteResources,
  tenancyAppprojectScope,
  tenancyApplicationsetProject,
  tenancyNoClusterSecretStore,
  argocdAppprojectPermits,
];
