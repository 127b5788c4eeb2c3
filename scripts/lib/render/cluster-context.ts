// What Argo CD does with a game (its AppProject, the Pod Security level of its namespace) is decided by the cluster
// targets, whether or not a run checks them: a game-only selection, a --changed-since run or another shard's cluster
// targets are rendered here as context only (cached like every render), and their own findings are dropped.
import type { RenderedTarget, Target } from "../types.ts";
import { renderTargets, type RenderOptions } from "./render.ts";

export interface ClusterContextOptions extends Pick<RenderOptions, "root" | "kustomizeVersion" | "build" | "cache" | "jobs" | "closureOf" | "origins"> {
  /** Targets that must not reach kustomize (remote or unsafe inputs); checked before anything renders. */
  refused: (targets: Target[]) => Set<string>;
}

/** The cluster targets of `all` that `rendered` lacks, rendered without findings; those that fail are left out. */
export async function renderClusterContext(all: Target[], rendered: RenderedTarget[], opts: ClusterContextOptions): Promise<RenderedTarget[]> {
  const have = new Set(rendered.map((rt) => rt.target.path));
  const missing = all.filter((t) => t.kind === "cluster" && !have.has(t.path));
  if (missing.length === 0) return [];
  const { refused, ...render } = opts;
  const context = await renderTargets(missing, { ...render, batch: false, skip: refused(missing) });
  return context.filter((rt) => rt.status === "ok").map((rt) => ({ ...rt, findings: [] }));
}
