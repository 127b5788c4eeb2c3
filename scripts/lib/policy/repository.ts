// The repository-wide rules over per-target summaries. One code path: an unsharded run calls it with the summaries
// of its own targets; `gaia report merge` with the union of the shards' summaries.
import type { Environment, Finding, SourceLocation, Target } from "../types.ts";
import { isEnabled, severityFor, type PolicyConfig } from "./config.ts";
import { crashFinding } from "./crash.ts";
import type { TargetFacts } from "./summary.ts";
import type { RepoFiles, RepoRule, RepoRuleContext, RepoViolation, Rule } from "./types.ts";
import { appliesTo, environmentOf, paramsFor, targetSource } from "./rule-context.ts";
import type { Candidate } from "./waivers.ts";

export interface RepositoryInput {
  summaries: TargetFacts[];
  files: RepoFiles;
  config: PolicyConfig;
  rules: Rule[];
  /** Environment for violations outside any target. */
  defaultEnvironment: Environment;
  locateFile: (file: string, pointer: string) => SourceLocation;
  onCrash?: (check: string, err: unknown) => void;
}

export interface RepositoryResult {
  candidates: Candidate[];
  crashes: Finding[];
}

function sourceOf(v: RepoViolation, owner: Target | undefined, input: RepositoryInput): SourceLocation {
  const pointer = v.path ?? "";
  if (v.file) return input.locateFile(v.file, pointer);
  if (v.object) return v.object.sources[pointer] ?? targetSource(owner);
  return targetSource(owner);
}

/** The enabled repository-wide rules' findings, before waivers. */
export function checkRepository(input: RepositoryInput): RepositoryResult {
  const { config, summaries } = input;
  const byPath = new Map(summaries.map((s) => [s.target.path, s.target]));
  const view = { ...input.files, summaries };
  const candidates: Candidate[] = [];
  const crashes: Finding[] = [];
  const rules = input.rules.filter((r): r is RepoRule => r.scope === "repo" && isEnabled(config.rules[r.id]));
  for (const rule of rules) {
    const ctx: RepoRuleContext = {
      environment: input.defaultEnvironment,
      params: paramsFor(rule, config),
      shared: config.parameters,
      repo: view,
      kubernetesVersion: config.kubernetesVersion,
    };
    let found: RepoViolation[];
    try {
      found = rule.check(ctx);
      if (!Array.isArray(found)) throw new TypeError(`returned ${typeof found}, not a list of violations`);
    } catch (err) {
      input.onCrash?.(`rule ${rule.id}`, err);
      crashes.push(crashFinding(`rule ${rule.id}`, err, undefined, "", targetSource(undefined)));
      continue;
    }
    for (const v of found) {
      const owner = byPath.get(v.object ? v.object.target : (v.target ?? ""));
      const env = owner ? environmentOf(owner, input.files, input.defaultEnvironment) : input.defaultEnvironment;
      if (!appliesTo(rule, env)) continue;
      try {
        const finding: Finding = {
          ruleId: rule.id,
          category: rule.category,
          severity: severityFor(config.rules[rule.id], rule.defaultSeverity, env),
          message: v.message,
          fix: v.fix ?? rule.fix,
          target: v.target ?? owner?.path ?? "",
          ...(v.object ? { object: v.object.ref } : {}),
          path: v.path ?? "",
          source: sourceOf(v, owner, input),
        };
        candidates.push({ finding, game: owner?.game, ignore: v.object?.ignore });
      } catch (err) {
        input.onCrash?.(`rule ${rule.id}`, err);
        crashes.push(crashFinding(`rule ${rule.id}`, err, undefined, owner?.path ?? "", targetSource(owner)));
      }
    }
  }
  return { candidates, crashes };
}
