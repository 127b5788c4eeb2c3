// Wrapper kustomizations: list targets as resources and turn on origin annotations, leaving the repo's files untouched.
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
  const base = join(tmpdir(), "gaia-render");
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, "w-"));
  const resources = targetPaths.map((p) => relative(dir, fromRepoPath(root, p)).split("\\").join("/"));
  const doc = {
    apiVersion: "kustomize.config.k8s.io/v1beta1",
    kind: "Kustomization",
    resources,
    buildMetadata: ["originAnnotations"],
  };
  writeFileSync(join(dir, "kustomization.yaml"), yaml.dump(doc));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
