// Which Pod Security Standards profile the API server enforces for a target's namespace (Pod Security Admission,
// label pod-security.kubernetes.io/enforce), and which catalog rule checks each control of each profile.
import { applicationsDeploying, type ArgoContext } from "../../argocd/cluster-model.ts";
import type { TargetContext } from "../types.ts";

export type PssLevel = "privileged" | "baseline" | "restricted";
export type PssProfile = Exclude<PssLevel, "privileged">;

export const ENFORCE_LABEL = "pod-security.kubernetes.io/enforce";
const ORDER: PssLevel[] = ["privileged", "baseline", "restricted"];

/**
 * Every control of the Pod Security Standards (kubernetes.io/docs/concepts/security/pod-security-standards, v1.30)
 * and the rule that checks it. A test keeps this table, the catalog and the rules' profiles in step.
 */
export const PSS_CONTROLS: Record<PssProfile, Record<string, string>> = {
  baseline: {
    HostProcess: "pss-host-process",
    "Host Namespaces": "pss-host-namespaces",
    "Privileged Containers": "pss-privileged",
    Capabilities: "pss-capabilities-baseline",
    "HostPath Volumes": "pss-host-path",
    "Host Ports": "pss-host-ports",
    AppArmor: "pss-apparmor",
    SELinux: "pss-selinux",
    "/proc Mount Type": "pss-proc-mount",
    Seccomp: "pss-seccomp-baseline",
    Sysctls: "pss-sysctls",
  },
  restricted: {
    "Volume Types": "pss-volume-types",
    "Privilege Escalation": "pss-privilege-escalation",
    "Running as Non-root": "pss-run-as-non-root",
    "Running as Non-root user": "pss-run-as-user",
    Seccomp: "pss-seccomp-restricted",
    Capabilities: "pss-capabilities-restricted",
  },
};

function level(value: unknown): PssLevel | undefined {
  return ORDER.includes(value as PssLevel) ? (value as PssLevel) : undefined;
}

const stricter = (a: PssLevel | undefined, b: PssLevel | undefined): PssLevel | undefined =>
  a === undefined ? b : b === undefined ? a : ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b;

const cache = new WeakMap<ArgoContext, Map<string, PssLevel | undefined>>();

/**
 * The enforce level of a game target's namespace: the managedNamespaceMetadata labels of the Applications that deploy
 * it (CreateNamespace=true), and the labels of a Namespace the target renders itself; the strictest when several
 * clusters disagree. Undefined when nothing says (then every profile is checked).
 */
export function enforcedLevel(ctx: TargetContext): PssLevel | undefined {
  if (ctx.target.kind !== "game" || !ctx.repo.argocd) return undefined;
  const known = cache.get(ctx.repo.argocd) ?? new Map<string, PssLevel | undefined>();
  cache.set(ctx.repo.argocd, known);
  if (known.has(ctx.target.path)) return known.get(ctx.target.path);
  let found: PssLevel | undefined;
  for (const app of applicationsDeploying(ctx.repo.argocd.model, ctx.target.path)) found = stricter(found, level(app.namespaceLabels?.[ENFORCE_LABEL]));
  for (const { object } of ctx.objects)
    if (object.kind === "Namespace" && object.apiVersion === "v1") found = stricter(found, level(object.metadata?.labels?.[ENFORCE_LABEL]));
  known.set(ctx.target.path, found);
  return found;
}

/** Whether a rule of the given profile is checked for the target: its namespace enforces that profile or a stricter one. */
export function profileChecked(profile: PssProfile | undefined, ctx: TargetContext): boolean {
  if (!profile) return true;
  const enforced = enforcedLevel(ctx);
  return enforced === undefined || ORDER.indexOf(enforced) >= ORDER.indexOf(profile);
}
