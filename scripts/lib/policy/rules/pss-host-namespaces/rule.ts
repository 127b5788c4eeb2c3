import type { Violation } from "../../types.ts";
import { podRule } from "../../k8s/pod-security.ts";

const HOST_NAMESPACES = ["hostNetwork", "hostPID", "hostIPC"] as const;

export const rule = podRule(
  {
    id: "pss-host-namespaces",
    profile: "baseline",
    title: "Pods do not share the node's network, PID or IPC namespace (PSS baseline)",
    rationale:
      "A pod in the host's network, process or IPC namespace can sniff node traffic, signal or inspect every process on the node and read shared memory of other workloads.",
    fix: "Remove hostNetwork, hostPID and hostIPC from the pod spec (or set them to false).",
    covers: { polaris: ["hostNetworkSet", "hostPIDSet", "hostIPCSet"], kubeLinter: ["host-network", "host-pid", "host-ipc"] },
  },
  (pod) => {
    const out: Violation[] = [];
    for (const field of HOST_NAMESPACES) {
      if (pod.spec[field] === true)
        out.push({
          message: `pod spec sets ${field}: true; sharing the node's namespaces is forbidden by the baseline Pod Security Standard`,
          path: `${pod.pointer}/${field}`,
          fix: `Remove ${field} from the pod spec.`,
        });
    }
    return out;
  },
);
