import type { Violation } from "../../types.ts";
import { allContainers, containerName, escapePointer, podMetadataPointer, podRule, podSecurityContext } from "../../k8s/pod-security.ts";
import { displayValue } from "../../../util/display.ts";

const ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";
const ALLOWED_TYPES = ["RuntimeDefault", "Localhost"];

function annotationAllowed(value: unknown): boolean {
  const v = displayValue(value ?? "");
  return v === "" || v === "runtime/default" || v.startsWith("localhost/");
}

export const rule = podRule(
  {
    id: "pss-apparmor",
    profile: "baseline",
    title: "AppArmor is not disabled or overridden (PSS baseline)",
    rationale:
      "The runtime's default AppArmor profile blocks writes to /proc and /sys and other escape paths; an Unconfined profile removes that layer for the whole container.",
    fix: "Remove the AppArmor override, or use RuntimeDefault / a Localhost profile (annotation values runtime/default or localhost/<profile>).",
  },
  (pod) => {
    const out: Violation[] = [];
    const annotations = pod.metadata.annotations ?? {};
    for (const [key, value] of Object.entries(annotations)) {
      if (!key.startsWith(ANNOTATION_PREFIX) || annotationAllowed(value)) continue;
      out.push({
        message: `pod annotation ${key}=${JSON.stringify(value)} sets a forbidden AppArmor profile (allowed: runtime/default, localhost/*)`,
        path: `${podMetadataPointer(pod)}/annotations/${escapePointer(key)}`,
      });
    }
    const podType = podSecurityContext(pod).appArmorProfile?.type;
    if (podType !== undefined && !ALLOWED_TYPES.includes(podType)) {
      out.push({
        message: `pod securityContext.appArmorProfile.type is ${podType} (allowed: ${ALLOWED_TYPES.join(", ")})`,
        path: `${pod.pointer}/securityContext/appArmorProfile/type`,
      });
    }
    for (const c of allContainers(pod)) {
      const type = c.container.securityContext?.appArmorProfile?.type;
      if (type === undefined || ALLOWED_TYPES.includes(type)) continue;
      out.push({
        message: `${containerName(c)} sets securityContext.appArmorProfile.type ${type} (allowed: ${ALLOWED_TYPES.join(", ")})`,
        path: `${c.pointer}/securityContext/appArmorProfile/type`,
      });
    }
    return out;
  },
);
