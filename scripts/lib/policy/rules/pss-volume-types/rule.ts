import type { Violation } from "../../types.ts";
import { podRule } from "../../k8s/pod-security.ts";

export const RESTRICTED_VOLUME_TYPES = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"];

export const rule = podRule(
  {
    id: "pss-volume-types",
    profile: "restricted",
    title: "Only core volume types (PSS restricted)",
    rationale:
      "In-tree volume drivers (nfs, iscsi, cephfs, gitRepo, hostPath...) let a pod reach storage directly, with the node's credentials, outside the PersistentVolume controls the platform audits.",
    fix: "Use configMap, secret, projected, downwardAPI, emptyDir, ephemeral, csi or a persistentVolumeClaim backed by a PersistentVolume.",
  },
  (pod) => {
    const volumes = Array.isArray(pod.spec.volumes) ? pod.spec.volumes : [];
    const out: Violation[] = [];
    volumes.forEach((v: any, i: number) => {
      if (!v || typeof v !== "object") return;
      for (const key of Object.keys(v)) {
        if (key === "name" || RESTRICTED_VOLUME_TYPES.includes(key) || v[key] === null) continue;
        out.push({
          message: `volume "${v.name}" uses the ${key} volume type, which the restricted standard forbids (allowed: ${RESTRICTED_VOLUME_TYPES.join(", ")})`,
          path: `${pod.pointer}/volumes/${i}/${key}`,
        });
      }
    });
    return out;
  },
);
