// policy: runs the rule catalog over rendered targets and the repo context; applies severities, opt-outs and exceptions.
import type { Environment, Finding, K8sObject, LocatedObject, RenderedTarget, SourceLocation, Target } from "../types.ts";
import { objectRef } from "../types.ts";
import { isEnabled, severityFor, type PolicyConfig } from "./config.ts";
import { exceptionMatches, expiredFinding, isExpired, unusedFinding, type PolicyException } from "./exceptions.ts";
import { crashFinding } from "./crash.ts";
import { buildArgoModel } from "../argocd/cluster-model.ts";
import type { RepoContext, Rule, RuleContext, TargetContext, Violation } from "./types.ts";

export const IGNORE_ANNOTATION = "gaia.tech/ignore";

export interface PolicyInput {
  targets: RenderedTarget[];
  repo: RepoContext;
  config: PolicyConfig;
  rules: Rule[];
  exceptions: PolicyException[];
  /** Environment for targets that have none (plain manifests, stdin, repo-wide rules). */
  defaultEnvironment: Environment;
  today: string;
  /** Source of a field of a rendered object. */
  locateObject(lo: LocatedObject, pointer: string): SourceLocation;
  /** Source of a field of a repo file (game.yaml, kustomization.yaml). */
  locateFile(file: string, pointer: string): SourceLocation;
  /** True when the whole repository was validated (unused exceptions are reported only then). */
  wholeRepo: boolean;
  /** Told about every check that threw (for stacks under --debug); the run reports it as a finding either way. */
  onCrash?: (check: string, err: unknown) => void;
}

function environmentOf(target: Target, repo: RepoContext, fallback: Environment): Environment {
  if (target.environment) return target.environment;
  if (target.cluster) return repo.clusters.get(target.cluster)?.spec.environment ?? fallback;
  return fallback;
}

function paramsFor(rule: Rule, config: PolicyConfig): Record<string, unknown> {
  const defaults = Object.fromEntries(Object.entries(rule.params ?? {}).map(([k, p]) => [k, p.default]));
  return { ...defaults, ...(config.rules[rule.id]?.params ?? {}) };
}

function appliesTo(rule: Rule, env: Environment): boolean {
  return !rule.environments || rule.environments.includes(env);
}

function kindMatches(rule: Rule, object: K8sObject): boolean {
  return rule.kinds.length === 0 || rule.kinds.includes(object.kind);
}

function ignoredRules(object: K8sObject | undefined): string[] {
  const v = object?.metadata?.annotations?.[IGNORE_ANNOTATION];
  return typeof v === "string"
    ? v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
}

interface Raw {
  rule: Rule;
  violation: Violation;
  env: Environment;
  target?: Target;
}

/** Runs every enabled rule; returns findings sorted later by the report stage. */
export function runPolicies(input: PolicyInput): Finding[] {
  const { config } = input;
  const repo: RepoContext = input.repo.argocd
    ? input.repo
    : {
        ...input.repo,
        argocd: {
          model: buildArgoModel(
            input.repo.targets.filter((t) => t.target.kind === "cluster"),
            input.repo,
          ),
          sources: new Map(),
        },
      };
  const located = new Map<K8sObject, { lo: LocatedObject; target: Target }>();
  for (const rt of input.targets) for (const lo of rt.objects) located.set(lo.object, { lo, target: rt.target });
  const enabled = input.rules.filter((r) => isEnabled(config.rules[r.id]));
  const raws: Raw[] = [];
  const crashes: Finding[] = [];
  const reportCrash = (...args: Parameters<typeof crashFinding>): Finding => {
    input.onCrash?.(args[0], args[1]);
    return crashFinding(...args);
  };
  const base = (rule: Rule, env: Environment): RuleContext => ({
    environment: env,
    params: paramsFor(rule, config),
    shared: config.parameters,
    repo,
    kubernetesVersion: config.kubernetesVersion,
  });

  for (const rt of input.targets) {
    if (rt.status !== "ok") continue;
    const env = environmentOf(rt.target, repo, input.defaultEnvironment);
    for (const rule of enabled) {
      if (rule.scope === "repo" || !appliesTo(rule, env)) continue;
      const ctx: TargetContext = { ...base(rule, env), target: rt.target, objects: rt.objects };
      if (rule.scope === "target") {
        const found = guarded(
          () => rule.check(ctx),
          (err) => crashes.push(reportCrash(`rule ${rule.id}`, err, undefined, rt.target.path, targetSource(rt.target))),
        );
        for (const v of found) raws.push({ rule, violation: v, env, target: rt.target });
      } else
        for (const lo of rt.objects) {
          if (!kindMatches(rule, lo.object)) continue;
          const found = guarded(
            () => rule.check(lo.object, ctx),
            (err) => crashes.push(reportCrash(`rule ${rule.id}`, err, lo.object, rt.target.path, input.locateObject(lo, ""))),
          );
          for (const v of found) raws.push({ rule, violation: { ...v, object: v.object ?? lo.object }, env, target: rt.target });
        }
    }
  }
  for (const rule of enabled) {
    if (rule.scope !== "repo") continue;
    const found = guarded(
      () => rule.check(base(rule, input.defaultEnvironment)),
      (err) => crashes.push(reportCrash(`rule ${rule.id}`, err, undefined, "", targetSource(undefined))),
    );
    for (const v of found) {
      const owner = v.object ? located.get(v.object)?.target : input.targets.find((t) => t.target.path === v.target)?.target;
      const env = owner ? environmentOf(owner, repo, input.defaultEnvironment) : input.defaultEnvironment;
      if (appliesTo(rule, env)) raws.push({ rule, violation: v, env, target: owner });
    }
  }
  const results: Array<Finding | undefined> = new Array(raws.length);
  for (const i of inObjectOrder(raws, located)) {
    const raw = raws[i];
    try {
      results[i] = toFinding(raw, input, located);
    } catch (err) {
      const hit = raw.violation.object ? located.get(raw.violation.object) : undefined;
      crashes.push(reportCrash(`rule ${raw.rule.id}`, err, raw.violation.object, raw.target?.path ?? "", hit?.lo.source ?? targetSource(raw.target)));
    }
  }
  const findings: Finding[] = [];
  const kept: Raw[] = [];
  results.forEach((f, i) => {
    if (!f) return;
    findings.push(f);
    kept.push(raws[i]);
  });
  return [...applyWaivers(findings, kept, input), ...crashes];
}

