import type { Violation } from "../../types.ts";
import { allContainers, containerName, podRule } from "../../k8s/pod-security.ts";

const ALLOWED = ["RuntimeDefault", "Localhost"];

export const rule = podRule(
  {
    id: "pss-seccomp-baseline",
    profile: "baseline",
    title: "Seccomp is not set to Unconfined (PSS baseline)",
    rationale: "Without a seccomp filter every kernel syscall is reachable from the container, including the ones most container escapes use.",
    fix: "Set seccompProfile.type to RuntimeDefault (or Localhost) instead of Unconfined.",
  },
  (pod) => {
    const out: Violation[] = [];
    const podType = pod.spec.securityContext?.seccompProfile?.type;
    if (podType !== undefined && !ALLOWED.includes(podType))
      out.push({
        message: `pod securityContext.seccompProfile.type is ${podType} (allowed: ${ALLOWED.join(", ")})`,
        path: `${pod.pointer}/securityContext/seccompProfile/type`,
      });
    for (const c of allContainers(pod)) {
      const type = c.container.securityContext?.seccompProfile?.type;
      if (type !== undefined && !ALLOWED.includes(type))
        out.push({
          message: `${containerName(c)} sets securityContext.seccompProfile.type ${type} (allowed: ${ALLOWED.join(", ")})`,
          path: `${c.pointer}/securityContext/seccompProfile/type`,
        });
    }
    return out;
  },
);
