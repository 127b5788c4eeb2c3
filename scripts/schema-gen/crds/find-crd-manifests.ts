// Finds the YAML files that may hold CustomResourceDefinitions: everything under `schemas/crds/`
// (third-party CRDs kept in the repo) and every `crds/` folder under `base/` (the platform's own CRDs).

import { readdir } from "node:fs/promises";
import path from "node:path";

export const CRD_MANIFEST_ROOTS = ["schemas/crds", "base"] as const;

const YAML_FILE = /\.ya?ml$/i;
const SKIPPED_DIRS = new Set(["node_modules", ".git"]);

/** Repo-relative (forward-slash) paths of candidate CRD manifest files, sorted. */
export async function findCrdManifests(root: string): Promise<string[]> {
  const found: string[] = [];
  for (const start of CRD_MANIFEST_ROOTS) {
    for (const file of await listYamlFiles(root, start)) {
      if (start === "base" && !isInsideCrdsFolder(file)) continue;
      found.push(file);
    }
  }
  return found.sort();
}

function isInsideCrdsFolder(relativeFile: string): boolean {
  return relativeFile.split("/").slice(0, -1).includes("crds");
}

async function listYamlFiles(root: string, relativeDir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(path.join(root, relativeDir), { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const files: string[] = [];
  for (const entry of entries) {
    const relative = `${relativeDir}/${entry.name}`;
    if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name)) files.push(...(await listYamlFiles(root, relative)));
    else if (entry.isFile() && YAML_FILE.test(entry.name)) files.push(relative);
  }
  return files;
}
