// The whole validation: discover → render → parse → schema → policy → report value. Prints nothing.
import { join } from "node:path";
import type { Environment, Finding, LocatedObject, RenderedTarget, Report, Target } from "./types.ts";
import { compareFindings, countBySeverity } from "./types.ts";
import { discoverDocuments, discoverTargets, selectTargets } from "./discover/discover.ts";
import type { BuildFn } from "./kustomize/build.ts";
import { SourceLocator } from "./parse/locate.ts";
import { limitsWithMaxMiB } from "./parse/source.ts";
import { loadManifestTarget } from "./parse/manifests.ts";
import { InputGuard } from "./render/input-guard.ts";
import { emptyTargetFindings } from "./render/empty-target.ts";
import { kustomizationFolders, noOpFindings, type Located } from "./render/no-ops.ts";
import { createFileHasher } from "./render/closure.ts";
import { collapseByCause } from "./report/collapse-cause.ts";
import { renderTargets } from "./render/render.ts";
import { loadArgoContext } from "./render/application-sources.ts";
import { OriginIndex } from "./render/origins.ts";
import { diskCache, noCache } from "./render/cache.ts";
import { SchemaValidator } from "./schema/validator.ts";
import { diskVerdictCache, noVerdictCache, schemaFingerprint } from "./schema/verdict-cache.ts";
import { missingSchemaFinding, schemaFindings } from "./schema/errors.ts";
import { promqlFindings } from "./schema/promql.ts";
import { DocumentSchemas } from "./schema/documents.ts";
import { buildRepoContext, loadExceptions, loadPolicyConfig } from "./repo/load.ts";
import { runPolicies } from "./policy/engine.ts";
import { loadCustomRules } from "./policy/custom.ts";
import type { Rule } from "./policy/types.ts";
import { KUBERNETES_VERSION } from "./schema/kubernetes-schemas.ts";
import { createSyntaxChecker, memoClosure, memoReads } from "./parse/closure-syntax.ts";
import { fromRepoPath, toRepoPath } from "./util/paths.ts";
import { screenObjects } from "./parse/object-shape.ts";
import { cacheHealth, type CacheHealth } from "./util/cache-file.ts";
import { crashFinding } from "./policy/crash.ts";
import { ownsRepositoryChecks, shardOf, type Shard } from "./discover/shard.ts";
import { appendAll } from "./util/arrays.ts";

export { loadManifestTarget };

export interface ValidateOptions {
  root: string;
  /** Absolute paths (or "-") from the command line; empty = the whole repository. */
  paths: string[];
  /** A selection that matched nothing (e.g. --changed-since with no relevant change): check nothing, report empty. */
  nothingSelected?: boolean;
  /** Text read from stdin when paths include "-". */
  stdinText?: string;
  /** Largest input file (or stdin) parsed, in MiB; default DEFAULT_LIMITS.maxBytes. */
  maxInputMiB?: number;
  environment: Environment;
  jobs: number;
  cache: boolean;
  batch: boolean;
  kustomizeVersion: string;
  build: BuildFn;
  /** Builds without kustomize's load restrictor, for the no-op probes (render/no-ops.ts); without it no probe runs. */
  probeBuild?: BuildFn;
  rules: Rule[];
  today: string;
  ignoreMissingSchemas?: boolean;
  /** Schema stage replacement (kubeconform); default: the built-in ajv validator. */
  schemaEngine?: (items: Array<{ lo: LocatedObject; target: string }>) => Promise<Finding[]>;
  onProgress?: (done: number, total: number) => void;
  /** Check only this shard's targets (and, in shard 1, what belongs to the whole repository). */
  shard?: Shard;
}

export interface StageTimings {
  discover: number;
  render: number;
  schema: number;
  policy: number;
  locate: number;
}

