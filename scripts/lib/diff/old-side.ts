// The old side of `gaia diff --since`: a sparse snapshot of the base commit holding exactly the input closures of the
// targets compared, so its cost follows the size of the change, not of the repository. The closures are found the way
// every render finds them (render/closure.ts), by filling the snapshot until nothing a visited kustomization names is
// left out: the first round holds the targets' own folders, each next one what the folders read so far refer to.
import { lstatSync, readlinkSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Target } from "../types.ts";
import { ClosureReader } from "../render/closure.ts";
import { foldersAbove, type SparseSnapshot } from "../git/sparse-snapshot.ts";
import { fromRepoPath, isInside, toRepoPath } from "../util/paths.ts";

/** A symlink's target, when the path is one (it is "missing" until its target is checked out too). */
function linkTarget(abs: string): string | undefined {
  try {
    return lstatSync(abs).isSymbolicLink() ? resolve(dirname(abs), readlinkSync(abs)) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Fills `snapshot` with what the old side needs: the folders of the targets selected now and of every changed file
 * (a target that is gone now had its changed files there), then the input closures of `targetsOf()`'s targets.
 */
export async function fillOldSide(snapshot: SparseSnapshot, now: Target[], changedFiles: string[], targetsOf: () => Target[]): Promise<void> {
  await snapshot.fill([...now.map((t) => t.path), ...changedFiles.flatMap(foldersAbove)]);
  const root = snapshot.root;
  for (;;) {
    const reader = new ClosureReader(root);
    const wanted = new Set<string>();
    for (const t of targetsOf()) {
      const { folders, missing } = reader.reach(fromRepoPath(root, t.path));
      for (const f of folders) wanted.add(f);
      for (const m of missing) {
        wanted.add(m);
        const target = linkTarget(m);
        if (target) wanted.add(target);
      }
    }
    const inside = [...wanted].filter((abs) => isInside(root, abs)).map((abs) => toRepoPath(root, abs));
    if ((await snapshot.fill(inside)) === 0) return;
  }
}
