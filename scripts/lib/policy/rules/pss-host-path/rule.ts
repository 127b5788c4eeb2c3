import type { Violation } from "../../types.ts";
import { podRule } from "../../k8s/pod-security.ts";

export const rule = podRule(
  {
    id: "pss-host-path",
    profile: "baseline",
    title: "No hostPath volumes (PSS baseline)",
    rationale:
      "A hostPath volume exposes the node's filesystem to the pod: the container runtime socket, kubelet credentials or /etc are one mount away, and writes survive the pod.",
    fix: "Replace the hostPath volume with an emptyDir, a ConfigMap/Secret projection or a PersistentVolumeClaim.",
    covers: { polaris: ["hostPathSet"], kubeLinter: ["docker-sock", "sensitive-host-mounts", "writable-host-mount"] },
    stricter: {
      kubeLinter: {
        "docker-sock": "Forbids every hostPath volume (PSS baseline); kube-linter's check flags only the Docker socket.",
        "sensitive-host-mounts": "Forbids every hostPath volume (PSS baseline); kube-linter's check flags only a list of sensitive host paths.",
        "writable-host-mount": "Forbids every hostPath volume (PSS baseline), read-only ones too; kube-linter flags only writable mounts.",
      },
    },
  },
  (pod) => {
    const out: Violation[] = [];
    const volumes = Array.isArray(pod.spec.volumes) ? pod.spec.volumes : [];
    volumes.forEach((v: any, i: number) => {
      if (v?.hostPath === undefined || v.hostPath === null) return;
      out.push({
        message: `volume "${v.name}" mounts host path ${v.hostPath?.path ?? "(no path)"} from the node`,
        path: `${pod.pointer}/volumes/${i}/hostPath`,
      });
    });
    return out;
  },
);
