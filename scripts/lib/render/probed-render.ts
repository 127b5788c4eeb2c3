// A target rendered through its no-op probe copy (no-ops.ts): one kustomize process gives both the target's objects
// and its own kustomization's no-op verdicts, instead of a render and a probe build. Only where that gives exactly the
// target's own output: the probe marks are a top-level field removed afterwards, so no `images` entries (their probes
// change tags) and no inline delete patches (the probe copy leaves them out); and since the copy is built without
// kustomize's load restrictor, only where every kustomization of the build names files inside its own folder, as the
// restrictor demands.
import { rmSync } from "node:fs";
import { join } from "node:path";
import type { K8sObject, Target } from "../types.ts";
import type { BuildFn } from "../kustomize/build.ts";
import { kustomizationFile } from "../discover/discover.ts";
import { fromRepoPath, toRepoPath } from "../util/paths.ts";
import { writeBatchKustomization } from "./batch-members.ts";
import { readKustomization, type ClosureReader } from "./closure.ts";
import { evaluate, hasProbes, isComponent, probeTemp, writeProbe, type Located, type NoOpOptions, type Written } from "./no-ops.ts";
import { PROBE_FIELD } from "./probe-kustomization.ts";

export interface ProbedRenderOptions {
  /** Builds without kustomize's load restrictor (the probe copy names the repository's files from a temporary folder). */
  build: BuildFn;
  lineOf: NoOpOptions["lineOf"];
  /** Receives the no-op verdicts of each target folder (absolute path) built through its probe copy. */
  onVerdicts: (dir: string, found: Located[]) => void;
}

const deletes = (p: any) => typeof p?.patch === "string" && /\$patch:\s*delete/.test(p.patch);

/** True when `target` renders through its probe copy with exactly the objects of its own build. */
export function rendersThroughProbe(root: string, target: Target, reader: ClosureReader): boolean {
  const dir = fromRepoPath(root, target.path);
  const doc = readKustomization(dir, root);
  if (!doc || isComponent(doc) || !hasProbes(doc)) return false;
  if (Array.isArray(doc.images) && doc.images.length > 0) return false;
  if ([doc.patches, doc.patchesJson6902].some((list) => Array.isArray(list) && list.some(deletes))) return false;
  return reader.staysInRoots(dir);
}

export interface ProbedBuildFolder {
  dir: string;
  /** What each target's probe copy carries, in the order of the targets. */
  written: Written[];
  dispose: () => void;
}

/** Writes the probe copies of `targets` (several as one batch, members as batch-members.ts lays them out). */
export function writeProbedBuild(root: string, targets: Target[], clusterKinds: (t: Target) => string[]): ProbedBuildFolder | undefined {
  const tmp = probeTemp();
  let n = 0;
  const nextId = () => String(n++);
  const written: Written[] = [];
  for (const [i, t] of targets.entries()) {
    const w = writeProbe(root, fromRepoPath(root, t.path), join(tmp, `k${i}`), nextId);
    if (!w) {
      rmSync(tmp, { recursive: true, force: true });
      return undefined;
    }
    written.push(w);
  }
  if (targets.length > 1)
    writeBatchKustomization(
      tmp,
      targets.map((t, i) => ({ resource: `k${i}`, clusterKinds: clusterKinds(t) })),
    );
  return { dir: targets.length > 1 ? tmp : join(tmp, "k0"), written, dispose: () => rmSync(tmp, { recursive: true, force: true }) };
}

/** Removes the probe marks from a target's objects and hands its verdicts on. */
export function settleProbes(root: string, target: Target, written: Written, objects: K8sObject[], opts: ProbedRenderOptions): void {
  const seen = new Set<string>();
  for (const o of objects) {
    const marks = o[PROBE_FIELD];
    if (marks && typeof marks === "object") for (const id of Object.keys(marks)) seen.add(id);
    delete o[PROBE_FIELD];
  }
  const dir = fromRepoPath(root, target.path);
  opts.onVerdicts(dir, evaluate(written, toRepoPath(root, kustomizationFile(dir)!), objects, opts.lineOf, seen));
}
