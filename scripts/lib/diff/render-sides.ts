// Renders targets for a diff side (the working tree, a snapshot of a commit, a promotion's scratch copy) with the
// render cache of the user's repository: keys hash file contents and repo-relative paths, so any checkout shares it.
import { availableParallelism } from "node:os";
import { join } from "node:path";
import type { K8sObject, RenderedTarget, Target } from "../types.ts";
import type { BuildFn } from "../kustomize/build.ts";
import { diskCache, noCache } from "../render/cache.ts";
import { renderTargets } from "../render/render.ts";

export interface SideRenderer {
  kustomizeVersion: string;
  build: BuildFn;
  /** Repository whose .cache/render is shared; undefined = no cache. */
  cacheRoot?: string;
  jobs?: number;
}

export interface RenderedSide {
  objects: Map<string, K8sObject[]>;
  /** Targets that failed, with kustomize's message. */
  failed: Map<string, string>;
}

export async function renderSide(root: string, targets: Target[], r: SideRenderer): Promise<RenderedSide> {
  const rendered: RenderedTarget[] = await renderTargets(targets, {
    root,
    kustomizeVersion: r.kustomizeVersion,
    build: r.build,
    cache: r.cacheRoot ? diskCache(join(r.cacheRoot, ".cache", "render")) : noCache(),
    jobs: r.jobs ?? availableParallelism(),
  });
  const side: RenderedSide = { objects: new Map(), failed: new Map() };
  for (const rt of rendered) {
    if (rt.status === "ok")
      side.objects.set(
        rt.target.path,
        rt.objects.map((lo) => lo.object),
      );
    else side.failed.set(rt.target.path, rt.findings[0]?.message ?? "kustomize build failed");
  }
  return side;
}
