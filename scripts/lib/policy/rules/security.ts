import type { Rule } from "../types.ts";
import { rule as automountServiceAccountToken } from "./automount-service-account-token/rule.ts";
import { rule as imageDigestRequired } from "./image-digest-required/rule.ts";
import { rule as imageRegistryAllowed } from "./image-registry-allowed/rule.ts";
import { rule as imageTagNotLatest } from "./image-tag-not-latest/rule.ts";
import { rule as ingressTls } from "./ingress-tls/rule.ts";
import { rule as noPlaintextSecrets } from "./no-plaintext-secrets/rule.ts";
import { rule as pssApparmor } from "./pss-apparmor/rule.ts";
import { rule as pssCapabilitiesBaseline } from "./pss-capabilities-baseline/rule.ts";
import { rule as pssCapabilitiesRestricted } from "./pss-capabilities-restricted/rule.ts";
import { rule as pssHostProcess } from "./pss-host-process/rule.ts";
import { rule as pssHostNamespaces } from "./pss-host-namespaces/rule.ts";
import { rule as pssHostPath } from "./pss-host-path/rule.ts";
import { rule as pssHostPorts } from "./pss-host-ports/rule.ts";
import { rule as pssPrivilegeEscalation } from "./pss-privilege-escalation/rule.ts";
import { rule as pssPrivileged } from "./pss-privileged/rule.ts";
import { rule as pssProcMount } from "./pss-proc-mount/rule.ts";
import { rule as pssRunAsNonRoot } from "./pss-run-as-non-root/rule.ts";
import { rule as pssRunAsUser } from "./pss-run-as-user/rule.ts";
import { rule as pssSeccompBaseline } from "./pss-seccomp-baseline/rule.ts";
import { rule as pssSeccompRestricted } from "./pss-seccomp-restricted/rule.ts";
import { rule as pssSelinux } from "./pss-selinux/rule.ts";
import { rule as pssSysctls } from "./pss-sysctls/rule.ts";
import { rule as pssVolumeTypes } from "./pss-volume-types/rule.ts";
import { rule as rbacNoClusterAdminBinding } from "./rbac-no-cluster-admin-binding/rule.ts";
import { rule as rbacNoSecretsOrExecForGames } from "./rbac-no-secrets-or-exec-for-games/rule.ts";
import { rule as rbacNoWildcards } from "./rbac-no-wildcards/rule.ts";
import { rule as readOnlyRootFilesystem } from "./read-only-root-filesystem/rule.ts";

/** Pod Security Standards, baseline level. */
const pssBaseline: Rule[] = [
  pssHostProcess,
  pssHostNamespaces,
  pssPrivileged,
  pssCapabilitiesBaseline,
  pssHostPath,
  pssHostPorts,
  pssApparmor,
  pssSelinux,
  pssProcMount,
  pssSeccompBaseline,
  pssSysctls,
];
/** Pod Security Standards, restricted level (on top of baseline). */
const pssRestricted: Rule[] = [pssVolumeTypes, pssPrivilegeEscalation, pssRunAsNonRoot, pssRunAsUser, pssSeccompRestricted, pssCapabilitiesRestricted];

export const securityRules: Rule[] = [
  ...pssBaseline,
  ...pssRestricted,
  readOnlyRootFilesystem,
  imageRegistryAllowed,
  imageTagNotLatest,
  imageDigestRequired,
  noPlaintextSecrets,
  automountServiceAccountToken,
  rbacNoWildcards,
  rbacNoClusterAdminBinding,
  rbacNoSecretsOrExecForGames,
  ingressTls,
];
