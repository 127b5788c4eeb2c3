// policy: runs the rule catalog over rendered targets (object and target rules) and over the targets' summaries
// (repository-wide rules); applies severities, opt-outs and exceptions.
import type { Attribution, Environment, Finding, K8sObject, LocatedObject, RenderedTarget, SourceLocation, Target } from "../types.ts";
import { objectRef } from "../types.ts";
import { isEnabled, severityFor, type PolicyConfig } from "./config.ts";
import type { PolicyException } from "./exceptions.ts";
import { crashFinding } from "./crash.ts";
import { argoContextOf } from "../argocd/cluster-model.ts";
import { IGNORE_ANNOTATION } from "./ignore.ts";
import { checkRepository } from "./repository.ts";
import { appliesTo, environmentOf, kindMatches, paramsFor, targetFile, targetSource } from "./rule-context.ts";
import { summariseTarget, type TargetFacts } from "./summary.ts";
import type { RepoContext, Rule, TargetContext, Violation } from "./types.ts";
import { applyWaivers, exceptionFindings, type Candidate } from "./waivers.ts";

export { IGNORE_ANNOTATION };

export interface PolicyInput {
  /** The targets whose objects the object and target rules check. */
  targets: RenderedTarget[];
  repo: RepoContext;
  config: PolicyConfig;
  rules: Rule[];
  exceptions: PolicyException[];
  /** Environment for targets that have none (plain manifests, stdin, repo-wide rules). */
  defaultEnvironment: Environment;
  today: string;
  /** Source of a field of a rendered object. */
  locateObject: (lo: LocatedObject, pointer: string) => SourceLocation;
  /** locateObject with the other lines that set the value together (namePrefix and nameSuffix); default: locateObject alone. */
  attributeObject?: (lo: LocatedObject, pointer: string) => Attribution;
  /** The kustomization transformer line that set a field, if one did (for a violation's `causes`). */
  blameObject?: (lo: LocatedObject, pointer: string) => Attribution | undefined;
  /** Source of a field of a repo file (game.yaml, kustomization.yaml). */
  locateFile: (file: string, pointer: string) => SourceLocation;
  /** True when the whole repository was validated (unused exceptions are reported only then). */
  wholeRepo: boolean;
  /** Summaries the repository-wide rules read; default: those of `targets`. Empty in a shard: report merge runs them. */
  summaries?: TargetFacts[];
  /** Told about every check that threw (for stacks under --debug); the run reports it as a finding either way. */
  onCrash?: (check: string, err: unknown) => void;
}

export interface PolicyResult {
  findings: Finding[];
  /** Exceptions that waived at least one finding. */
  used: Set<PolicyException>;
}

/** Runs every enabled rule; returns findings (sorted later by the report stage). */
export function runPolicies(input: PolicyInput): Finding[] {
  return checkPolicies(input).findings;
}

export function checkPolicies(input: PolicyInput): PolicyResult {
  const crashes: Finding[] = [];
  const candidates = checkTargets(input, crashes);
  const summaries = input.summaries ?? input.targets.map((rt) => summariseTarget(rt, input.locateObject));
  const repository = checkRepository({
    summaries,
    files: input.repo,
    config: input.config,
    rules: input.rules,
    defaultEnvironment: input.defaultEnvironment,
    locateFile: input.locateFile,
    onCrash: input.onCrash,
  });
  const waived = applyWaivers([...candidates, ...repository.candidates], input.exceptions, input.config, input.today);
  const bookkeeping = exceptionFindings(input.exceptions, (e) => waived.used.has(e), input.today, input.wholeRepo);
  return { findings: [...waived.findings, ...bookkeeping, ...crashes, ...repository.crashes], used: waived.used };
}

/** The object and target rules' findings over every checked target, before waivers. */
function checkTargets(input: PolicyInput, crashes: Finding[]): Candidate[] {
  const { config } = input;
  const repo: RepoContext = input.repo.argocd ? input.repo : { ...input.repo, argocd: argoContextOf(input.repo.targets, input.repo) };
  const enabled = input.rules.filter((r) => r.scope !== "repo" && isEnabled(config.rules[r.id]));
  const out: Candidate[] = [];
  const reportCrash = (...args: Parameters<typeof crashFinding>) => {
    input.onCrash?.(args[0], args[1]);
    crashes.push(crashFinding(...args));
  };
  for (const rt of input.targets) {
    if (rt.status !== "ok") continue;
    const env = environmentOf(rt.target, repo, input.defaultEnvironment);
    const pending: Pending[] = [];
    const emit = (rule: Rule, v: Violation, lo: LocatedObject | undefined) =>
      pending.push({ rule, v, lo, causes: (v.causes ?? []).flatMap((c) => located1(locatedIn(rt, c.object, repo.targets), c.path)) });
    for (const rule of enabled) {
      if (rule.scope === "repo" || !appliesTo(rule, env)) continue;
      const ctx: TargetContext = {
        environment: env,
        params: paramsFor(rule, config),
        shared: config.parameters,
        repo,
        kubernetesVersion: config.kubernetesVersion,
        target: rt.target,
        objects: rt.objects,
      };
      if (rule.scope === "target") {
        const found = guarded(
          () => rule.check(ctx),
          (err) => reportCrash(`rule ${rule.id}`, err, undefined, rt.target.path, targetSource(rt.target)),
        );
        for (const v of found) emit(rule, v, v.object ? locatedIn(rt, v.object, repo.targets) : undefined);
      } else
        for (const lo of rt.objects) {
          if (!kindMatches(rule, lo.object)) continue;
          const found = guarded(
            () => rule.check(lo.object, ctx),
            (err) => reportCrash(`rule ${rule.id}`, err, lo.object, rt.target.path, input.locateObject(lo, "")),
          );
          for (const v of found) {
            const object = v.object ?? lo.object;
            emit(rule, { ...v, object }, object === lo.object ? lo : locatedIn(rt, object, repo.targets));
          }
        }
    }
    const results: Array<Candidate | undefined> = new Array(pending.length);
    for (const i of inObjectOrder(rt, pending)) {
      const { rule, v, lo, causes } = pending[i];
      try {
        results[i] = candidate(rule, v, env, rt.target, lo, causes, input);
      } catch (err) {
        reportCrash(`rule ${rule.id}`, err, v.object, rt.target.path, lo?.source ?? targetSource(rt.target));
      }
    }
    for (const c of results) if (c) out.push(c);
  }
  return out;
}

