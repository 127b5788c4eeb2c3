// The input closure of a kustomization: every local file its build can read. Used as the render cache key.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, realpathSync, statSync, type Dirent } from "node:fs";
import { dirname, join, resolve } from "node:path";
import yaml from "js-yaml";
import { kustomizationFile } from "../discover/discover.ts";
import { isRemoteRef } from "../policy/k8s/kustomization-refs.ts";
import { inspectPath, PathInspector, type PathStatus } from "../util/safe-fs.ts";
import { loadYamlShared } from "../parse/yaml-memo.ts";

/** A kustomize remote reference (URL, git::, git@, host/path, ?ref=): never read from the local tree. */
export const isRemoteReference = isRemoteRef;

/** Local paths a kustomization refers to (files or folders), relative to its folder. */
export function kustomizationReferences(doc: Record<string, any>): string[] {
  const refs: string[] = [];
  const addAll = (v: unknown) => Array.isArray(v) && v.forEach((x) => typeof x === "string" && refs.push(x));
  for (const key of ["resources", "components", "bases", "crds", "configurations", "generators", "transformers", "validators", "patchesStrategicMerge"])
    addAll(doc[key]);
  for (const key of ["patches", "patchesJson6902", "replacements"]) {
    for (const p of Array.isArray(doc[key]) ? doc[key] : []) if (p && typeof p.path === "string") refs.push(p.path);
  }
  for (const key of ["configMapGenerator", "secretGenerator"]) {
    for (const g of Array.isArray(doc[key]) ? doc[key] : []) {
      for (const f of Array.isArray(g?.files) ? g.files : []) if (typeof f === "string") refs.push(f.includes("=") ? f.slice(f.indexOf("=") + 1) : f);
      for (const e of Array.isArray(g?.envs) ? g.envs : []) if (typeof e === "string") refs.push(e);
      if (typeof g?.env === "string") refs.push(g.env);
    }
  }
  if (typeof doc.openapi?.path === "string") refs.push(doc.openapi.path);
  // Inline YAML documents in patchesStrategicMerge are not paths.
  return refs.filter((r) => !r.includes("\n") && !isRemoteReference(r));
}

/** A path's kind; with a root, anything outside it (by path or symlink) is "outside" and never read. */
export function pathStatus(abs: string, root?: string): PathStatus {
  if (root) return inspectPath(root, abs);
  try {
    const st = statSync(abs);
    return st.isFile() ? "file" : st.isDirectory() ? "dir" : "special";
  } catch {
    return "missing";
  }
}

/** The kustomization of `dir`, read only when it is a regular file (inside `root` when given). */
export function readKustomization(dir: string, root?: string): Record<string, any> | undefined {
  const file = kustomizationFile(dir);
  if (!file || pathStatus(file, root) !== "file") return undefined;
  try {
    const doc = yaml.load(readFileSync(file, "utf8"));
    return doc && typeof doc === "object" ? (doc as Record<string, any>) : {};
  } catch {
    return {};
  }
}

interface DirInfo {
  files: string[];
  refs: Array<{ path: string; isDir: boolean }>;
  /** Paths the kustomization names that do not exist. */
  missing: string[];
}

/**
 * Per-folder facts (its files, what its kustomization refers to), read once and shared by every target's closure. Only
 * regular files and folders are followed (inside `root` when given): FIFOs, devices and paths leading out are left out.
 */
export class ClosureReader {
  private readonly dirs = new Map<string, DirInfo>();
  private readonly statuses = new Map<string, PathStatus>();
  private readonly listings = new Map<string, Dirent[]>();
  private readonly texts = new Map<string, string | undefined>();
  private readonly inspector: PathInspector | undefined;
  constructor(private readonly root?: string) {
    this.inspector = root === undefined ? undefined : new PathInspector(root);
  }

