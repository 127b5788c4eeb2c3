import type { Rule } from "../types.ts";
import { rule as argocdIgnoresHpaReplicas } from "./argocd-ignores-hpa-replicas/rule.ts";
import { rule as gateNetworkValid } from "./gate-network-valid/rule.ts";
import { rule as hpaNoFixedReplicas } from "./hpa-no-fixed-replicas/rule.ts";
import { rule as pdbNotBlocking } from "./pdb-not-blocking/rule.ts";
import { rule as pdbPresent } from "./pdb-present/rule.ts";
import { rule as probes } from "./probes/rule.ts";
import { rule as spreadInProduction } from "./spread-in-production/rule.ts";

export const reliabilityRules: Rule[] = [
  probes,
  pdbPresent,
  pdbNotBlocking,
  spreadInProduction,
  hpaNoFixedReplicas,
  argocdIgnoresHpaReplicas,
  gateNetworkValid,
];
