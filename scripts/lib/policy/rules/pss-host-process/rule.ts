import type { Violation } from "../../types.ts";
import { allContainers, containerName, containerSecurityContext, podRule, podSecurityContext } from "../../k8s/pod-security.ts";

export const rule = podRule(
  {
    id: "pss-host-process",
    profile: "baseline",
    title: "No Windows HostProcess containers (PSS baseline)",
    rationale: "A Windows HostProcess container runs as a process on the node itself, with the node's network and file system: host access in all but name.",
    fix: "Remove securityContext.windowsOptions.hostProcess (or set it to false) on the pod and every container.",
  },
  (pod) => {
    const out: Violation[] = [];
    if (podSecurityContext(pod).windowsOptions?.hostProcess === true)
      out.push({ message: "pod securityContext sets windowsOptions.hostProcess: true", path: `${pod.pointer}/securityContext/windowsOptions/hostProcess` });
    for (const c of allContainers(pod))
      if (containerSecurityContext(c).windowsOptions?.hostProcess === true)
        out.push({
          message: `${containerName(c)} sets securityContext.windowsOptions.hostProcess: true`,
          path: `${c.pointer}/securityContext/windowsOptions/hostProcess`,
        });
    return out;
  },
);
