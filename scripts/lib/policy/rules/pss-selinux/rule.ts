import type { Violation } from "../../types.ts";
import { allContainers, containerName, podRule, versionAtLeast } from "../../k8s/pod-security.ts";
import { displayValue } from "../../../util/display.ts";

function allowedTypes(kubernetesVersion: string): string[] {
  const types = ["", "container_t", "container_init_t", "container_kvm_t"];
  return versionAtLeast(kubernetesVersion, 1, 31) ? [...types, "container_engine_t"] : types;
}

function check(options: unknown, pointer: string, owner: string, types: string[]): Violation[] {
  if (!options || typeof options !== "object") return [];
  const o = options as Record<string, unknown>;
  const out: Violation[] = [];
  const type = o.type === undefined || o.type === null ? "" : displayValue(o.type);
  if (!types.includes(type))
    out.push({ message: `${owner} sets seLinuxOptions.type ${type} (allowed: ${types.filter(Boolean).join(", ")})`, path: `${pointer}/type` });
  for (const field of ["user", "role"]) {
    if (o[field] !== undefined && o[field] !== null && o[field] !== "")
      out.push({
        message: `${owner} sets seLinuxOptions.${field} ${displayValue(o[field])}; a custom SELinux ${field} is forbidden`,
        path: `${pointer}/${field}`,
      });
  }
  return out;
}

export const rule = podRule(
  {
    id: "pss-selinux",
    profile: "baseline",
    title: "No custom SELinux user, role or type (PSS baseline)",
    rationale:
      "The SELinux label confines what a container may touch on the node; a custom type such as spc_t or a custom user/role switches that confinement off.",
    fix: "Remove seLinuxOptions, or keep type to container_t / container_init_t / container_kvm_t and leave user and role unset.",
  },
  (pod, _object, ctx) => {
    const types = allowedTypes(ctx.kubernetesVersion);
    const out = check(pod.spec.securityContext?.seLinuxOptions, `${pod.pointer}/securityContext/seLinuxOptions`, "pod securityContext", types);
    for (const c of allContainers(pod))
      out.push(...check(c.container.securityContext?.seLinuxOptions, `${c.pointer}/securityContext/seLinuxOptions`, containerName(c), types));
    return out;
  },
);