export interface ValidateResult {
  report: Report;
  rendered: RenderedTarget[];
  /** Milliseconds spent per stage (for benchmarks). */
  timings: StageTimings;
  /** Problems that did not change any verdict (e.g. an unwritable cache), one line each, for stderr. */
  warnings: string[];
  /** Checks that threw (each is also a check-crashed finding), with their errors, for stacks under --debug. */
  crashes: Array<{ check: string; err: unknown }>;
}

interface SchemaStage {
  check(items: Array<{ lo: LocatedObject; target: string }>): Finding[];
  finish(): void;
}

/** The built-in schema stage; called per target as targets arrive from the render stage, so it overlaps kustomize. */
function builtinSchemaStage(
  root: string,
  skip: Array<{ apiVersion?: string; kind: string }>,
  ignoreMissing: boolean,
  useCache: boolean,
  health: CacheHealth,
  onCrash: (check: string, err: unknown) => void,
): SchemaStage {
  const validator = new SchemaValidator({ root, skip });
  const verdicts = useCache ? diskVerdictCache(root, schemaFingerprint(root, JSON.stringify(skip)), health) : noVerdictCache();
  const check = (items: Array<{ lo: LocatedObject; target: string }>): Finding[] => {
    const out: Finding[] = [];
    for (const { lo, target } of items) {
      try {
        if (verdicts.isKnownValid(lo.object)) continue;
        const verdict = validator.validate(lo.object);
        if (verdict.status === "valid") verdicts.rememberValid(lo.object);
        else if (verdict.status === "invalid") appendAll(out, schemaFindings(lo.object, verdict.errors, target, lo.source.file));
        else if (verdict.status === "missing" && !ignoreMissing) out.push(missingSchemaFinding(lo.object, verdict.looked, target, lo.source.file));
      } catch (err) {
        onCrash("schema", err);
        out.push(crashFinding("schema", err, lo.object, target, lo.source));
      }
    }
    return out;
  };
  return { check, finish: () => verdicts.save() };
}

const itemsOf = (rt: RenderedTarget) => rt.objects.map((lo) => ({ lo, target: rt.target.path }));

