// Small builders for policy engine tests: objects, targets, rules and a PolicyInput with sensible defaults.
import { normaliseConfig } from "../../../scripts/lib/policy/config.ts";
import type { PolicyInput } from "../../../scripts/lib/policy/engine.ts";
import type { ObjectRule, RepoContext, Rule } from "../../../scripts/lib/policy/types.ts";
import type { Environment, K8sObject, LocatedObject, RenderedTarget, Target } from "../../../scripts/lib/types.ts";

export function deployment(name: string, namespace: string, annotations?: Record<string, string>): K8sObject {
  return { apiVersion: "apps/v1", kind: "Deployment", metadata: { name, namespace, ...(annotations ? { annotations } : {}) }, spec: {} };
}

export function gameTarget(game: string, environment: Environment, objects: K8sObject[]): RenderedTarget {
  const target: Target = { path: `games/${game}/${environment}`, kind: "game", game, environment };
  const located: LocatedObject[] = objects.map((object, i) => ({
    object,
    source: { file: `games/${game}/${environment}/objects.yaml`, line: 1 + i * 10 },
    origin: { file: `games/${game}/${environment}/objects.yaml` },
  }));
  return { target, status: "ok", objects: located, ms: 0, cached: false, findings: [] };
}

/** An object rule that flags every Deployment and reports the params it saw in its message. */
export function flagDeployments(overrides: Partial<ObjectRule> = {}): ObjectRule {
  return {
    id: "flag-deployments",
    title: "Flags every Deployment",
    category: "hygiene",
    scope: "object",
    defaultSeverity: "warning",
    rationale: "test",
    fix: "generic fix",
    kinds: ["Deployment"],
    params: { max: { description: "a limit", default: 3 }, label: { description: "a label", default: "x" } },
    check: (object, ctx) => [{ message: `${object.metadata.name} max=${ctx.params.max} label=${ctx.params.label} env=${ctx.environment}`, path: "/spec" }],
    ...overrides,
  };
}

export function emptyRepo(targets: RenderedTarget[]): RepoContext {
  return { root: "/repo", games: new Map(), clusters: new Map(), targets, readText: () => undefined, listFiles: () => [] };
}

export function policyInput(targets: RenderedTarget[], rules: Rule[], extra: Omit<Partial<PolicyInput>, "config"> & { config?: unknown } = {}): PolicyInput {
  const { config, ...rest } = extra;
  return {
    targets,
    repo: emptyRepo(targets),
    config: normaliseConfig(config ?? {}),
    rules,
    exceptions: [],
    defaultEnvironment: "production",
    today: "2026-06-01",
    locateObject: (lo, pointer) => ({ file: lo.source.file, line: lo.source.line + (pointer ? 1 : 0) }),
    locateFile: (file) => ({ file, line: 1 }),
    wholeRepo: true,
    ...rest,
  };
}
