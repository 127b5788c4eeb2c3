import type { Violation } from "../../types.ts";
import { podRule, versionAtLeast } from "../../k8s/pod-security.ts";

/** The namespaced, pod-isolated sysctls the baseline standard allows, by the Kubernetes version that added them. */
export function safeSysctls(kubernetesVersion: string): string[] {
  const names = [
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
  ];
  if (versionAtLeast(kubernetesVersion, 1, 27)) names.push("net.ipv4.ip_local_reserved_ports");
  if (versionAtLeast(kubernetesVersion, 1, 29))
    names.push("net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");
  return names;
}

export const rule = podRule(
  {
    id: "pss-sysctls",
    profile: "baseline",
    title: "Only safe sysctls (PSS baseline)",
    rationale:
      "Sysctls outside the safe set are not isolated per pod: they change kernel behaviour for every workload on the node or disable security mechanisms.",
    fix: "Remove the sysctl from securityContext.sysctls; if the node truly needs it, it belongs in the node configuration, not in a workload.",
  },
  (pod, _object, ctx) => {
    const safe = safeSysctls(ctx.kubernetesVersion);
    const sysctls = pod.spec.securityContext?.sysctls;
    if (!Array.isArray(sysctls)) return [];
    const out: Violation[] = [];
    sysctls.forEach((s: any, i: number) => {
      const name = String(s?.name ?? "");
      if (name === "" || safe.includes(name)) return;
      out.push({
        message: `pod securityContext sets sysctl ${name}, which is not in the safe set for Kubernetes ${ctx.kubernetesVersion}`,
        path: `${pod.pointer}/securityContext/sysctls/${i}/name`,
      });
    });
    return out;
  },
);
