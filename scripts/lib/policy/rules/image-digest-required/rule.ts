import { isSha256Digest, parseImage } from "../../k8s/images.ts";
import { allContainers, containerName, podRule } from "../../k8s/pod-security.ts";

export const rule = podRule(
  {
    id: "image-digest-required",
    title: "Production images are pinned by digest",
    rationale:
      "A tag can be moved to another image after review; only a sha256 digest guarantees production runs the exact bytes that were tested in staging and promoted.",
    fix: "Pin the image in the production overlay with kustomize `images: [{name: ..., digest: sha256:...}]` (`kustomize edit set image <name>@sha256:<digest>` run in the overlay writes it).",
    environments: ["production"],
  },
  (pod) =>
    allContainers(pod)
      .filter((c) => typeof c.container.image === "string" && c.container.image !== "" && !isSha256Digest(parseImage(c.container.image).digest))
      .map((c) => {
        const digest = parseImage(c.container.image).digest;
        return {
          message:
            digest === undefined
              ? `${containerName(c)} uses image ${c.container.image} without a digest; production images must be pinned with @sha256:`
              : `${containerName(c)} uses image ${c.container.image} whose digest is not a sha256 digest`,
          path: `${c.pointer}/image`,
        };
      }),
);
