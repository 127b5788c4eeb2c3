import { allContainers, containerName, containerSecurityContext, podRule } from "../../k8s/pod-security.ts";

export const rule = podRule(
  {
    id: "pss-proc-mount",
    profile: "baseline",
    title: "Default /proc masking (PSS baseline)",
    rationale: "The runtime masks sensitive /proc paths (kcore, sysrq-trigger, timer lists); procMount: Unmasked exposes them to the container.",
    fix: "Remove securityContext.procMount (or set it to Default).",
    covers: { polaris: ["procMount"], kubeLinter: ["unsafe-proc-mount"] },
  },
  (pod) =>
    allContainers(pod)
      .filter((c) => {
        const v = containerSecurityContext(c).procMount;
        return v !== undefined && v !== null && v !== "Default";
      })
      .map((c) => ({
        message: `${containerName(c)} sets securityContext.procMount: ${containerSecurityContext(c).procMount} (only Default is allowed)`,
        path: `${c.pointer}/securityContext/procMount`,
      })),
);
