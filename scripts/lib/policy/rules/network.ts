import type { Rule } from "../types.ts";
import { rule as ingressBackendExists } from "./ingress-backend-exists/rule.ts";
import { rule as networkDefaultDeny } from "./network-default-deny/rule.ts";
import { rule as networkDnsEgress } from "./network-dns-egress/rule.ts";
import { rule as networkFlowsDeclared } from "./network-flows-declared/rule.ts";
import { rule as networkNoCrossGame } from "./network-no-cross-game/rule.ts";
import { rule as networkOnlyGatewayExternal } from "./network-only-gateway-external/rule.ts";
import { rule as networkPeerSelectsPods } from "./network-peer-selects-pods/rule.ts";
import { rule as networkPolicySelectsPods } from "./network-policy-selects-pods/rule.ts";
import { rule as serviceSelectorMatches } from "./service-selector-matches/rule.ts";

export const networkRules: Rule[] = [
  networkDefaultDeny,
  networkPolicySelectsPods,
  networkPeerSelectsPods,
  networkDnsEgress,
  networkFlowsDeclared,
  networkNoCrossGame,
  networkOnlyGatewayExternal,
  serviceSelectorMatches,
  ingressBackendExists,
];