  /** `pathStatus`, asked once per path: a run visits the shared folders from every target. */
  private status(abs: string): PathStatus {
    if (this.inspector) return this.inspector.status(abs);
    let status = this.statuses.get(abs);
    if (status === undefined) this.statuses.set(abs, (status = pathStatus(abs)));
    return status;
  }

  /** The entries of a folder, listed once per reader (the repository rules walk the folders the selection listed). */
  list(abs: string): Dirent[] {
    let entries = this.listings.get(abs);
    if (!entries) this.listings.set(abs, (entries = readdirSync(abs, { withFileTypes: true })));
    return entries;
  }

  /** The text of a regular file (inside `root` when given), read once per reader; undefined for anything else. */
  text(abs: string): string | undefined {
    if (!this.texts.has(abs)) this.texts.set(abs, this.status(abs) === "file" ? readFileSync(abs, "utf8") : undefined);
    return this.texts.get(abs);
  }

  /** The kustomization of a folder, as `readKustomization` reads it, with `statusOf` answering for its file. */
  private kustomization(abs: string, statusOf: (path: string) => PathStatus): Record<string, any> | undefined {
    const file = kustomizationFile(abs);
    if (!file || statusOf(file) !== "file") return undefined;
    if (!this.texts.has(file)) this.texts.set(file, readFileSync(file, "utf8"));
    const loaded = loadYamlShared(this.texts.get(file)!);
    return loaded.ok && loaded.value && typeof loaded.value === "object" ? (loaded.value as Record<string, any>) : {};
  }

  private info(abs: string): DirInfo {
    let info = this.dirs.get(abs);
    if (!info) {
      const entries = this.list(abs);
      const files = entries.filter((e) => e.isFile()).map((e) => join(abs, e.name));
      // A regular file or folder listed in a readable folder is readable too: no need to inspect it again.
      const listed = this.status(abs) === "dir" ? new Map(entries.filter((e) => e.isFile() || e.isDirectory()).map((e) => [join(abs, e.name), e])) : undefined;
      const statusOf = (path: string): PathStatus => {
        const entry = listed?.get(path);
        return entry ? (entry.isFile() ? "file" : "dir") : this.status(path);
      };
      const doc = this.kustomization(abs, statusOf);
      const refs: DirInfo["refs"] = [];
      const missing: string[] = [];
      for (const ref of doc ? kustomizationReferences(doc) : []) {
        const path = resolve(abs, ref);
        const status = statusOf(path);
        if (status === "file" || status === "dir") refs.push({ path, isDir: status === "dir" });
        else if (status === "missing") missing.push(path);
      }
      info = { files, refs, missing };
      this.dirs.set(abs, info);
    }
    return info;
  }

  /** Absolute paths of the kustomization files visited from `dir` and the files they name. */
  reads(dir: string): string[] {
    const files = new Set<string>();
    const visited = new Set<string>();
    const visit = (d: string) => {
      const abs = resolve(d);
      if (visited.has(abs) || !existsSync(abs)) return;
      visited.add(abs);
      const own = kustomizationFile(abs);
      if (own) files.add(own);
      for (const ref of this.info(abs).refs) {
        if (ref.isDir) visit(ref.path);
        else files.add(ref.path);
      }
    };
    visit(dir);
    return [...files].sort();
  }

  /**
   * True when every file a kustomization visited from `dir` names lies in or below that kustomization's own folder
   * (symlinks resolved): kustomize's default load restrictor would accept the whole build.
   */
  staysInRoots(dir: string): boolean {
    const visited = new Set<string>();
    const within = (folder: string, file: string) => {
      try {
        return realpathSync(file).startsWith(`${realpathSync(folder)}/`);
      } catch {
        return false;
      }
    };
    const visit = (d: string): boolean => {
      const abs = resolve(d);
      if (visited.has(abs) || !existsSync(abs)) return true;
      visited.add(abs);
      return this.info(abs).refs.every((ref) => (ref.isDir ? visit(ref.path) : within(abs, ref.path)));
    };
    return visit(dir);
  }

