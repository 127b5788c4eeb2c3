// The objects of Argo CD Application sources that are not targets themselves (the platform's AppProject template
// with an ApplicationSet's patches, a plain-manifest folder): rendered as Argo CD renders them, cached like targets.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import type { K8sObject, RenderedTarget } from "../types.ts";
import {
  applicationsDeploying,
  argoContextOf,
  sourceKey,
  type AppSource,
  type ArgoContext,
  type ArgoModel,
  type SourceRender,
} from "../argocd/cluster-model.ts";
import type { RepoFiles } from "../argocd/generators.ts";
import { KustomizeOptionError, wrapperFields } from "../argocd/kustomize-options.ts";
import { kustomizationFile } from "../discover/discover.ts";
import { summariseKustomizeError, type BuildFn } from "../kustomize/build.ts";
import { isK8sObject, loadRenderedObjects } from "../parse/rendered.ts";
import { fromRepoPath } from "../util/paths.ts";
import { runPool } from "../util/pool.ts";
import type { RenderCache } from "./cache.ts";
import { closureKey, createFileHasher, inputClosure } from "./closure.ts";
import { relativeFrom, writeWrapperKustomization } from "./wrapper.ts";

export interface SourceRenderOptions {
  root: string;
  build: BuildFn;
  cache: RenderCache;
  kustomizeVersion: string;
  jobs: number;
  /** True for a repo folder that is a validation target: its own render stands for a source without overrides. */
  isTarget(path: string): boolean;
}

function isInside(root: string, abs: string): boolean {
  return abs === root || abs.startsWith(`${root}/`);
}

/** The sources worth rendering: local folders, not Helm or plugins, and not a target rendered as it is. */
function wanted(source: AppSource, opts: SourceRenderOptions): string | undefined {
  if (!source.path || source.tool) return undefined;
  const abs = fromRepoPath(opts.root, source.path);
  if (!isInside(opts.root, abs) || !existsSync(abs) || !statSync(abs).isDirectory()) return undefined;
  if (opts.isTarget(source.path) && !source.kustomize && !source.directory) return undefined;
  return abs;
}

function directoryFiles(abs: string, recurse: boolean): string[] {
  const out: string[] = [];
  for (const e of readdirSync(abs, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name.startsWith(".")) continue;
    const p = join(abs, e.name);
    if (e.isDirectory() && recurse) out.push(...directoryFiles(p, true));
    else if (e.isFile() && /\.(ya?ml|json)$/.test(e.name)) out.push(p);
  }
  return out;
}

/** A plain-manifest source (Argo CD's directory type): its YAML and JSON files as they are. */
function readDirectory(abs: string, source: AppSource): SourceRender {
  const objects: K8sObject[] = [];
  for (const file of directoryFiles(abs, source.directory?.recurse === true)) {
    try {
      yaml.loadAll(readFileSync(file, "utf8"), (doc) => isK8sObject(doc) && objects.push(doc));
    } catch (err) {
      return { status: "failed", message: `${file.slice(abs.length + 1)} is not valid YAML: ${(err as Error).message.split("\n")[0]}` };
    }
  }
  return { status: "ok", objects };
}

async function buildKustomization(abs: string, source: AppSource, opts: SourceRenderOptions): Promise<SourceRender> {
  let wrapper;
  try {
    wrapper = writeWrapperKustomization((dir) =>
      wrapperFields(source.kustomize, {
        sourceFromWrapper: relativeFrom(dir, abs),
        readSourceFile: (p) => {
          const file = join(abs, p);
          return existsSync(file) && statSync(file).isFile() ? readFileSync(file, "utf8") : undefined;
        },
      }),
    );
  } catch (err) {
    if (err instanceof KustomizeOptionError) return { status: "failed", message: err.message };
    throw err;
  }
  try {
    const res = await opts.build(wrapper.dir);
    if (!res.ok) return { status: "failed", message: `kustomize build failed: ${summariseKustomizeError(res.stderr, opts.root)}` };
    return { status: "ok", objects: loadRenderedObjects(res.stdout) };
  } finally {
    wrapper.dispose();
  }
}

/** Renders every Application source of the model that is not a target rendered as it is; keyed by sourceKey(). */
export async function renderApplicationSources(model: ArgoModel, opts: SourceRenderOptions): Promise<Map<string, SourceRender>> {
  const todo = new Map<string, { source: AppSource; abs: string }>();
  for (const app of model.applications)
    for (const source of app.sources) {
      const abs = wanted(source, opts);
      if (abs) todo.set(sourceKey(source), { source, abs });
    }
  const out = new Map<string, SourceRender>();
  const hasher = createFileHasher();
  await runPool([...todo.entries()], opts.jobs, async ([key, { source, abs }]) => {
    if (!kustomizationFile(abs)) {
      out.set(key, readDirectory(abs, source));
      return;
    }
    const cacheKey = closureKey(opts.root, inputClosure(abs), opts.kustomizeVersion, hasher, `argocd-source\0${key}`);
    const hit = opts.cache.get(cacheKey);
    if (hit?.entries) {
      out.set(key, { status: "ok", objects: hit.entries.map((e) => e.object) });
      return;
    }
    const rendered = await buildKustomization(abs, source, opts);
    out.set(key, rendered);
    if (rendered.status === "ok") opts.cache.put(cacheKey, { entries: rendered.objects.map((object) => ({ object })) });
  });
  return out;
}

/**
 * The Argo CD model of the rendered cluster targets, with the renders of the non-target sources that can decide an
 * AppProject for the targets at `deploying` (findProject reads the sources of every Application on a cluster where an
 * Application deploys such a target); other sources are not rendered.
 */
export async function loadArgoContext(rendered: RenderedTarget[], files: RepoFiles, opts: SourceRenderOptions, deploying: string[]): Promise<ArgoContext> {
  const context = argoContextOf(rendered, files);
  const clusters = new Set(deploying.flatMap((path) => applicationsDeploying(context.model, path).map((app) => app.clusterTarget)));
  const applications = context.model.applications.filter((app) => clusters.has(app.clusterTarget));
  return { ...context, sources: await renderApplicationSources({ ...context.model, applications }, opts) };
}
