// The whole validation, one target at a time through the stages: discover → render → parse → schema → policy →
// report. Each stage (pipeline/*.ts) takes the previous stage's values and the run's small context and returns values
// for the next. Prints nothing.
import type { Environment, Finding, LocatedObject, RenderedTarget, Report } from "./types.ts";
import type { BuildFn } from "./kustomize/build.ts";
import { loadManifestTarget } from "./parse/manifests.ts";
import { DocumentSchemas } from "./schema/documents.ts";
import { loadPolicyConfig, repoFiles } from "./repo/load.ts";
import type { Rule } from "./policy/types.ts";
import type { Shard } from "./discover/shard.ts";
import { appendAll } from "./util/arrays.ts";
import { runContext } from "./pipeline/context.ts";
import { selectRun } from "./pipeline/select.ts";
import { isPlain, renderCache, renderStage } from "./pipeline/render-stage.ts";
import { objectChecks } from "./pipeline/object-checks.ts";
import { locateObjectFindings } from "./pipeline/locate.ts";
import { argoContextFor, policyStage } from "./pipeline/policy-stage.ts";
import { buildReport } from "./pipeline/report-stage.ts";

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

export async function validateRepository(opts: ValidateOptions): Promise<ValidateResult> {
  const startedAt = performance.now();
  const timings: StageTimings = { discover: 0, render: 0, schema: 0, policy: 0, locate: 0 };
  let mark = startedAt;
  const lap = (stage: keyof StageTimings) => {
    const now = performance.now();
    timings[stage] += now - mark;
    mark = now;
  };
  const run = runContext(opts.root, opts.maxInputMiB);
  const config = loadPolicyConfig(run.root, []);
  const findings: Finding[] = [];

  // discover: the targets to render, which of them this run checks, and the repository documents to check.
  const selection = selectRun(run, { paths: opts.paths, nothingSelected: !!opts.nothingSelected, shard: opts.shard });
  const documentSchemas = new DocumentSchemas(run.root);
  for (const d of selection.documents) appendAll(findings, documentSchemas.validate(d, run.locator));
  const isChecked = (rt: RenderedTarget) => !selection.context.has(rt.target.path);
  lap("discover");

  // render → parse → schema: each checked target is screened and schema-checked as soon as it is rendered.
  const checks = objectChecks(run, {
    skip: config.schemas?.skip ?? [],
    ignoreMissingSchemas: !!opts.ignoreMissingSchemas,
    cache: opts.cache,
    engine: opts.schemaEngine,
  });
  const objectFindings: Finding[] = [];
  const renderContext = {
    build: opts.build,
    kustomizeVersion: opts.kustomizeVersion,
    jobs: opts.jobs,
    isTarget: (path: string) => selection.all.some((t) => t.path === path),
  };
  // Plain manifests and stdin render nothing: the Argo CD context (cluster targets and their sources, rendered by
  // kustomize) depends on none of them, so it is built while they are parsed and checked.
  const argoContext =
    !selection.nothing && selection.rendering.every(isPlain)
      ? argoContextFor(
          run,
          [],
          repoFiles(run.root),
          {
            nothing: false,
            all: selection.all,
            render: { ...renderContext, cache: renderCache(run, opts.cache) },
          },
          selection.rendering.map((t) => t.path),
        )
      : undefined;
  // Awaited in the policy stage; until then a failure must not count as unhandled.
  argoContext?.catch(() => undefined);
  const renderSettings = {
    kustomizeVersion: opts.kustomizeVersion,
    build: opts.build,
    probeBuild: opts.probeBuild,
    jobs: opts.jobs,
    cache: opts.cache,
    batch: opts.batch,
    stdinText: opts.stdinText,
    onProgress: opts.onProgress,
    all: selection.all,
  };
  const rendering = await renderStage(run, selection.rendering, renderSettings, (rt) => {
    if (isChecked(rt)) appendAll(objectFindings, checks.check(rt));
  });
  const checked = rendering.rendered.filter(isChecked);
  appendAll(findings, rendering.findings);
  lap("render");
  appendAll(objectFindings, await checks.finish(checked));
  lap("schema");
  appendAll(findings, locateObjectFindings(run, checked, objectFindings));
  lap("locate");

  // policy: the rules over the checked targets, with the rendered cluster targets as context.
  const policy = await policyStage(run, checked, rendering.rendered, {
    config,
    rules: opts.rules,
    nothing: selection.nothing,
    environment: opts.environment,
    today: opts.today,
    wholeRepo: selection.wholeRepo,
    sharded: !!opts.shard,
    all: selection.all,
    render: { ...renderContext, cache: rendering.cache },
    ...(argoContext ? { argoContext } : {}),
  });
  appendAll(findings, policy.findings);
  lap("policy");

  // report: a context target's findings belong to the shard that checks it.
  const report = buildReport({
    kustomizeVersion: opts.kustomizeVersion,
    checked,
    findings: findings.filter((f) => !selection.context.has(f.target)),
    startedAt,
    ...(opts.shard
      ? {
          shard: {
            shard: opts.shard,
            environment: opts.environment,
            today: opts.today,
            complete: selection.wholeRepo,
            summaries: policy.summaries,
            usedExceptions: policy.usedExceptions,
          },
        }
      : {}),
  });
  const warning = run.health.warning();
  return { report, rendered: rendering.rendered, timings, warnings: warning ? [warning] : [], crashes: run.crashes };
}