/**
 * Indexes of `raws` ordered by the position of their object among the targets' objects (rules report rule by rule):
 * locating them in this order reads each source document once, even when only a few parsed documents are kept.
 */
function inObjectOrder(raws: Raw[], located: Map<K8sObject, unknown>): number[] {
  const position = new Map<K8sObject, number>();
  for (const object of located.keys()) position.set(object, position.size);
  const at = (raw: Raw) => (raw.violation.object ? (position.get(raw.violation.object) ?? -1) : -1);
  return raws
    .map((raw, i) => ({ i, at: at(raw) }))
    .sort((a, b) => a.at - b.at || a.i - b.i)
    .map((x) => x.i);
}

/** The rule's violations, or none when it threw (the throw is reported through `onCrash`). */
function guarded(check: () => Violation[], onCrash: (err: unknown) => void): Violation[] {
  try {
    const found = check();
    if (!Array.isArray(found)) throw new TypeError(`returned ${typeof found}, not a list of violations`);
    return found;
  } catch (err) {
    onCrash(err);
    return [];
  }
}

const targetSource = (target: Target | undefined): SourceLocation => ({ file: targetFile(target), line: 1 });

/** A file (never a folder) standing for a whole target: its kustomization, or the manifest file itself. */
function targetFile(target: Target | undefined): string {
  if (!target) return "policies/config.yaml";
  return target.kind === "manifests" || target.kind === "stdin" ? target.path : `${target.path}/kustomization.yaml`;
}

function toFinding(raw: Raw, input: PolicyInput, located: Map<K8sObject, { lo: LocatedObject; target: Target }>): Finding {
  const { rule, violation: v } = raw;
  const hit = v.object ? located.get(v.object) : undefined;
  const pointer = v.path ?? "";
  const source = v.file ? input.locateFile(v.file, pointer) : hit ? input.locateObject(hit.lo, pointer) : { file: targetFile(raw.target), line: 1 };
  return {
    ruleId: rule.id,
    category: rule.category,
    severity: severityFor(input.config.rules[rule.id], rule.defaultSeverity, raw.env),
    message: v.message,
    fix: v.fix ?? rule.fix,
    target: v.target ?? raw.target?.path ?? hit?.target.path ?? "",
    ...(v.object ? { object: objectRef(v.object) } : {}),
    path: pointer,
    source,
  };
}

function applyWaivers(findings: Finding[], raws: Raw[], input: PolicyInput): Finding[] {
  const out: Finding[] = [];
  const used = new Set<PolicyException>();
  const active = input.exceptions.filter((e) => !isExpired(e, input.today));
  findings.forEach((f, i) => {
    const raw = raws[i];
    const game = raw.target?.game ?? (f.object?.namespace?.startsWith("gaia-") ? f.object.namespace.slice(5) : undefined);
    const waiver = active.find((e) => exceptionMatches(e, f, game));
    if (waiver) {
      used.add(waiver);
      return;
    }
    if (ignoredRules(raw.violation.object).includes(f.ruleId)) {
      const allowed = input.config.rules[f.ruleId]?.allowIgnoreAnnotation === true;
      out.push({
        ...f,
        ruleId: allowed ? "ignored-by-annotation" : "ignore-annotation-not-allowed",
        category: "config",
        severity: allowed ? "info" : "warning",
        message: allowed
          ? `${f.ruleId} silenced by ${IGNORE_ANNOTATION}: ${f.message}`
          : `${IGNORE_ANNOTATION} cannot silence ${f.ruleId} (policies/config.yaml does not allow it)`,
      });
      if (allowed) return;
    }
    out.push(f);
  });
  for (const e of input.exceptions) {
    if (isExpired(e, input.today)) out.push(expiredFinding(e, input.today));
    else if (input.wholeRepo && !used.has(e)) out.push(unusedFinding(e));
  }
  return out;
}
