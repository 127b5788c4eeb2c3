// What Argo CD will create per cluster: each cluster's bootstrap ApplicationSets evaluated against the repository.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadAll } from "js-yaml";
import type { K8sObject } from "../types.ts";
import { summariseKustomizeError, type BuildFn } from "../kustomize/build.ts";
import { kustomizationFile } from "../discover/discover.ts";
import { ApplicationSetError, generateApplications, isApplicationSet } from "./applicationset.ts";
import type { RepoFiles } from "./generators.ts";
import { isMap } from "./template-values.ts";
import { UsageError } from "../util/errors.ts";
import { displayValue } from "../util/display.ts";

export interface PreviewApplication {
  applicationSet: string;
  name: string;
  project: string;
  repoURL: string;
  path: string;
  targetRevision: string;
  server: string;
  namespace: string;
  /** "auto (prune, selfHeal)" or "manual". */
  sync: string;
}

export interface ClusterPreview {
  cluster: string;
  applicationSets: string[];
  applications: PreviewApplication[];
  /** ApplicationSets (or the bootstrap itself) that could not be evaluated, one message each. */
  errors: string[];
}

export function syncSummary(syncPolicy: unknown): string {
  const automated = isMap(syncPolicy) ? syncPolicy.automated : undefined;
  if (!isMap(automated) || automated.enabled === false) return "manual";
  const flags = ["prune", "selfHeal", "allowEmpty"].filter((f) => automated[f] === true);
  return flags.length ? `auto (${flags.join(", ")})` : "auto";
}

function str(v: unknown): string {
  return v === undefined || v === null ? "" : displayValue(v);
}

export function previewRow(applicationSet: string, app: K8sObject): PreviewApplication {
  const spec = ((app as any).spec ?? {}) as Record<string, any>;
  const sources: Record<string, unknown>[] = [spec.source, ...(Array.isArray(spec.sources) ? spec.sources : [])].filter(isMap);
  const pick = (key: string) => [...new Set(sources.map((s) => str(s[key] ?? (key === "path" ? s.chart : undefined))).filter(Boolean))].join(", ");
  const destination = isMap(spec.destination) ? spec.destination : {};
  return {
    applicationSet,
    name: str(app.metadata?.name),
    project: str(spec.project),
    repoURL: pick("repoURL"),
    path: pick("path"),
    targetRevision: pick("targetRevision") || (sources.length ? "HEAD" : ""),
    server: str(destination.server ?? destination.name),
    namespace: str(destination.namespace),
    sync: syncSummary(spec.syncPolicy),
  };
}

const byName = (a: PreviewApplication, b: PreviewApplication) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : a.applicationSet < b.applicationSet ? -1 : a.applicationSet > b.applicationSet ? 1 : 0;

/** Evaluates the ApplicationSets among a cluster's bootstrap objects; an ApplicationSet that fails is an error, the rest still count. */
export function previewObjects(cluster: string, objects: K8sObject[], files: RepoFiles): ClusterPreview {
  const sets = objects.filter(isApplicationSet).sort((a, b) => str(a.metadata?.name).localeCompare(str(b.metadata?.name)));
  const applications: PreviewApplication[] = [];
  const errors: string[] = [];
  for (const set of sets) {
    try {
      applications.push(...generateApplications(set, files).map((app) => previewRow(str(set.metadata?.name), app)));
    } catch (err) {
      if (!(err instanceof ApplicationSetError)) throw err;
      errors.push(err.message);
    }
  }
  return { cluster, applicationSets: sets.map((s) => str(s.metadata?.name)), applications: applications.sort(byName), errors };
}

/** Cluster folders: clusters/<name>/ except templates (`_name`) and hidden ones. */
export function clusterNames(root: string): string[] {
  const dir = join(root, "clusters");
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith("_") && !d.name.startsWith("."))
    .map((d) => d.name)
    .sort();
}

function parseObjects(text: string, origin: string): K8sObject[] {
  try {
    return loadAll(text).filter((d): d is K8sObject => isMap(d) && typeof d.kind === "string");
  } catch (err) {
    throw new UsageError(`${origin} is not valid YAML: ${(err as Error).message.split("\n")[0]}`, { cause: err });
  }
}

/** A cluster's bootstrap objects: rendered by kustomize when the folder is a kustomization, else its YAML files as they are. */
export async function clusterObjects(root: string, cluster: string, build: BuildFn): Promise<K8sObject[]> {
  const dir = join(root, "clusters", cluster);
  if (kustomizationFile(dir)) {
    const res = await build(dir);
    if (!res.ok) throw new UsageError(`kustomize build clusters/${cluster} failed: ${summariseKustomizeError(res.stderr, root)}`);
    return parseObjects(res.stdout, `kustomize output of clusters/${cluster}`);
  }
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f) && f !== "cluster.yaml")
    .sort();
  return files.flatMap((f) => parseObjects(readFileSync(join(dir, f), "utf8"), `clusters/${cluster}/${f}`));
}

export async function previewCluster(root: string, cluster: string, build: BuildFn, files: RepoFiles): Promise<ClusterPreview> {
  try {
    return previewObjects(cluster, await clusterObjects(root, cluster, build), files);
  } catch (err) {
    return { cluster, applicationSets: [], applications: [], errors: [(err as Error).message] };
  }
}

/** The game of a `games/<game>/<env>` source path, if it is one. */
export function gameOfPath(path: string): string | undefined {
  return /^games\/([^/]+)\/[^/]+\/?$/.exec(path.replace(/^\.\//, ""))?.[1];
}

/** Games each cluster's Applications deploy (by their `games/<game>/<env>` source paths), sorted. */
export function gamesByCluster(previews: ClusterPreview[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const p of previews) {
    const games = new Set(
      p.applications.flatMap((a) =>
        a.path
          .split(", ")
          .map(gameOfPath)
          .filter((g): g is string => !!g),
      ),
    );
    out.set(p.cluster, [...games].sort());
  }
  return out;
}

/** For repo rules: the games a rendered cluster target's ApplicationSets deploy, read from the repository's files. */
export function gamesDeployedBy(objects: K8sObject[], files: RepoFiles): { games: string[]; errors: string[] } {
  const preview = previewObjects("", objects, files);
  return { games: gamesByCluster([preview]).get("") ?? [], errors: preview.errors };
}
