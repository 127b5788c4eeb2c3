import type { Violation } from "../../types.ts";
import { allContainers, containerName, containerSecurityContext, podRule, podSecurityContext, securityContextPointer } from "../../k8s/pod-security.ts";

const ALLOWED = ["RuntimeDefault", "Localhost"];

export const rule = podRule(
  {
    id: "pss-seccomp-restricted",
    profile: "restricted",
    title: "A RuntimeDefault or Localhost seccomp profile on every container (PSS restricted)",
    rationale:
      "Kubernetes runs containers Unconfined by default; only an explicit seccomp profile on the pod or on each container filters the syscalls container escapes rely on.",
    fix: "Set securityContext.seccompProfile.type: RuntimeDefault on the pod spec (or Localhost with a profile), and no other value on containers.",
  },
  (pod) => {
    const out: Violation[] = [];
    const podType = podSecurityContext(pod).seccompProfile?.type;
    const podValid = ALLOWED.includes(podType);
    if (podType !== undefined && !podValid)
      out.push({
        message: `pod securityContext.seccompProfile.type is ${podType} (must be ${ALLOWED.join(" or ")})`,
        path: `${pod.pointer}/securityContext/seccompProfile/type`,
      });
    for (const c of allContainers(pod)) {
      const type = containerSecurityContext(c).seccompProfile?.type;
      if (type !== undefined && !ALLOWED.includes(type))
        out.push({
          message: `${containerName(c)} sets securityContext.seccompProfile.type ${type} (must be ${ALLOWED.join(" or ")})`,
          path: `${c.pointer}/securityContext/seccompProfile/type`,
        });
      else if (type === undefined && !podValid)
        out.push({
          message: `${containerName(c)} has no seccomp profile: neither the pod nor the container sets seccompProfile.type to ${ALLOWED.join(" or ")}`,
          path: securityContextPointer(c.pointer, c.container, "seccompProfile"),
        });
    }
    return out;
  },
);
