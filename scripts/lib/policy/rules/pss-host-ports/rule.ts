import type { Violation } from "../../types.ts";
import { allContainers, containerName, podRule } from "../../k8s/pod-security.ts";

export const rule = podRule(
  {
    id: "pss-host-ports",
    profile: "baseline",
    title: "No host ports (PSS baseline)",
    rationale: "A hostPort binds the node's own network interface, bypassing Services and NetworkPolicies, and pins the pod to nodes where that port is free.",
    fix: "Remove hostPort and expose the container through a Service (and the ingress gateway for outside traffic).",
    covers: { polaris: ["hostPortSet"] },
  },
  (pod) => {
    const out: Violation[] = [];
    for (const c of allContainers(pod)) {
      const ports = Array.isArray(c.container.ports) ? c.container.ports : [];
      ports.forEach((p: any, i: number) => {
        const hostPort = p?.hostPort;
        if (hostPort === undefined || hostPort === null || Number(hostPort) === 0) return;
        out.push({ message: `${containerName(c)} binds host port ${hostPort} (container port ${p.containerPort})`, path: `${c.pointer}/ports/${i}/hostPort` });
      });
    }
    return out;
  },
);
