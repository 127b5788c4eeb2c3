// Reads the repository's own documents (policies, game.yaml, cluster.yaml) safely, with findings for what is wrong.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { Finding } from "../types.ts";
import { parseSource, type ParsedSource } from "../parse/source.ts";
import { fromRepoPath, toRepoPath } from "../util/paths.ts";
import { readInsideRepo } from "../util/safe-fs.ts";
import { normaliseConfig, type PolicyConfig } from "../policy/config.ts";
import type { PolicyException } from "../policy/exceptions.ts";
import type { ClusterSpec, GameSpec, RepoContext, RepoFile } from "../policy/types.ts";
import type { RenderedTarget } from "../types.ts";
import type { RepoFiles } from "../argocd/generators.ts";

export function readRepoFile(root: string, file: string): ParsedSource | undefined {
  const bytes = readInsideRepo(root, fromRepoPath(root, file));
  return bytes ? parseSource(file, bytes) : undefined;
}

/** The first document of a repo YAML file, or undefined; problems are appended to `findings`. */
export function readDocument(root: string, file: string, findings: Finding[]): unknown {
  const parsed = readRepoFile(root, file);
  if (!parsed) return undefined;
  findings.push(...parsed.findings);
  return parsed.fatal ? undefined : parsed.documents[0]?.value;
}

export function loadPolicyConfig(root: string, findings: Finding[]): PolicyConfig {
  return normaliseConfig(readDocument(root, "policies/config.yaml", findings));
}

export function loadExceptions(root: string, findings: Finding[]): PolicyException[] {
  const file = "policies/exceptions.yaml";
  const parsed = readRepoFile(root, file);
  if (!parsed) return [];
  findings.push(...parsed.findings);
  const doc = parsed.documents[0];
  const list = (doc?.value as { exceptions?: PolicyException[] } | undefined)?.exceptions;
  if (!Array.isArray(list)) return [];
  // Entries of the wrong shape are left out: the file's schema check reports them at their line.
  return list.flatMap((e: unknown, i) => {
    if (!isUsableException(e)) return [];
    const node = doc.doc.getIn(["exceptions", i], true) as { range?: [number, number, number] } | undefined;
    const line = node?.range ? parsed.lineCounter.linePos(node.range[0]).line : doc.line;
    return [{ ...e, match: e.match ?? {}, owner: String(e.owner ?? ""), expires: String(e.expires), source: { file, line } }];
  });
}

function isUsableException(e: unknown): e is PolicyException {
  if (!e || typeof e !== "object" || Array.isArray(e)) return false;
  const x = e as Record<string, unknown>;
  const match = x.match;
  const matchOk =
    match === undefined || (!!match && typeof match === "object" && !Array.isArray(match) && Object.values(match).every((v) => typeof v === "string"));
  return typeof x.rule === "string" && matchOk && (typeof x.expires === "string" || x.expires instanceof Date);
}

function loadSpecs<T>(root: string, folder: string, fileName: string, findings: Finding[]): Map<string, RepoFile<T>> {
  const out = new Map<string, RepoFile<T>>();
  const dir = join(root, folder);
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    const file = `${folder}/${name}/${fileName}`;
    const spec = readDocument(root, file, findings);
    if (spec && typeof spec === "object" && !Array.isArray(spec)) out.set(name, { file, spec: { name, ...spec } as T });
  }
  return out;
}

export function listFilesUnder(root: string, dir: string): string[] {
  const out: string[] = [];
  const walk = (abs: string) => {
    if (!existsSync(abs)) return;
    for (const e of readdirSync(abs, { withFileTypes: true })) {
      if (e.name === "node_modules" || e.name.startsWith(".")) continue;
      const p = join(abs, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(toRepoPath(root, p));
    }
  };
  walk(fromRepoPath(root, dir));
  return out.sort();
}

/** The repository's files as Argo CD generators read them (git files and directories). */
export function repoFiles(root: string): RepoFiles {
  return {
    readText: (file) => readInsideRepo(root, fromRepoPath(root, file))?.toString("utf8"),
    listFiles: (dir) => listFilesUnder(root, dir),
  };
}

export function buildRepoContext(root: string, targets: RenderedTarget[], findings: Finding[]): RepoContext {
  return {
    root,
    games: loadSpecs<GameSpec>(root, "games", "game.yaml", findings),
    clusters: loadSpecs<ClusterSpec>(root, "clusters", "cluster.yaml", findings),
    targets,
    ...repoFiles(root),
  };
}
