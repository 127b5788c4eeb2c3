// policy: the rule catalog over the checked targets, with the repository context (game.yaml, cluster.yaml, the
// rendered cluster targets' Argo CD model) and each target's summary for the repository-wide rules.
import type { Environment, Finding, LocatedObject, RenderedTarget, Target } from "../types.ts";
import type { BuildFn } from "../kustomize/build.ts";
import { buildRepoContext, loadExceptions } from "../repo/load.ts";
import type { PolicyConfig } from "../policy/config.ts";
import { loadArgoContext } from "../render/application-sources.ts";
import { renderClusterContext } from "../render/cluster-context.ts";
import { InputGuard } from "../render/input-guard.ts";
import type { RenderCache } from "../render/cache.ts";
import { checkPolicies } from "../policy/engine.ts";
import { loadCustomRules } from "../policy/custom.ts";
import { summariseTarget, type TargetFacts } from "../policy/summary.ts";
import type { PolicyException } from "../policy/exceptions.ts";
import { appendAll } from "../util/arrays.ts";
import type { Rule } from "../policy/types.ts";
import type { RunContext } from "./context.ts";
import type { ArgoContext } from "../argocd/cluster-model.ts";
import type { RepoFiles } from "../argocd/generators.ts";

export interface PolicySettings {
  config: PolicyConfig;
  rules: Rule[];
  /** Nothing was selected: no rule runs (and no custom rule is loaded). */
  nothing: boolean;
  environment: Environment;
  today: string;
  /** Every target of the run was selected (unused exceptions are reported only then). */
  wholeRepo: boolean;
  /** A shard: the repository-wide rules are left to `gaia report merge`, over every shard's summaries. */
  sharded: boolean;
  /** For rendering Argo CD Application sources that are not targets themselves. */
  render: { build: BuildFn; cache: RenderCache; kustomizeVersion: string; jobs: number; isTarget: (path: string) => boolean };
  /** Every target of the repository: cluster targets the run did not render are rendered as Argo CD context. */
  all: Target[];
  /** The Argo CD context, when the run started building it before its targets rendered (argoContextFor). */
  argoContext?: Promise<ArgoContext>;
}

/**
 * What Argo CD does with the run's targets: its model from the cluster targets (those the run did not render are
 * rendered here as context) and the renders of the sources that can decide the AppProject of a target at `deploying`.
 * It reads only cluster targets and repository files.
 */
export async function argoContextFor(
  run: RunContext,
  rendered: RenderedTarget[],
  files: RepoFiles,
  settings: Pick<PolicySettings, "nothing" | "all" | "render">,
  deploying: string[],
): Promise<ArgoContext> {
  const { root } = run;
  const { build, cache, kustomizeVersion, jobs } = settings.render;
  const clusterContext = settings.nothing
    ? []
    : await renderClusterContext(settings.all, rendered, {
        root,
        build,
        cache,
        kustomizeVersion,
        jobs,
        closureOf: run.closureOf,
        refused: (targets) => new InputGuard(root, run.lineOf).check(targets).refused,
      });
  return loadArgoContext([...rendered, ...clusterContext], files, { root, ...settings.render }, deploying);
}

export interface PolicyStageResult {
  findings: Finding[];
  summaries: TargetFacts[];
  usedExceptions: PolicyException[];
}

/** `checked`: the targets this run reports on; `rendered`: those plus the targets rendered as context. */
export async function policyStage(
  run: RunContext,
  checked: RenderedTarget[],
  rendered: RenderedTarget[],
  settings: PolicySettings,
): Promise<PolicyStageResult> {
  const { root, locator } = run;
  const findings: Finding[] = [];
  const { config } = settings;
  const repo = buildRepoContext(root, rendered, []);
  repo.argocd = await (settings.argoContext ??
    argoContextFor(
      run,
      rendered,
      repo,
      settings,
      checked.map((rt) => rt.target.path),
    ));
  const rules = settings.nothing ? [] : [...settings.rules, ...loadCustomRules(root, findings)].filter((r) => !settings.sharded || r.scope !== "repo");
  const locateObject = (lo: LocatedObject, pointer: string) => locator.locate(lo, pointer);
  const summaries = checked.map((rt) => summariseTarget(rt, locateObject));
  const result = checkPolicies({
    targets: checked,
    repo,
    config,
    rules,
    exceptions: loadExceptions(root, []),
    defaultEnvironment: settings.environment,
    today: settings.today,
    wholeRepo: settings.wholeRepo && !settings.sharded,
    summaries,
    locateObject,
    locateFile: run.lineOf,
    onCrash: (check, err) => run.crashes.push({ check, err }),
  });
  appendAll(findings, result.findings);
  return { findings, summaries, usedExceptions: [...result.used] };
}
