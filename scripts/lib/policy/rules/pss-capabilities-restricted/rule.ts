import type { Violation } from "../../types.ts";
import { allContainers, containerName, containerSecurityContext, podRule } from "../../k8s/pod-security.ts";
import { displayValue } from "../../../util/display.ts";

export const rule = podRule(
  {
    id: "pss-capabilities-restricted",
    profile: "restricted",
    title: "Containers drop ALL capabilities and add at most NET_BIND_SERVICE (PSS restricted)",
    rationale:
      "The runtime's default capability set still includes NET_RAW, CHOWN, SETUID and others an application rarely needs; dropping ALL removes them, so a compromised process starts with nothing to escalate with.",
    fix: "Set securityContext.capabilities: {drop: [ALL]} on every container; add back only NET_BIND_SERVICE when binding a port below 1024.",
    covers: { polaris: ["insecureCapabilities"], kubeLinter: ["drop-net-raw-capability"] },
    stricter: {
      polaris: {
        insecureCapabilities: "Requires drop: [ALL] (PSS restricted); Polaris accepts a drop list that covers its own list of insecure capabilities.",
      },
      kubeLinter: {
        "drop-net-raw-capability": "Requires drop: [ALL] (PSS restricted); kube-linter accepts any drop list that contains NET_RAW.",
      },
    },
  },
  (pod) => {
    const out: Violation[] = [];
    for (const c of allContainers(pod)) {
      const caps = containerSecurityContext(c).capabilities ?? {};
      const drop = Array.isArray(caps.drop) ? caps.drop : [];
      if (!drop.includes("ALL")) {
        const path = Array.isArray(caps.drop)
          ? `${c.pointer}/securityContext/capabilities/drop`
          : c.container.securityContext?.capabilities
            ? `${c.pointer}/securityContext/capabilities`
            : c.container.securityContext
              ? `${c.pointer}/securityContext`
              : c.pointer;
        out.push({ message: `${containerName(c)} does not drop ALL capabilities (drop: ${JSON.stringify(drop)})`, path });
      }
      const add = Array.isArray(caps.add) ? caps.add : [];
      add.forEach((cap: unknown, i: number) => {
        if (cap !== "NET_BIND_SERVICE")
          out.push({
            message: `${containerName(c)} adds capability ${displayValue(cap)}; only NET_BIND_SERVICE may be added`,
            path: `${c.pointer}/securityContext/capabilities/add/${i}`,
          });
      });
    }
    return out;
  },
);
