// render: every kustomization target to objects — cached by input closure, batched where attribution stays exact,
// in parallel, a failed build becoming a finding while the run goes on.
import { readFileSync } from "node:fs";
import type { Finding, RenderedTarget, SourceLocation, Target } from "../types.ts";
import { innermostKustomization, kustomizeErrorSource } from "../kustomize/error-location.ts";
import { fromRepoPath } from "../util/paths.ts";
import { kustomizationFile } from "../discover/discover.ts";
import { summariseKustomizeError, type BuildFn } from "../kustomize/build.ts";
import { loadRenderedObjects, locate, takeOrigin } from "../parse/rendered.ts";
import { attributeBatch, type Attributed } from "./attribute.ts";
import type { RenderCache } from "./cache.ts";
import { ClosureReader, closureKey, createFileHasher, inputClosure } from "./closure.ts";
import { writeWrapper } from "./wrapper.ts";
import { DEFAULT_BATCH_SIZE, planUnits, type Unit } from "./units.ts";

export { isBatchable } from "./units.ts";
import { ClusterKindScanner, takeMember } from "./batch-members.ts";
import { rendersThroughProbe, settleProbes, writeProbedBuild, type ProbedRenderOptions } from "./probed-render.ts";
import { OriginIndex } from "./origins.ts";
import { SourceLocator } from "../parse/locate.ts";
import { runPool } from "../util/pool.ts";
import { toRepoPath } from "../util/paths.ts";

export interface RenderOptions {
  root: string;
  kustomizeVersion: string;
  build: BuildFn;
  cache: RenderCache;
  jobs: number;
  /** Render game targets of one environment in shared kustomize processes (default true). */
  batch?: boolean;
  /** Most game targets per shared kustomize process. */
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
  /** Targets whose closure has a fatal syntax problem: not rendered. */
  skip?: Set<string>;
  /**
   * Checks targets that missed the cache just before they are rendered (so the check overlaps builds already running)
   * and returns those that must not be (their inputs cannot be parsed). Cached targets skip it: their inputs are
   * byte-identical to a render that passed it.
   */
  preflight?: (targets: Target[]) => Set<string>;
  /** Called with each target as soon as it is rendered or read from the cache (later stages can start on it). */
  onRendered?: (rendered: RenderedTarget) => void;
  /** Input closure of a target (memoised by the caller); default computes it. */
  closureOf?: (targetPath: string) => string[];
  /** Where objects were declared; default reads the repo's files itself. */
  origins?: OriginIndex;
  /** Render targets with no-op probes through their probe copies where that is exact (probed-render.ts). */
  probes?: ProbedRenderOptions;
}

function closureOf(opts: Pick<RenderOptions, "root" | "closureOf">, t: Target): string[] {
  return opts.closureOf ? opts.closureOf(t.path) : inputClosure(fromRepoPath(opts.root, t.path), opts.root);
}

/** Kustomization files a target's build reads, its own first: where patches that changed an object can be found. */
function kustomizationsOf(opts: RenderOptions, t: Target): string[] {
  const files = closureOf(opts, t);
  const own = toRepoPath(opts.root, fromRepoPath(opts.root, t.path));
  const list = files.map((f) => toRepoPath(opts.root, f)).filter((f) => /(^|\/)(kustomization\.ya?ml|Kustomization)$/.test(f));
  return [...list.filter((f) => f.startsWith(`${own}/`)), ...list.filter((f) => !f.startsWith(`${own}/`))];
}

interface UnitResult {
  rendered: RenderedTarget[];
  /** Targets to retry one by one (a batch failed or was ambiguous). */
  retry: Target[];
}

export interface CacheEntry {
  object: Attributed["object"];
  file?: string;
  line?: number;
}

function kustomizationRepoFile(root: string, target: Target): string {
  const file = kustomizationFile(fromRepoPath(root, target.path));
  return file ? toRepoPath(root, file) : `${target.path}/kustomization.yaml`;
}

/**
 * Where in the kustomization a build error points: the line naming a path or word from kustomize's message. A patch or
 * `replicas` entry that matches nothing is named by the object name kustomize quotes ("Deployment.v1.apps/web.[noNs]",
 * "resource with name web").
 */
export function errorLine(kustomizationText: string, message: string): number {
  const lines = kustomizationText.split("\n");
  const find = (test: (line: string) => boolean) => lines.findIndex(test) + 1;
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  for (const [, withName, byId] of message.matchAll(/resource with name (\S+)|no matches for Id [^/\s]+\/([^/\s]+?)\.\[/g)) {
    const name = withName ?? byId;
    const line = find((l) => new RegExp(`name:\\s*["']?${escape(name)}["']?\\s*$`).test(l));
    if (line > 0) return line;
  }
  const quoted = [...message.matchAll(/'([^']+)'|"([^"]+)"/g)].map((m) => m[1] ?? m[2]).filter(Boolean);
  for (const q of quoted.reverse()) {
    const needle = q.split("/").filter(Boolean).pop() ?? q;
    const bare = needle.replace(/\.\[[^\]]*\]$/, "");
    const line = find((l) => l.includes(needle)) || (bare !== needle ? find((l) => new RegExp(`name:\\s*["']?${escape(bare)}["']?\\s*$`).test(l)) : 0);
    if (line > 0) return line;
  }
  return 1;
}

