import type { Violation } from "../../types.ts";
import { allContainers, containerName, containerSecurityContext, podRule } from "../../k8s/pod-security.ts";

/** The capabilities the baseline Pod Security Standard lets a container add (the container runtime's default set). */
export const BASELINE_CAPABILITIES = [
  "AUDIT_WRITE",
  "CHOWN",
  "DAC_OVERRIDE",
  "FOWNER",
  "FSETID",
  "KILL",
  "MKNOD",
  "NET_BIND_SERVICE",
  "SETFCAP",
  "SETGID",
  "SETPCAP",
  "SETUID",
  "SYS_CHROOT",
];

export const rule = podRule(
  {
    id: "pss-capabilities-baseline",
    profile: "baseline",
    title: "Containers add no capability beyond the runtime default set (PSS baseline)",
    rationale:
      "Capabilities such as SYS_ADMIN, NET_ADMIN or SYS_PTRACE break container isolation: they allow mounting filesystems, reconfiguring the node's network or reading other processes' memory.",
    fix: "Remove the capability from securityContext.capabilities.add; only the runtime default set (e.g. NET_BIND_SERVICE, CHOWN) may be added.",
    covers: { polaris: ["dangerousCapabilities"] },
    stricter: {
      polaris: {
        dangerousCapabilities: "Forbids adding any capability outside the PSS baseline list; Polaris flags only SYS_ADMIN, NET_ADMIN and ALL.",
      },
    },
  },
  (pod) => {
    const out: Violation[] = [];
    for (const c of allContainers(pod)) {
      const add = containerSecurityContext(c).capabilities?.add;
      if (!Array.isArray(add)) continue;
      add.forEach((cap, i) => {
        if (cap === "" || BASELINE_CAPABILITIES.includes(String(cap))) return;
        out.push({
          message: `${containerName(c)} adds capability ${cap}, which is outside the baseline set (${BASELINE_CAPABILITIES.join(", ")})`,
          path: `${c.pointer}/securityContext/capabilities/add/${i}`,
        });
      });
    }
    return out;
  },
);
