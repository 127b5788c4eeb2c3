import type { Violation } from "../../types.ts";
import { allContainers, containerName, containerSecurityContext, podRule, podSecurityContext } from "../../k8s/pod-security.ts";

export const rule = podRule(
  {
    id: "pss-run-as-user",
    profile: "restricted",
    title: "runAsUser is never 0 (PSS restricted)",
    rationale: "An explicit runAsUser: 0 runs the process as root whatever the image says, and defeats runAsNonRoot checks on other fields.",
    fix: "Set runAsUser to the image's non-root UID (10001 in this platform) or leave it unset at that level.",
  },
  (pod) => {
    const out: Violation[] = [];
    if (podSecurityContext(pod).runAsUser === 0)
      out.push({ message: "pod securityContext sets runAsUser: 0 (root)", path: `${pod.pointer}/securityContext/runAsUser` });
    for (const c of allContainers(pod)) {
      if (containerSecurityContext(c).runAsUser === 0)
        out.push({ message: `${containerName(c)} sets securityContext.runAsUser: 0 (root)`, path: `${c.pointer}/securityContext/runAsUser` });
    }
    return out;
  },
);
