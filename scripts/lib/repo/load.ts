// Reads the repository's own documents (policies, game.yaml, cluster.yaml) safely, with findings for what is wrong.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { Finding } from "../types.ts";
import { parseSource, type ParsedSource } from "../parse/source.ts";
import { fromRepoPath, toRepoPath } from "../util/paths.ts";
import { readInsideRepo } from "../util/safe-fs.ts";
import { ClosureReader } from "../render/closure.ts";
import type { ListDir } from "../discover/discover.ts";
import { normaliseConfig, type PolicyConfig } from "../policy/config.ts";
import type { PolicyException } from "../policy/exceptions.ts";
import type { ClusterSpec, GameSpec, RepoContext, RepoFile } from "../policy/types.ts";
import type { RenderedTarget } from "../types.ts";
import { LazySpecs } from "./lazy-specs.ts";
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

/** `folder/<name>/<fileName>` by name, each parsed when first asked for; problems are appended to `findings` then. */
function loadSpecs<T>(root: string, folder: string, fileName: string, findings: Finding[]): Map<string, RepoFile<T>> {
  return new LazySpecs<T>(LazySpecs.folders(root, folder), (name) => {
    const file = `${folder}/${name}/${fileName}`;
    const spec = readDocument(root, file, findings);
    return spec && typeof spec === "object" && !Array.isArray(spec) ? { file, spec: { name, ...spec } as T } : undefined;
  });
}

export function listFilesUnder(root: string, dir: string, list: ListDir = (abs) => readdirSync(abs, { withFileTypes: true })): string[] {
  const out: string[] = [];
  const walk = (abs: string) => {
    if (!existsSync(abs)) return;
    for (const e of list(abs)) {
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

/** `fn` with its answers kept by argument: rules ask for the same folders and files. */
function memoised<T>(fn: (key: string) => T): (key: string) => T {
  const known = new Map<string, T>();
  return (key) => {
    if (!known.has(key)) known.set(key, fn(key));
    return known.get(key) as T;
  };
}

/**
 * The repository's files as rules see them during one run, each folder listed and each file read once: several rules
 * walk games/ and read its kustomizations, which the run's closure reader (when given) has mostly read already.
 */
export function buildRepoContext(root: string, targets: RenderedTarget[], findings: Finding[], reader = new ClosureReader(root)): RepoContext {
  const listFiles = memoised((dir) => listFilesUnder(root, dir, (abs) => reader.list(abs)));
  return {
    root,
    games: loadSpecs<GameSpec>(root, "games", "game.yaml", findings),
    clusters: loadSpecs<ClusterSpec>(root, "clusters", "cluster.yaml", findings),
    targets,
    readText: (file) => reader.text(fromRepoPath(root, file)),
    listFiles: (dir) => [...listFiles(dir)],
  };
}
