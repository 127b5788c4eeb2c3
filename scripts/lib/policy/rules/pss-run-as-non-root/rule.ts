import type { Violation } from "../../types.ts";
import { allContainers, containerName, containerSecurityContext, podRule, podSecurityContext, securityContextPointer } from "../../k8s/pod-security.ts";

export const rule = podRule(
  {
    id: "pss-run-as-non-root",
    profile: "restricted",
    title: "runAsNonRoot: true for every container (PSS restricted)",
    rationale:
      "Root inside a container is root on the node's kernel; one kernel or runtime bug away from owning the node. runAsNonRoot makes the kubelet refuse to start a container whose user is root.",
    fix: "Set securityContext.runAsNonRoot: true on the pod (and do not set it to false on any container), with a non-zero runAsUser.",
    covers: { polaris: ["runAsRootAllowed"] },
    stricter: {
      polaris: {
        runAsRootAllowed: "Accepts only runAsNonRoot: true (PSS restricted); Polaris also passes a container with a non-zero runAsUser and no runAsNonRoot.",
      },
    },
  },
  (pod) => {
    const out: Violation[] = [];
    const podValue = podSecurityContext(pod).runAsNonRoot;
    if (podValue === false) out.push({ message: "pod securityContext sets runAsNonRoot: false", path: `${pod.pointer}/securityContext/runAsNonRoot` });
    for (const c of allContainers(pod)) {
      const value = containerSecurityContext(c).runAsNonRoot;
      if (value === false)
        out.push({ message: `${containerName(c)} sets securityContext.runAsNonRoot: false`, path: `${c.pointer}/securityContext/runAsNonRoot` });
      else if (value === undefined && podValue !== true)
        out.push({
          message: `${containerName(c)} may run as root: neither the pod nor the container sets securityContext.runAsNonRoot: true`,
          path: securityContextPointer(c.pointer, c.container, "runAsNonRoot"),
        });
    }
    return out;
  },
);