  /**
   * Whether the closure of `dir` holds one of `changed` (absolute paths). Answers are kept per folder in `memo`, so
   * asking for every target of a repository visits each folder once instead of once per target.
   */
  touches(dir: string, changed: ReadonlySet<string>, memo: Map<string, boolean>): boolean {
    const onStack = new Set<string>();
    let cycle = false;
    const visit = (d: string): boolean => {
      const abs = resolve(d);
      const known = memo.get(abs);
      if (known !== undefined) return known;
      if (onStack.has(abs)) {
        cycle = true;
        return false;
      }
      if (this.status(abs) !== "dir") return false;
      onStack.add(abs);
      const info = this.info(abs);
      const hit = info.files.some((f) => changed.has(f)) || info.refs.some((ref) => (ref.isDir ? visit(ref.path) : changed.has(ref.path)));
      onStack.delete(abs);
      // A "no" that leaned on a folder still being visited (a reference cycle) may be wrong from another start.
      if (hit || !cycle) memo.set(abs, hit);
      return hit;
    };
    return visit(dir);
  }

  /**
   * The folders the closure of `dir` visits and the paths its kustomizations name that do not exist (absolute): what a
   * sparse checkout must hold for the closure to be the same as in a full one (git/sparse-snapshot.ts).
   */
  reach(dir: string): { folders: string[]; missing: string[] } {
    const folders = new Set<string>();
    const missing = new Set<string>();
    const visit = (d: string) => {
      const abs = resolve(d);
      if (folders.has(abs) || this.status(abs) !== "dir") return;
      folders.add(abs);
      const info = this.info(abs);
      for (const m of info.missing) missing.add(m);
      for (const ref of info.refs) if (ref.isDir) visit(ref.path);
    };
    visit(dir);
    return { folders: [...folders], missing: [...missing] };
  }

  /** Absolute paths of every file the kustomization in `dir` can read (conservative: whole folders of visited kustomizations). */
  closure(dir: string): string[] {
    const files = new Set<string>();
    const visited = new Set<string>();
    const visit = (d: string) => {
      const abs = resolve(d);
      if (visited.has(abs) || this.status(abs) !== "dir") return;
      visited.add(abs);
      const info = this.info(abs);
      for (const f of info.files) files.add(f);
      for (const ref of info.refs) {
        if (ref.isDir) visit(ref.path);
        else files.add(ref.path);
      }
    };
    visit(dir);
    return [...files].sort();
  }
}

/** Absolute paths of every file the kustomization in `dir` can read (conservative: whole folders of visited kustomizations). */
export function inputClosure(dir: string, root?: string): string[] {
  return new ClosureReader(root).closure(dir);
}

/** Folders visited by the closure (for reverse lookups such as "which targets does this changed file affect"). */
export function closureDirs(files: string[]): Set<string> {
  return new Set(files.map((f) => dirname(f)));
}

export interface FileHasher {
  hash(file: string): string;
}

/** Hashes file contents, memoised by path + size + mtime within one process. */
export function createFileHasher(): FileHasher {
  const memo = new Map<string, { key: string; digest: string }>();
  return {
    hash(file) {
      const st = statSync(file);
      const key = `${st.size}:${st.mtimeMs}`;
      const hit = memo.get(file);
      if (hit && hit.key === key) return hit.digest;
      const digest = createHash("sha256").update(readFileSync(file)).digest("hex");
      memo.set(file, { key, digest });
      return digest;
    },
  };
}

/** Content-addressed key of a target render: its closure's contents and paths plus the kustomize version. */
export function closureKey(root: string, files: string[], kustomizeVersion: string, hasher: FileHasher, salt = ""): string {
  const h = createHash("sha256").update(`gaia-render-v1\0${kustomizeVersion}\0${salt}\0`);
  for (const f of files) h.update(`${f.startsWith(root) ? f.slice(root.length) : f}\0${hasher.hash(f)}\0`);
  return h.digest("hex");
}
