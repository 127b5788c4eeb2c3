// What every rule's context and finding share: its parameters, the environment a target runs in, where a finding
// without an object points.
import type { Environment, K8sObject, SourceLocation, Target } from "../types.ts";
import type { PolicyConfig } from "./config.ts";
import type { RepoFiles, Rule } from "./types.ts";

export function environmentOf(target: Target, repo: RepoFiles, fallback: Environment): Environment {
  if (target.environment) return target.environment;
  if (target.cluster) return repo.clusters.get(target.cluster)?.spec.environment ?? fallback;
  return fallback;
}

export function paramsFor(rule: Rule, config: PolicyConfig): Record<string, unknown> {
  const defaults = Object.fromEntries(Object.entries(rule.params ?? {}).map(([k, p]) => [k, p.default]));
  return { ...defaults, ...(config.rules[rule.id]?.params ?? {}) };
}

export function appliesTo(rule: Rule, env: Environment): boolean {
  return !rule.environments || rule.environments.includes(env);
}

export function kindMatches(rule: Rule, object: K8sObject): boolean {
  return rule.kinds.length === 0 || rule.kinds.includes(object.kind);
}

/** A file (never a folder) standing for a whole target: its kustomization, or the manifest file itself. */
export function targetFile(target: Target | undefined): string {
  if (!target) return "policies/config.yaml";
  return target.kind === "manifests" || target.kind === "stdin" ? target.path : `${target.path}/kustomization.yaml`;
}

export const targetSource = (target: Target | undefined): SourceLocation => ({ file: targetFile(target), line: 1 });
