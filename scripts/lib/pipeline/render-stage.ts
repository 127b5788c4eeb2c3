// render: every target to rendered objects (kustomize targets through the cache and shared processes, plain manifests
// and stdin read as they are). Each target is handed to `onRendered` as soon as it is ready, so the checks of the
// next stages overlap the builds still running; the no-op probes run once the builds are done.
import { join } from "node:path";
import type { Finding, RenderedTarget, Target } from "../types.ts";
import type { BuildFn } from "../kustomize/build.ts";
import { loadManifestTarget } from "../parse/manifests.ts";
import { createSyntaxChecker, memoReads } from "../parse/closure-syntax.ts";
import { InputGuard } from "../render/input-guard.ts";
import { emptyTargetFindings } from "../render/empty-target.ts";
import { kustomizationFolders, noOpFindings, type Located, type NoOpOptions } from "../render/no-ops.ts";
import { componentNoOpFindings } from "../render/component-no-ops.ts";
import { createFileHasher } from "../render/closure.ts";
import { renderTargets } from "../render/render.ts";
import { OriginIndex } from "../render/origins.ts";
import { diskCache, noCache, type RenderCache } from "../render/cache.ts";
import { fromRepoPath } from "../util/paths.ts";
import { appendAll } from "../util/arrays.ts";
import type { RunContext } from "./context.ts";

export interface RenderSettings {
  kustomizeVersion: string;
  build: BuildFn;
  /** Builds without kustomize's load restrictor, for the no-op probes; without it no probe runs. */
  probeBuild?: BuildFn;
  jobs: number;
  cache: boolean;
  batch: boolean;
  /** Text read from stdin when a target is "-". */
  stdinText?: string;
  onProgress?: (done: number, total: number) => void;
  /** Every target of the repository (a Component's no-ops are judged only when all its including targets render). */
  all?: Target[];
}

export interface RenderResult {
  rendered: RenderedTarget[];
  /** Render-stage findings: refused inputs, broken syntax, failed builds, empty targets, no-op fields. */
  findings: Finding[];
  cache: RenderCache;
}

export const isPlain = (t: Target) => t.kind === "manifests" || t.kind === "stdin";

/** The run's render cache: on disk under .cache/render, or none (--no-cache). */
export function renderCache(run: RunContext, cache: boolean): RenderCache {
  return cache ? diskCache(join(run.root, ".cache", "render"), run.health) : noCache();
}

export async function renderStage(
  run: RunContext,
  targets: Target[],
  settings: RenderSettings,
  onRendered: (rt: RenderedTarget) => void,
): Promise<RenderResult> {
  const { root, locator } = run;
  const findings: Finding[] = [];
  const kustomizeTargets = targets.filter((t) => !isPlain(t));
  const syntaxFindings: Finding[] = [];
  const syntaxChecker = createSyntaxChecker(root, settings.cache, memoReads(root), run.health, run.limits);
  const preflight = (batch: Target[]) => {
    const syntax = syntaxChecker.check(batch);
    appendAll(syntaxFindings, syntax.findings);
    return syntax.broken;
  };
  // Nothing that would fetch from the network or read outside the repository reaches kustomize.
  const guard = new InputGuard(root, run.lineOf).check(kustomizeTargets);
  appendAll(findings, guard.findings);
  const cache = renderCache(run, settings.cache);
  // Targets rendered through their no-op probe copies bring their probe verdicts with them (render/probed-render.ts).
  const probedByRender = new Map<string, Located[]>();
  const rendered = await renderTargets(kustomizeTargets, {
    root,
    kustomizeVersion: settings.kustomizeVersion,
    build: settings.build,
    cache,
    jobs: settings.jobs,
    batch: settings.batch,
    onProgress: settings.onProgress,
    skip: guard.refused,
    preflight,
    onRendered,
    closureOf: run.closureOf,
    origins: new OriginIndex((f) => locator.parsedFile(f)),
    ...(settings.probeBuild
      ? { probes: { build: settings.probeBuild, lineOf: run.lineOf, onVerdicts: (dir, found) => void probedByRender.set(dir, found) } }
      : {}),
  });
  syntaxChecker.save();
  appendAll(findings, syntaxFindings);
  for (const t of targets.filter(isPlain)) {
    const rt = loadManifestTarget(root, t, settings.stdinText, run.limits, (parsed) => locator.registerParsed(parsed));
    rendered.push(rt);
    onRendered(rt);
  }
  for (const t of kustomizeTargets.filter((k) => guard.refused.has(k.path)))
    rendered.push({ target: t, status: "failed", objects: [], ms: 0, cached: false, findings: [] });
  for (const rt of rendered) {
    appendAll(findings, rt.findings);
    appendAll(findings, emptyTargetFindings(root, rt));
  }
  if (settings.probeBuild) appendAll(findings, await probeFindings(run, rendered, settings, settings.probeBuild, cache, probedByRender));
  return { rendered, findings, cache };
}

/** Kustomization fields that change nothing in the targets built (render/no-ops.ts). */
async function probeFindings(
  run: RunContext,
  rendered: RenderedTarget[],
  settings: RenderSettings,
  build: BuildFn,
  cache: RenderCache,
  probedByRender: Map<string, Located[]>,
): Promise<Finding[]> {
  const built = rendered.filter((rt) => rt.status === "ok" && !isPlain(rt.target));
  const options: NoOpOptions = {
    root: run.root,
    build,
    jobs: settings.jobs,
    cache,
    kustomizeVersion: settings.kustomizeVersion,
    hasher: createFileHasher(),
    lineOf: run.lineOf,
    targets: built.map((rt) => rt.target),
    batch: settings.batch,
  };
  const own = await noOpFindings(
    kustomizationFolders(built.map((rt) => run.closureOf(rt.target.path))),
    options,
    new Map(built.map((rt) => [fromRepoPath(run.root, rt.target.path), rt.objects.map((lo) => lo.object)])),
    probedByRender,
  );
  const all = settings.all ?? built.map((rt) => rt.target);
  return [...own, ...(await componentNoOpFindings({ rendered: built.map((rt) => rt.target), all, closureOf: run.closureOf }, options))];
}
