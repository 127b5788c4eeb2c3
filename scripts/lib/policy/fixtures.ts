// Rule fixtures: `pass.*.yaml` / `fail.*.yaml` beside each rule, turned into a target (or several) and a repo context.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import type { Environment, Finding, K8sObject, LocatedObject, RenderedTarget, Target } from "../types.ts";
import { normaliseConfig } from "./config.ts";
import { runPolicies } from "./engine.ts";
import type { ClusterSpec, GameSpec, RepoContext, RepoFile, Rule } from "./types.ts";
import { SourceLocator } from "../parse/locate.ts";
import { parseSource } from "../parse/source.ts";

export const FIXTURE_TARGET_ANNOTATION = "fixture.gaia.tech/target";

/** Shared parameters fixtures run with unless they override them (kept apart from the repo's own policies/config.yaml). */
export const FIXTURE_SHARED: Record<string, unknown> = {
  allowedRegistries: ["registry.gaia.tech"],
  flows: [],
  prices: { cpuCoreHour: 0.0316, memoryGiBHour: 0.0042, gpuHour: 0.526, storageGiBMonth: 0.1, hoursPerMonth: 730 },
  tiers: {
    indie: { maxReplicasPerService: 3, quota: { cpu: "8", memory: "16Gi", pods: 40 } },
    growing: { maxReplicasPerService: 20, quota: { cpu: "64", memory: "128Gi", pods: 200 } },
    viral: { maxReplicasPerService: 50, quota: { cpu: "400", memory: "800Gi", pods: 1000 } },
  },
};

export interface FixtureContext {
  environment?: Environment;
  target?: Partial<Target>;
  params?: Record<string, unknown>;
  shared?: Record<string, unknown>;
  games?: Record<string, GameSpec>;
  clusters?: Record<string, ClusterSpec>;
  files?: Record<string, string>;
  /** What a fail fixture must produce: a count, and/or each finding's line (real locator), JSON pointer and message. */
  expect?: { violations?: number; findings?: Array<{ line: number; path: string; message: string }> };
  /** The Argo CD or API server behaviour the fixture reproduces; it becomes part of the test's name. */
  mirrors?: string;
}

export interface Fixture {
  file: string;
  expectFail: boolean;
  context: FixtureContext;
  targets: RenderedTarget[];
}

export function ruleFixtureFiles(ruleDir: string): { pass: string[]; fail: string[] } {
  const files = readdirSync(ruleDir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  return {
    pass: files.filter((f) => f.startsWith("pass.")).map((f) => join(ruleDir, f)),
    fail: files.filter((f) => f.startsWith("fail.")).map((f) => join(ruleDir, f)),
  };
}

export function loadFixture(file: string, text = readFileSync(file, "utf8")): Fixture {
  let context: FixtureContext = {};
  const byTarget = new Map<string, LocatedObject[]>();
  let line = 1;
  const chunks = text.split(/^---\s*$/m);
  const docs: Array<{ doc: any; line: number }> = [];
  for (const chunk of chunks) {
    const doc = yaml.load(chunk);
    const lead = chunk.match(/^\s*\n/)?.[0].split("\n").length ?? 1;
    if (doc && typeof doc === "object") docs.push({ doc, line: line + lead - 1 });
    line += chunk.split("\n").length - 1;
  }
  // Document lines exactly as the pipeline's parser counts them (a leading comment is not the document's start), so the
  // real locator finds each object's document.
  const parsedLines = parseSource(file, Buffer.from(text))
    .documents.filter((d) => d.value && typeof d.value === "object")
    .map((d) => d.line);
  if (parsedLines.length === docs.length) docs.forEach((d, i) => (d.line = parsedLines[i]));
  const defaultTarget = (): Target => ({
    path: "games/demo/production",
    kind: "game",
    game: "demo",
    environment: context.environment ?? "production",
    ...(context.target ?? {}),
  });
  for (const { doc, line: docLine } of docs) {
    if (doc.kind === "FixtureContext") {
      context = doc as FixtureContext;
      continue;
    }
    const obj = doc as K8sObject;
    obj.metadata ??= {};
    const path = obj.metadata.annotations?.[FIXTURE_TARGET_ANNOTATION] ?? defaultTarget().path;
    if (obj.metadata.annotations) {
      delete obj.metadata.annotations[FIXTURE_TARGET_ANNOTATION];
      if (Object.keys(obj.metadata.annotations).length === 0) delete obj.metadata.annotations;
    }
    byTarget.set(path, [...(byTarget.get(path) ?? []), { object: obj, source: { file, line: docLine } }]);
  }
  if (byTarget.size === 0) byTarget.set(defaultTarget().path, []);
  const targets: RenderedTarget[] = [...byTarget.entries()].map(([path, objects]) => {
    const base = defaultTarget();
    const parts = path.split("/");
    const target: Target =
      path === base.path
        ? base
        : parts[0] === "games"
          ? { path, kind: "game", game: parts[1], environment: (parts[2] as Environment) ?? base.environment }
          : parts[0] === "clusters"
            ? { path, kind: "cluster", cluster: parts[1] }
            : { path, kind: "overlay", environment: (parts[1] as Environment) ?? base.environment };
    return { target, status: "ok", objects, ms: 0, cached: false, findings: [] };
  });
  return { file, expectFail: /(^|\/)fail\.[^/]+$/.test(file), context, targets };
}

function repoFiles<T>(specs: Record<string, T> | undefined, path: (name: string) => string): Map<string, RepoFile<T>> {
  return new Map(Object.entries(specs ?? {}).map(([name, spec]) => [name, { file: path(name), spec }]));
}

export function fixtureRepo(f: Fixture): RepoContext {
  const files = f.context.files ?? {};
  return {
    root: "/fixture",
    games: repoFiles(f.context.games, (n) => `games/${n}/game.yaml`),
    clusters: repoFiles(f.context.clusters, (n) => `clusters/${n}/cluster.yaml`),
    targets: f.targets,
    readText: (p) => files[p],
    listFiles: (dir) =>
      Object.keys(files)
        .filter((p) => p.startsWith(`${dir.replace(/\/$/, "")}/`))
        .sort(),
  };
}

/** Runs one rule over a fixture through the real engine (severities, finding shape, source lines from the real locator). */
export function runRuleOnFixture(rule: Rule, f: Fixture): Finding[] {
  // The pipeline's own locator, over the fixture file itself (absolute paths resolve from "/").
  const locator = new SourceLocator("/");
  const config = normaliseConfig({ parameters: { ...FIXTURE_SHARED, ...(f.context.shared ?? {}) }, rules: { [rule.id]: { params: f.context.params ?? {} } } });
  return runPolicies({
    targets: f.targets,
    repo: fixtureRepo(f),
    config,
    rules: [rule],
    exceptions: [],
    defaultEnvironment: f.context.environment ?? "production",
    today: "2026-01-01",
    locateObject: (lo, pointer) => locator.locate(lo, pointer),
    locateFile: (file) => ({ file, line: 1 }),
    wholeRepo: true,
  });
}
