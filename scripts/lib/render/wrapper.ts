// Wrapper kustomizations: several targets as the resources of one build, leaving the repo's files untouched.
// No buildMetadata here on purpose: originAnnotations made kubectl 1.35's kustomize about 8x slower on the template's
// game targets (0.8 s → 8 s each); origins are found from the input closure instead (origins.ts). Annotations a repo
// kustomization sets itself are still read and stripped (parse/rendered.ts).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import yaml from "js-yaml";
import { fromRepoPath } from "../util/paths.ts";
import { writeBatchKustomization } from "./batch-members.ts";

export interface Wrapper {
  dir: string;
  dispose(): void;
}

/** A batch of targets; `clusterKinds` gives the cluster-scoped kinds a target's closure declares (batch-members.ts). */
export function writeWrapper(root: string, targetPaths: string[], clusterKinds: (path: string) => string[] = () => []): Wrapper {
  const dir = temporaryFolder();
  writeBatchKustomization(
    dir,
    targetPaths.map((p) => ({ resource: relativeFrom(dir, fromRepoPath(root, p)), clusterKinds: clusterKinds(p) })),
  );
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

function temporaryFolder(): string {
  const base = join(tmpdir(), "gaia-render");
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, "w-"));
}

/** A path from the wrapper's folder to an absolute path, in kustomize's forward-slash form. */
export function relativeFrom(dir: string, abs: string): string {
  return relative(dir, abs).split("\\").join("/");
}

/** A temporary kustomization whose fields `fields(dir)` returns (given the folder it is written in). */
export function writeWrapperKustomization(fields: (dir: string) => Record<string, unknown>): Wrapper {
  const dir = temporaryFolder();
  const doc = { apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", ...fields(dir) };
  writeFileSync(join(dir, "kustomization.yaml"), yaml.dump(doc));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
