// Values of the rendered diff (gaia diff, gaia promote, the pull-request comment). Described by schemas/diff.schema.json.
import type { ObjectRef } from "../types.ts";

/** A map key, a list item matched by its `name`, or a list position. */
export type PathSegment = string | { name: string } | { index: number };

export interface FieldChange {
  path: PathSegment[];
  type: "added" | "removed" | "changed";
  before?: unknown;
  after?: unknown;
  /** Secret data: the values are never shown, only that they changed. */
  masked?: boolean;
}

export interface ObjectDiff {
  change: "added" | "removed" | "changed";
  object: ObjectRef;
  /** A generated ConfigMap/Secret whose hash suffix changed with its content: the old name. */
  renamedFrom?: string;
  fields: FieldChange[];
}

export interface TargetDiff {
  /** Target path on the new side (or the old side when the target was removed); for --env, "a → b". */
  target: string;
  /** added/removed: the target exists on one side only; failed: a side could not be rendered. */
  status: "added" | "removed" | "changed" | "unchanged" | "failed";
  game?: string;
  objects: ObjectDiff[];
  /** Why a side could not be rendered. */
  error?: string;
}

export interface DiffReport {
  version: 1;
  /** What the old side is (a ref and its commit, or an environment). */
  base: string;
  /** What the new side is (the working tree, or an environment). */
  head: string;
  targets: TargetDiff[];
  summary: { targets: number; changedTargets: number; added: number; removed: number; changed: number; failed: number };
}

export function summarise(targets: TargetDiff[]): DiffReport["summary"] {
  const objects = targets.flatMap((t) => t.objects);
  return {
    targets: targets.length,
    changedTargets: targets.filter((t) => t.status !== "unchanged").length,
    added: objects.filter((o) => o.change === "added").length,
    removed: objects.filter((o) => o.change === "removed").length,
    changed: objects.filter((o) => o.change === "changed").length,
    failed: targets.filter((t) => t.status === "failed").length,
  };
}
