import { allContainers, containerName, containerSecurityContext, podRule } from "../../k8s/pod-security.ts";

export const rule = podRule(
  {
    id: "pss-privileged",
    profile: "baseline",
    title: "No privileged containers (PSS baseline)",
    rationale:
      "A privileged container has every capability and all host devices; it is root on the node in all but name, so one compromised process owns the node.",
    fix: "Remove securityContext.privileged (or set it to false); grant the single capability the process needs instead.",
    covers: { kubeScore: ["container-security-context-privileged"], polaris: ["runAsPrivileged"], kubeLinter: ["privileged-container"] },
  },
  (pod) =>
    allContainers(pod)
      .filter((c) => containerSecurityContext(c).privileged === true)
      .map((c) => ({ message: `${containerName(c)} sets securityContext.privileged: true`, path: `${c.pointer}/securityContext/privileged` })),
);
