// discover: which kustomization roots to render and which repo documents to check against their JSON schemas.
import { existsSync, readdirSync, statSync, type Dirent } from "node:fs";
import { basename, dirname, join } from "node:path";
import { ENVIRONMENTS, type Environment, type Target } from "../types.ts";
import { fromRepoPath, toRepoPath } from "../util/paths.ts";
import { UsageError } from "../util/errors.ts";

export const KUSTOMIZATION_FILES = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

export interface SchemaDocument {
  /** Repo-relative path of the document. */
  file: string;
  /** Repo-relative path of its JSON schema. */
  schema: string;
}

export interface Discovery {
  targets: Target[];
  documents: SchemaDocument[];
}

export function kustomizationFile(dir: string): string | undefined {
  for (const name of KUSTOMIZATION_FILES) {
    const file = join(dir, name);
    if (existsSync(file)) return file;
  }
  return undefined;
}

/** Lists a folder's entries (a run shares one memoised lister between the selection and the repository rules). */
export type ListDir = (dir: string) => Dirent[];
const listDir: ListDir = (dir) => readdirSync(dir, { withFileTypes: true });

function subdirs(dir: string, list: ListDir = listDir): string[] {
  if (!existsSync(dir)) return [];
  return list(dir)
    .filter((d) => d.isDirectory() && !d.name.startsWith(".") && !d.name.startsWith("_"))
    .map((d) => d.name)
    .sort();
}

function asEnvironment(name: string): Environment | undefined {
  return (ENVIRONMENTS as readonly string[]).includes(name) ? (name as Environment) : undefined;
}

/** Classifies a kustomization root by where it sits in the repository layout. */
export function classifyTarget(repoPath: string): Target {
  const parts = repoPath.split("/");
  if (parts[0] === "overlays" && parts.length === 2) return { path: repoPath, kind: "overlay", environment: asEnvironment(parts[1]) };
  if (parts[0] === "games" && parts.length === 3) return { path: repoPath, kind: "game", game: parts[1], environment: asEnvironment(parts[2]) };
  if (parts[0] === "clusters" && parts.length === 2) return { path: repoPath, kind: "cluster", cluster: parts[1] };
  return { path: repoPath, kind: "overlay" };
}

/** Every kustomization root of the standard layout. */
export function discoverTargets(root: string, list: ListDir = listDir): Target[] {
  const roots: string[] = [];
  for (const env of subdirs(join(root, "overlays"), list)) roots.push(`overlays/${env}`);
  // Only the environment folders of a game are targets; other folders (patches/, components) are built through them.
  for (const game of subdirs(join(root, "games"), list))
    for (const env of subdirs(join(root, "games", game), list).filter(asEnvironment)) roots.push(`games/${game}/${env}`);
  for (const cluster of subdirs(join(root, "clusters"), list)) roots.push(`clusters/${cluster}`);
  return roots.filter((p) => kustomizationFile(fromRepoPath(root, p))).map(classifyTarget);
}

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
}

/** Repo documents that have a JSON schema of their own. */
export function discoverDocuments(root: string): SchemaDocument[] {
  const docs: SchemaDocument[] = [];
  for (const game of subdirs(join(root, "games"))) {
    if (existsSync(join(root, "games", game, "game.yaml"))) docs.push({ file: `games/${game}/game.yaml`, schema: "schemas/game.schema.json" });
  }
  for (const cluster of subdirs(join(root, "clusters"))) {
    if (existsSync(join(root, "clusters", cluster, "cluster.yaml")))
      docs.push({ file: `clusters/${cluster}/cluster.yaml`, schema: "schemas/cluster.schema.json" });
  }
  const policySchemas: Record<string, string> = { "config.yaml": "schemas/policy-config.schema.json", "exceptions.yaml": "schemas/exceptions.schema.json" };
  for (const f of yamlFiles(join(root, "policies"))) {
    docs.push({ file: `policies/${f}`, schema: policySchemas[f] ?? "schemas/policy-config.schema.json" });
  }
  for (const f of yamlFiles(join(root, "policies", "custom"))) docs.push({ file: `policies/custom/${f}`, schema: "schemas/custom-rule.schema.json" });
  return docs;
}

/** A folder of plain manifests, a manifest file, or stdin: validated like kubeconform does. */
export function manifestTarget(root: string, absPath: string): Target {
  return { path: absPath === "-" ? "-" : toRepoPath(root, absPath), kind: absPath === "-" ? "stdin" : "manifests" };
}

/** Repo-relative paths of the files a target's build reads (for "which targets include this base"). */
export type ClosureLookup = (targetPath: string) => string[];

const MANIFEST_FILE = /\.(ya?ml|json)$/i;

function hasManifests(dir: string): boolean {
  // Symlinks count: the manifest loader refuses those leading out of the repository with a finding.
  return readdirSync(dir, { withFileTypes: true }).some((e) => (e.isFile() || e.isSymbolicLink()) && MANIFEST_FILE.test(e.name));
}

/**
 * Targets selected by CLI path arguments: kustomization roots under them; for a base or component, the targets whose
 * builds include it (checked with their environments, not as a stand-alone target); else the manifests themselves.
 * A path that selects nothing and holds no manifest is a usage error, never an empty green run.
 */
export function selectTargets(root: string, all: Target[], absPaths: string[], closureOf?: ClosureLookup): Target[] {
  const chosen = new Map<string, Target>();
  const includers = (rel: string) => (closureOf ? all.filter((t) => closureOf(t.path).some((f) => f.startsWith(`${rel}/`))) : []);
  for (const abs of absPaths) {
    if (abs === "-") {
      chosen.set("-", manifestTarget(root, "-"));
      continue;
    }
    if (!existsSync(abs)) throw new UsageError(`${toRepoPath(root, abs)}: no such file or folder`);
    // A kustomization file stands for its folder: the target, not a manifest.
    const path = KUSTOMIZATION_FILES.includes(basename(abs)) ? dirname(abs) : abs;
    const rel = toRepoPath(root, path);
    const isDir = statSync(path).isDirectory();
    const under = all.filter((t) => rel === "." || t.path === rel || t.path.startsWith(`${rel}/`));
    const including = under.length === 0 && isDir ? includers(rel) : [];
    if (under.length > 0) under.forEach((t) => chosen.set(t.path, t));
    else if (including.length > 0) including.forEach((t) => chosen.set(t.path, t));
    else if (isDir && kustomizationFile(path)) chosen.set(rel, classifyTarget(rel));
    else if (isDir && !hasManifests(path))
      throw new UsageError(`${rel}: no target, kustomization or manifest here (and no target includes it); nothing to validate`);
    else if (!isDir && !MANIFEST_FILE.test(path)) throw new UsageError(`${rel}: not a manifest (.yaml, .yml or .json) and not part of any target`);
    else chosen.set(rel, manifestTarget(root, path));
  }
  return [...chosen.values()];
}
