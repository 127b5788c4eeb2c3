// Rendering for commands other than validate (graph, cost, preview): the same cached, batched render stage.
import { availableParallelism } from "node:os";
import { join } from "node:path";
import type { RenderedTarget, Target } from "../types.ts";
import { resolveKustomize } from "../kustomize/resolve.ts";
import { kustomizeBuilder } from "../kustomize/build.ts";
import { diskCache } from "./cache.ts";
import { renderTargets } from "./render.ts";
import { UsageError } from "../util/errors.ts";

export async function renderForCommand(root: string, targets: Target[], env: NodeJS.ProcessEnv): Promise<RenderedTarget[]> {
  const kustomize = await resolveKustomize({ root, env });
  const rendered = await renderTargets(targets, {
    root,
    kustomizeVersion: kustomize.version,
    build: kustomizeBuilder(kustomize),
    cache: diskCache(join(root, ".cache", "render")),
    jobs: availableParallelism(),
  });
  const failed = rendered.filter((r) => r.status === "failed");
  if (failed.length)
    throw new UsageError(
      `cannot render ${failed.map((f) => f.target.path).join(", ")}: ${failed[0].findings[0]?.message ?? "kustomize failed"} (run gaia validate for details)`,
    );
  return rendered;
}