/** A build stopped at the render timeout: slow is reported (with how long it ran), not waited on forever. */
export function timeoutFinding(root: string, target: Target, elapsedMs: number): Finding {
  const seconds = (elapsedMs / 1000).toFixed(1);
  return {
    ruleId: "render-timeout",
    category: "render",
    severity: "error",
    message: `kustomize build of ${target.path} was stopped after ${seconds} s, past the render timeout; its objects were not checked`,
    fix: "Find what makes the build slow (remote resources, large generators, helm charts) or raise --render-timeout.",
    target: target.path,
    path: "",
    source: { file: kustomizationRepoFile(root, target), line: 1 },
  };
}

/** A failed build as a finding at the entry kustomize's message points to (among the files the target's build reads). */
export function buildFailure(root: string, target: Target, stderr: string, filesRead?: string[]): Finding {
  const message = summariseKustomizeError(stderr, root);
  // An error inside an included kustomization (an overlay, a Component) is searched for in that kustomization first.
  const file = innermostKustomization(stderr, root) ?? kustomizationRepoFile(root, target);
  let source: SourceLocation;
  try {
    const reads = filesRead ?? new ClosureReader().reads(fromRepoPath(root, target.path));
    // A patch or replicas entry that matches nothing is named by its object's name, the line that identifies the entry.
    const byName = /resource with name |no resource matches|no matches for Id /.test(message)
      ? errorLine(readFileSync(fromRepoPath(root, file), "utf8"), message)
      : 1;
    source = byName > 1 ? { file, line: byName } : kustomizeErrorSource(root, fromRepoPath(root, file), reads, message);
    if (source.file === file && source.line === 1) source = { file, line: errorLine(readFileSync(fromRepoPath(root, file), "utf8"), message) };
  } catch {
    source = { file: kustomizationRepoFile(root, target), line: 1 };
  }
  return {
    ruleId: "kustomize-build",
    category: "render",
    severity: "error",
    message: `kustomize build failed: ${message}`,
    fix: `Run \`kustomize build ${target.path}\` locally and fix the reference or patch it names.`,
    target: target.path,
    path: "",
    source,
  };
}

function toRendered(root: string, target: Target, entries: CacheEntry[], ms: number, cached: boolean, kustomizations: string[]): RenderedTarget {
  const fallback = kustomizationRepoFile(root, target);
  const objects = entries.map((e) => {
    const lo = locate(e.object, { file: e.file, configuredIn: kustomizations }, fallback);
    if (e.file && e.line) lo.source.line = e.line;
    return lo;
  });
  return { target, status: "ok", objects, ms, cached, findings: [] };
}

/** What one renderTargets call shares between its units. */
interface RenderRun {
  origins: OriginIndex;
  kinds: ClusterKindScanner;
  /** Whether a unit is built through its probe copies (probed-render.ts). */
  throughProbes: (unit: Unit) => boolean;
}

/** The build folder of a unit: the target itself, a batch wrapper, or probe copies; undefined when none can be written. */
function unitBuild(unit: Unit, opts: RenderOptions, probed: boolean, clusterKinds: (t: Target) => string[]) {
  const single = unit.targets.length === 1;
  if (probed && opts.probes) {
    const folder = writeProbedBuild(opts.root, unit.targets, clusterKinds);
    return folder && { dir: folder.dir, build: opts.probes.build, written: folder.written, dispose: folder.dispose };
  }
  const wrapper = single
    ? undefined
    : writeWrapper(
        opts.root,
        unit.targets.map((t) => t.path),
        (p) => clusterKinds(unit.targets.find((t) => t.path === p)!),
      );
  return { dir: wrapper?.dir ?? fromRepoPath(opts.root, unit.targets[0].path), build: opts.build, written: undefined, dispose: () => wrapper?.dispose() };
}

