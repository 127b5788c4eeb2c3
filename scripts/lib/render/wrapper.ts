// Wrapper kustomizations: several targets as the resources of one build, leaving the repo's files untouched.
// No buildMetadata here on purpose: originAnnotations made kubectl 1.35's kustomize about 8x slower on the template's
// game targets (0.8 s → 8 s each); origins are found from the input closure instead (origins.ts). Annotations a repo
// kustomization sets itself are still read and stripped (parse/rendered.ts).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import yaml from "js-yaml";
import { fromRepoPath } from "../util/paths.ts";

export interface Wrapper {
  dir: string;
  dispose(): void;
}

export function writeWrapper(root: string, targetPaths: string[]): Wrapper {
  return writeWrapperKustomization((dir) => ({ resources: targetPaths.map((p) => relativeFrom(dir, fromRepoPath(root, p))) }));
}

/** A path from the wrapper's folder to an absolute path, in kustomize's forward-slash form. */
export function relativeFrom(dir: string, abs: string): string {
  return relative(dir, abs).split("\\").join("/");
}

/** A temporary kustomization whose fields `fields(dir)` returns (given the folder it is written in). */
export function writeWrapperKustomization(fields: (dir: string) => Record<string, unknown>): Wrapper {
  const base = join(tmpdir(), "gaia-render");
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, "w-"));
  const doc = { apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", ...fields(dir) };
  writeFileSync(join(dir, "kustomization.yaml"), yaml.dump(doc));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
