import { containerName, containerSecurityContext, podRule, securityContextPointer } from "../../k8s/pod-security.ts";
import { containersOf } from "../../k8s/workloads.ts";

export const rule = podRule(
  {
    id: "read-only-root-filesystem",
    title: "Containers run with a read-only root filesystem",
    rationale:
      "A writable root filesystem lets an attacker drop tools or modify binaries in place; with it read-only, every writable path is a deliberate emptyDir mount a reviewer can see.",
    fix: "Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir at each path the process writes (/tmp, caches).",
    covers: { kubeScore: ["container-security-context-readonlyrootfilesystem"], polaris: ["notReadOnlyRootFilesystem"], kubeLinter: ["no-read-only-root-fs"] },
  },
  (pod) =>
    // Ephemeral debug containers are exempt: they are attached by hand to inspect, not deployed from git.
    containersOf(pod, ["initContainers", "containers"])
      .filter((c) => containerSecurityContext(c).readOnlyRootFilesystem !== true)
      .map((c) => {
        const value = containerSecurityContext(c).readOnlyRootFilesystem;
        return {
          message:
            value === undefined
              ? `${containerName(c)} does not set securityContext.readOnlyRootFilesystem (its root filesystem is writable)`
              : `${containerName(c)} sets securityContext.readOnlyRootFilesystem: ${value}`,
          path: securityContextPointer(c.pointer, c.container, "readOnlyRootFilesystem"),
        };
      }),
);