/**
 * Indexes of a target's violations ordered by their object's place in the target (rules report rule by rule): locating
 * them in this order reads each source document once, even when only a few parsed documents are kept.
 */
function inObjectOrder(rt: RenderedTarget, pending: Array<{ lo: LocatedObject | undefined }>): number[] {
  const position = new Map<LocatedObject, number>();
  rt.objects.forEach((lo, i) => position.set(lo, i));
  const at = (lo: LocatedObject | undefined) => (lo ? (position.get(lo) ?? -1) : -1);
  return pending
    .map((p, i) => ({ i, at: at(p.lo) }))
    .sort((a, b) => a.at - b.at || a.i - b.i)
    .map((x) => x.i);
}

const located = new WeakMap<RenderedTarget, Map<K8sObject, LocatedObject>>();

/** A target's objects by identity, built once per target and only when a violation names an object. */
function objectsOf(rt: RenderedTarget): Map<K8sObject, LocatedObject> {
  let map = located.get(rt);
  if (!map) located.set(rt, (map = new Map(rt.objects.map((lo) => [lo.object, lo]))));
  return map;
}

/** The located object a violation names: in its own target first, else in any rendered target (a cluster's Application). */
function locatedIn(rt: RenderedTarget, object: K8sObject, all: RenderedTarget[]): LocatedObject | undefined {
  const own = objectsOf(rt).get(object);
  if (own) return own;
  for (const other of all) {
    const hit = other === rt ? undefined : objectsOf(other).get(object);
    if (hit) return hit;
  }
  return undefined;
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

interface Pending {
  rule: Rule;
  v: Violation;
  lo: LocatedObject | undefined;
  /** The violation's causes that are rendered objects of the run. */
  causes: Array<{ lo: LocatedObject; path: string }>;
}

const located1 = (lo: LocatedObject | undefined, path: string) => (lo ? [{ lo, path }] : []);

/**
 * Where a violation about a rendered object belongs: the line that set its field (a patch, a kustomization field); when
 * that is only the declaring file, the first of its causes that a kustomization transformer set.
 */
function attribute(lo: LocatedObject, pointer: string, causes: Pending["causes"], input: PolicyInput): Attribution {
  const own = input.attributeObject ? input.attributeObject(lo, pointer) : { source: input.locateObject(lo, pointer) };
  if (own.source.file !== (lo.origin?.file ?? lo.source.file) || !input.blameObject) return own;
  for (const c of causes) {
    const blamed = input.blameObject(c.lo, c.path);
    if (blamed) return blamed;
  }
  return own;
}

/** The message, naming every field when several kustomization lines made the value together. */
function withContributors(message: string, at: Attribution): string {
  if (!at.related?.length || !at.fields) return message;
  const lines = [at.source, ...at.related].map((s, i) => `${at.fields![i] ?? "a field"} at ${s.file}:${s.line}`);
  return `${message} (made together by ${lines.slice(0, -1).join(", ")} and ${lines.at(-1)})`;
}

function candidate(
  rule: Rule,
  v: Violation,
  env: Environment,
  target: Target,
  lo: LocatedObject | undefined,
  causes: Pending["causes"],
  input: PolicyInput,
): Candidate {
  const pointer = v.path ?? "";
  const at: Attribution = v.file
    ? { source: input.locateFile(v.file, pointer) }
    : lo
      ? attribute(lo, pointer, causes, input)
      : { source: { file: targetFile(target), line: 1 } };
  const source = at.source;
  const finding: Finding = {
    ruleId: rule.id,
    category: rule.category,
    severity: severityFor(input.config.rules[rule.id], rule.defaultSeverity, env),
    message: withContributors(v.message, at),
    fix: v.fix ?? rule.fix,
    target: v.target ?? target.path,
    ...(v.object ? { object: objectRef(v.object) } : {}),
    path: pointer,
    source,
    ...(at.related?.length ? { related: at.related } : {}),
  };
  return { finding, game: target.game, ignore: v.object?.metadata?.annotations?.[IGNORE_ANNOTATION] };
}
