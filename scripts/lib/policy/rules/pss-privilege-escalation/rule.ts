import { allContainers, containerName, containerSecurityContext, podRule, securityContextPointer } from "../../k8s/pod-security.ts";

export const rule = podRule(
  {
    id: "pss-privilege-escalation",
    profile: "restricted",
    title: "allowPrivilegeEscalation: false on every container (PSS restricted)",
    rationale:
      "Unless no_new_privs is set, a process can gain privileges through setuid binaries or file capabilities; the kernel default allows it, so it must be turned off explicitly.",
    fix: "Set securityContext.allowPrivilegeEscalation: false on every container, init container and ephemeral container.",
    covers: { polaris: ["privilegeEscalationAllowed"], kubeLinter: ["privilege-escalation-container"] },
    stricter: {
      kubeLinter: {
        "privilege-escalation-container":
          "Requires allowPrivilegeEscalation: false on every container (PSS restricted); kube-linter flags only containers that allow it explicitly or through privileged or CAP_SYS_ADMIN.",
      },
    },
  },
  (pod) =>
    allContainers(pod)
      .filter((c) => containerSecurityContext(c).allowPrivilegeEscalation !== false)
      .map((c) => {
        const value = containerSecurityContext(c).allowPrivilegeEscalation;
        return {
          message:
            value === undefined
              ? `${containerName(c)} does not set securityContext.allowPrivilegeEscalation (it defaults to true)`
              : `${containerName(c)} sets securityContext.allowPrivilegeEscalation: ${value}`,
          path: securityContextPointer(c.pointer, c.container, "allowPrivilegeEscalation"),
        };
      }),
);
