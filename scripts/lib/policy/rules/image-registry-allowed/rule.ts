import type { ObjectRule, Violation } from "../../types.ts";
import { containersOf, podTemplate, WORKLOAD_KINDS } from "../../k8s/workloads.ts";

export function imageRegistry(image: string): string {
  const first = image.split("/")[0];
  return image.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost") ? first : "docker.io";
}

export const rule: ObjectRule = {
  id: "image-registry-allowed",
  title: "Images come from an allowed registry",
  category: "security",
  scope: "object",
  defaultSeverity: "error",
  rationale: "Images from arbitrary registries bypass the platform's scanning, signing and mirroring; a typo-squatted name runs someone else's code.",
  fix: "Push the image to an allowed registry (parameters.allowedRegistries in policies/config.yaml) and reference it there.",
  kinds: WORKLOAD_KINDS,
  covers: { kubeLinter: [], polaris: [], kubeScore: [] },
  check(object, ctx) {
    const pod = podTemplate(object);
    if (!pod) return [];
    const allowed: string[] = ctx.shared.allowedRegistries ?? [];
    const out: Violation[] = [];
    for (const c of containersOf(pod, ["initContainers", "containers", "ephemeralContainers"])) {
      const image = String(c.container.image ?? "");
      if (!image) continue;
      const registry = imageRegistry(image);
      if (!allowed.includes(registry)) {
        out.push({
          message: `container "${c.container.name}" uses image ${image} from ${registry}, which is not an allowed registry (${allowed.join(", ") || "none configured"})`,
          path: `${c.pointer}/image`,
        });
      }
    }
    return out;
  },
};