export async function validateRepository(opts: ValidateOptions): Promise<ValidateResult> {
  const started = performance.now();
  const { root } = opts;
  const findings: Finding[] = [];
  const limits = limitsWithMaxMiB(opts.maxInputMiB);
  const locator = new SourceLocator(root, limits);
  const closureOf = memoClosure(root);
  const config = loadPolicyConfig(root, []);
  const nothing = !!opts.nothingSelected;
  const wholeRepo = opts.paths.length === 0 && !nothing;

  const all = discoverTargets(root);
  const allDocs = discoverDocuments(root);
  // A path naming game.yaml, cluster.yaml or a policy file selects that document's schema check, not a manifest target.
  const isDocument = (p: string) => p !== "-" && allDocs.some((d) => d.file === toRepoPath(root, p));
  const selected = nothing
    ? []
    : wholeRepo
      ? all
      : selectTargets(
          root,
          all,
          opts.paths.filter((p) => !isDocument(p)),
          (t) => closureOf(t).map((f) => toRepoPath(root, f)),
        );
  const { shard } = opts;
  const isOwn = (t: Target) => !shard || shardOf(t, shard.count) === shard.index;
  const repoChecks = ownsRepositoryChecks(shard);
  // Shard 1 renders every selected target because the repository-wide rules need them all; schemas and findings of
  // other shards' targets are left to those shards.
  const rendering = repoChecks ? selected : selected.filter(isOwn);
  const othersTargets = new Set(selected.filter((t) => !isOwn(t)).map((t) => t.path));
  const isUnder = (file: string, p: string) => {
    const rel = p === "-" ? undefined : toRepoPath(root, p);
    return rel !== undefined && (rel === "." || rel === file || file.startsWith(`${rel}/`));
  };
  // Policy files shape every run, so they are checked on every run, whatever the selection.
  const docs = allDocs.filter((d) => repoChecks && !nothing && (wholeRepo || d.file.startsWith("policies/") || opts.paths.some((p) => isUnder(d.file, p))));
  const documentSchemas = new DocumentSchemas(root);
  for (const d of docs) appendAll(findings, documentSchemas.validate(d, locator));

  const timings: StageTimings = { discover: 0, render: 0, schema: 0, policy: 0, locate: 0 };
  let mark = performance.now();
  const lap = (stage: keyof StageTimings) => {
    const now = performance.now();
    timings[stage] += now - mark;
    mark = now;
  };
  lap("discover");
  const kustomizeTargets = rendering.filter((t) => t.kind !== "manifests" && t.kind !== "stdin");
  const syntaxFindings: Finding[] = [];
  const health = cacheHealth();
  const crashes: Array<{ check: string; err: unknown }> = [];
  const syntaxChecker = createSyntaxChecker(root, opts.cache, memoReads(root), health, limits);
  const preflight = (targets: Target[]) => {
    const syntax = syntaxChecker.check(targets);
    appendAll(syntaxFindings, syntax.findings);
    return syntax.broken;
  };
  const builtin = opts.schemaEngine
    ? undefined
    : builtinSchemaStage(root, config.schemas?.skip ?? [], !!opts.ignoreMissingSchemas, opts.cache, health, (check, err) => crashes.push({ check, err }));
  const objectFindings: Finding[] = [];
  const onRendered = (rt: RenderedTarget) => {
    if (othersTargets.has(rt.target.path)) return;
    const screened = screenObjects(rt.objects, rt.target.path, (lo, pointer) => locator.locate(lo, pointer));
    rt.objects = screened.usable;
    rt.findings.push(...screened.findings);
    if (builtin) appendAll(objectFindings, builtin.check(itemsOf(rt)));
    for (const { lo, target } of itemsOf(rt)) {
      try {
        objectFindings.push(...promqlFindings(lo.object, target, lo.source.file));
      } catch (err) {
        crashes.push({ check: "promql", err });
        objectFindings.push(crashFinding("promql", err, lo.object, target, lo.source));
      }
    }
  };
  // Nothing that would fetch from the network or read outside the repository reaches kustomize.
  const guard = new InputGuard(root, (file, pointer) => ({ file, line: locator.lineIn(file, pointer)?.line ?? 1 })).check(kustomizeTargets);
  appendAll(findings, guard.findings);
  const cache = opts.cache ? diskCache(join(root, ".cache", "render"), health) : noCache();
  const lineOf = (file: string, pointer: string) => ({ file, line: locator.lineIn(file, pointer)?.line ?? 1 });
  const probedByRender = new Map<string, Located[]>();
  const rendered = await renderTargets(kustomizeTargets, {
    root,
    kustomizeVersion: opts.kustomizeVersion,
    build: opts.build,
    cache,
    jobs: opts.jobs,
    batch: opts.batch,
    onProgress: opts.onProgress,
    skip: guard.refused,
    preflight,
    onRendered,
    closureOf,
    origins: new OriginIndex((f) => locator.parsedFile(f)),
    ...(opts.probeBuild ? { probes: { build: opts.probeBuild, lineOf, onVerdicts: (dir, found) => void probedByRender.set(dir, found) } } : {}),
  });
  syntaxChecker.save();
  appendAll(findings, syntaxFindings);
  for (const t of rendering) {
    if (t.kind !== "manifests" && t.kind !== "stdin") continue;
    const rt = loadManifestTarget(root, t, opts.stdinText, limits, (parsed) => locator.registerParsed(parsed));
    rendered.push(rt);
    onRendered(rt);
  }
  for (const t of kustomizeTargets.filter((k) => guard.refused.has(k.path)))
    rendered.push({ target: t, status: "failed", objects: [], ms: 0, cached: false, findings: [] });
  for (const rt of rendered) {
    appendAll(findings, rt.findings);
    appendAll(findings, emptyTargetFindings(root, rt));
  }
  if (opts.probeBuild) {
    const built = rendered.filter((rt) => rt.status === "ok" && rt.target.kind !== "manifests" && rt.target.kind !== "stdin");
    appendAll(
      findings,
      await noOpFindings(
        kustomizationFolders(built.map((rt) => closureOf(rt.target.path))),
        {
          root,
          build: opts.probeBuild,
          jobs: opts.jobs,
          cache,
          kustomizeVersion: opts.kustomizeVersion,
          hasher: createFileHasher(),
          lineOf,
          targets: built.map((rt) => rt.target),
          batch: opts.batch,
        },
        new Map(built.map((rt) => [fromRepoPath(root, rt.target.path), rt.objects.map((lo) => lo.object)])),
        probedByRender,
      ),
    );
  }
  lap("render");

  const ownRendered = rendered.filter((rt) => !othersTargets.has(rt.target.path));
  const items = ownRendered.flatMap(itemsOf);
  if (opts.schemaEngine) appendAll(objectFindings, await opts.schemaEngine(items));
  builtin?.finish();
  lap("schema");
  const byObject = new Map(
    items.map((i) => [`${i.target}\0${i.lo.object.kind}\0${i.lo.object.metadata?.namespace ?? ""}\0${i.lo.object.metadata?.name ?? ""}`, i.lo]),
  );
  for (const f of objectFindings) {
    const lo = f.object ? byObject.get(`${f.target}\0${f.object.kind}\0${f.object.namespace ?? ""}\0${f.object.name}`) : undefined;
    findings.push(lo ? { ...f, source: locator.locate(lo, f.path) } : f);
  }

  lap("locate");
  const policyFindings: Finding[] = [];
  const repo = buildRepoContext(root, rendered, []);
  repo.argocd = await loadArgoContext(rendered, repo, {
    root,
    build: opts.build,
    cache,
    kustomizeVersion: opts.kustomizeVersion,
    jobs: opts.jobs,
    isTarget: (path) => all.some((t) => t.path === path),
  });
  const rules = nothing ? [] : [...opts.rules, ...loadCustomRules(root, policyFindings)].filter((r) => repoChecks || r.scope !== "repo");
  const repoRuleIds = new Set(rules.filter((r) => r.scope === "repo").map((r) => r.id));
  const exceptions = loadExceptions(root, []);
  appendAll(findings, policyFindings);
  appendAll(
    findings,
    runPolicies({
      targets: rendered,
      repo,
      config,
      rules,
      exceptions,
      defaultEnvironment: opts.environment,
      today: opts.today,
      wholeRepo: wholeRepo && repoChecks,
      locateObject: (lo, pointer) => locator.locate(lo, pointer),
      locateFile: (file, pointer) => ({ file, line: locator.lineIn(file, pointer)?.line ?? 1 }),
      onCrash: (check, err) => crashes.push({ check, err }),
    }),
  );

  lap("policy");
  const sorted = collapseByCause(dedupe(findings.filter((f) => !othersTargets.has(f.target) || repoRuleIds.has(f.ruleId))).sort(compareFindings));
  const report: Report = {
    version: 1,
    tool: { name: "gaia", kustomize: opts.kustomizeVersion, kubernetes: KUBERNETES_VERSION },
    targets: ownRendered
      .map((rt) => ({ path: rt.target.path, status: rt.status, objects: rt.objects.length, ms: Math.round(rt.ms) }))
      .sort((a, b) => a.path.localeCompare(b.path)),
    findings: sorted,
    summary: {
      targets: ownRendered.length,
      objects: items.length,
      ...countBySeverity(sorted),
      ms: Math.round(performance.now() - started),
    },
    ...(shard ? { shard } : {}),
  };
  const warning = health.warning();
  return { report, rendered, timings, warnings: warning ? [warning] : [], crashes };
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = JSON.stringify([f.ruleId, f.target, f.source.file, f.source.line, f.path, f.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
