// Which targets share a kustomize process: game targets of one environment, in small batches, split back exactly
// afterwards (attribute.ts, batch-members.ts); every other target alone.
import type { Target } from "../types.ts";
import { fromRepoPath } from "../util/paths.ts";
import { gameNamespace } from "./attribute.ts";
import { readKustomization } from "./closure.ts";

export const DEFAULT_BATCH_SIZE = 4;

export interface Unit {
  targets: Target[];
}

/**
 * A game target can share a kustomize process when its kustomization pins the game's own namespace and runs no plugins:
 * decided before building, so no target is rendered twice. Cluster-scoped objects are attributed exactly by the
 * batch's member layers (batch-members.ts).
 */
export function isBatchable(root: string, target: Target): boolean {
  if (target.kind !== "game" || !target.game || !target.environment) return false;
  const k = readKustomization(fromRepoPath(root, target.path), root);
  if (!k || k.namespace !== gameNamespace(target.game)) return false;
  return !["replacements", "transformers", "generators", "validators", "helmCharts"].some((key) => key in k);
}

export function planUnits(root: string, targets: Target[], jobs: number, batch: boolean, batchSize: number): Unit[] {
  const singles: Unit[] = [];
  const groups = new Map<string, Target[]>();
  for (const t of targets) {
    if (batch && isBatchable(root, t)) groups.set(t.environment!, [...(groups.get(t.environment!) ?? []), t]);
    else singles.push({ targets: [t] });
  }
  const units: Unit[] = [];
  for (const group of groups.values()) {
    if (group.length === 1) {
      units.push({ targets: group });
      continue;
    }
    // kustomize's cost grows faster than linearly with the objects of one build, so batches stay small.
    const size = Math.max(1, Math.min(batchSize, Math.ceil(group.length / Math.max(1, jobs))));
    for (let i = 0; i < group.length; i += size) units.push({ targets: group.slice(i, i + size) });
  }
  // Big batches first so the pool's tail is short single renders.
  return [...units.sort((a, b) => b.targets.length - a.targets.length), ...singles];
}
