import type { Violation } from "../../types.ts";
import { parseImage } from "../../k8s/images.ts";
import { allContainers, containerName, podRule } from "../../k8s/pod-security.ts";

export const rule = podRule(
  {
    id: "image-tag-not-latest",
    title: "Images name an explicit version (no missing tag, no :latest)",
    rationale:
      "An image without a tag or with :latest resolves to whatever was pushed last: two nodes can run different code under one manifest, and a rollback restores nothing.",
    fix: "Reference a versioned tag (e.g. :1.4.2) in base and pin a digest in the production overlay with kustomize `images:`.",
    covers: { kubeScore: ["container-image-tag"], polaris: ["tagNotSpecified"], kubeLinter: ["latest-tag"] },
  },
  (pod) => {
    const out: Violation[] = [];
    for (const c of allContainers(pod)) {
      const image = c.container.image;
      if (typeof image !== "string" || image === "") continue;
      const ref = parseImage(image);
      if (ref.digest !== undefined) continue;
      if (ref.tag === undefined || ref.tag === "")
        out.push({ message: `${containerName(c)} uses image ${image} without a tag (it resolves to :latest)`, path: `${c.pointer}/image` });
      else if (ref.tag === "latest") out.push({ message: `${containerName(c)} uses the mutable tag :latest (${image})`, path: `${c.pointer}/image` });
    }
    return out;
  },
);