async function renderUnit(
  unit: Unit,
  opts: RenderOptions,
  run: RenderRun,
  probed = run.throughProbes(unit),
): Promise<UnitResult & { entries?: Map<string, CacheEntry[]> }> {
  const started = performance.now();
  const single = unit.targets.length === 1;
  const clusterKinds = new Map(unit.targets.map((t) => [t.path, single ? [] : run.kinds.kindsIn(closureOf(opts, t))]));
  const suffixed = [...clusterKinds.values()].some((k) => k.length > 0);
  const folder = unitBuild(unit, opts, probed, (t) => clusterKinds.get(t.path) ?? []);
  if (!folder) return renderUnit(unit, opts, run, false);
  const buildDir = folder.dir;
  try {
    const res = await folder.build(buildDir);
    const ms = performance.now() - started;
    if (!res.ok) {
      if (unit.targets.length > 1) return { rendered: [], retry: unit.targets };
      // The probe copy's error names temporary paths: the target's own build reports the failure.
      if (folder.written && res.timedOutAfterMs === undefined) return renderUnit(unit, opts, run, false);
      const t = unit.targets[0];
      const finding = res.timedOutAfterMs !== undefined ? timeoutFinding(opts.root, t, res.timedOutAfterMs) : buildFailure(opts.root, t, res.stderr);
      return { rendered: [{ target: t, status: "failed", objects: [], ms, cached: false, findings: [finding] }], retry: [] };
    }
    const items: Attributed[] = loadRenderedObjects(res.stdout).map((rendered) => {
      const { object, member } = takeMember(rendered, suffixed);
      return { object, origin: takeOrigin(object, buildDir, opts.root), ...(member !== undefined ? { member: unit.targets[member]?.path } : {}) };
    });
    const split = single ? new Map([[unit.targets[0].path, items]]) : attributeBatch(unit.targets, items);
    if (!split) return { rendered: [], retry: unit.targets };
    if (folder.written && opts.probes)
      for (const [i, t] of unit.targets.entries())
        settleProbes(
          opts.root,
          t,
          folder.written[i],
          (split.get(t.path) ?? []).map((a) => a.object),
          opts.probes,
        );
    const entries = new Map<string, CacheEntry[]>();
    const rendered = unit.targets.map((t) => {
      const declaredAt = run.origins.forTarget(closureOf(opts, t).map((f) => toRepoPath(opts.root, f)));
      const list = (split.get(t.path) ?? []).map((a): CacheEntry => {
        const at = a.origin.file ? undefined : declaredAt(a.object);
        return { object: a.object, file: a.origin.file ?? at?.file, line: at?.line };
      });
      entries.set(t.path, list);
      return toRendered(opts.root, t, list, ms / unit.targets.length, false, kustomizationsOf(opts, t));
    });
    return { rendered, retry: [], entries };
  } finally {
    folder.dispose();
  }
}

/** Renders targets; results come back in the order of `targets`. */
export async function renderTargets(targets: Target[], opts: RenderOptions): Promise<RenderedTarget[]> {
  const hasher = createFileHasher();
  const results = new Map<string, RenderedTarget>();
  const keys = new Map<string, string>();
  const misses: Target[] = [];
  let done = 0;
  const progress = (n: number) => {
    done += n;
    opts.onProgress?.(done, targets.length);
  };
  for (const t of targets) {
    if (opts.skip?.has(t.path)) continue;
    const files = closureOf(opts, t);
    const key = closureKey(opts.root, files, opts.kustomizeVersion, hasher, t.path);
    keys.set(t.path, key);
    const hit = opts.cache.get(key);
    if (hit?.entries) {
      const rt = toRendered(opts.root, t, hit.entries, 0, true, kustomizationsOf(opts, t));
      results.set(t.path, rt);
      opts.onRendered?.(rt);
      progress(1);
    } else misses.push(t);
  }
  const preflighted = (unit: Unit): Unit => {
    const broken = opts.preflight?.(unit.targets) ?? new Set<string>();
    for (const t of unit.targets.filter((m) => broken.has(m.path))) {
      const failed: RenderedTarget = { target: t, status: "failed", objects: [], ms: 0, cached: false, findings: [] };
      results.set(t.path, failed);
      opts.onRendered?.(failed);
      progress(1);
    }
    return { targets: unit.targets.filter((m) => !broken.has(m.path)) };
  };
  const store = (r: UnitResult & { entries?: Map<string, CacheEntry[]> }) => {
    for (const rt of r.rendered) {
      results.set(rt.target.path, rt);
      opts.onRendered?.(rt);
      const entries = r.entries?.get(rt.target.path);
      if (rt.status === "ok" && entries) opts.cache.put(keys.get(rt.target.path)!, { entries });
    }
    progress(r.rendered.length);
  };
  const locator = new SourceLocator(opts.root);
  const reader = new ClosureReader(opts.root);
  const run: RenderRun = {
    kinds: new ClusterKindScanner(),
    origins: opts.origins ?? new OriginIndex((f) => locator.parsedFile(f)),
    throughProbes: (unit) => !!opts.probes && unit.targets.every((t) => rendersThroughProbe(opts.root, t, reader)),
  };
  const retry: Target[] = [];
  await runPool(planUnits(opts.root, misses, opts.jobs, opts.batch !== false, opts.batchSize ?? DEFAULT_BATCH_SIZE), opts.jobs, async (unit) => {
    const checked = preflighted(unit);
    if (checked.targets.length === 0) return;
    const r = await renderUnit(checked, opts, run);
    store(r);
    retry.push(...r.retry);
  });
  await runPool(
    retry.map((t) => ({ targets: [t] })),
    opts.jobs,
    async (unit) => store(await renderUnit(unit, opts, run, false)),
  );
  return targets.filter((t) => results.has(t.path)).map((t) => results.get(t.path)!);
}
