import type { Rule } from "../types.ts";
import { rule as apiAnnotationsSize } from "./api-annotations-size/rule.ts";
import { rule as apiConfigmapSecretSize } from "./api-configmap-secret-size/rule.ts";
import { rule as apiDuplicateObject } from "./api-duplicate-object/rule.ts";
import { rule as apiLabelSyntax } from "./api-label-syntax/rule.ts";
import { rule as apiNameSyntax } from "./api-name-syntax/rule.ts";
import { rule as argocdIgnoresHpaReplicas } from "./argocd-ignores-hpa-replicas/rule.ts";
import { rule as gateNetworkValid } from "./gate-network-valid/rule.ts";
import { rule as hpaNoFixedReplicas } from "./hpa-no-fixed-replicas/rule.ts";
import { rule as pdbNotBlocking } from "./pdb-not-blocking/rule.ts";
import { rule as pdbPresent } from "./pdb-present/rule.ts";
import { rule as promotionOrder } from "./promotion-order/rule.ts";
import { rule as probes } from "./probes/rule.ts";
import { rule as spreadInProduction } from "./spread-in-production/rule.ts";

/** What the API server refuses at sync time although kustomize renders it. */
const apiServerRefusals: Rule[] = [apiNameSyntax, apiLabelSyntax, apiAnnotationsSize, apiConfigmapSecretSize, apiDuplicateObject];

export const reliabilityRules: Rule[] = [
  probes,
  pdbPresent,
  pdbNotBlocking,
  spreadInProduction,
  hpaNoFixedReplicas,
  argocdIgnoresHpaReplicas,
  gateNetworkValid,
  ...apiServerRefusals,
  promotionOrder,
];
