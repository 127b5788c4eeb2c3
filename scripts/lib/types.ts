// Core values that flow between the pipeline stages (discover → render → parse → schema → policy → report).

export type Severity = "error" | "warning" | "info";
export const SEVERITY_ORDER: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export type Category = "security" | "quotas" | "network" | "tenancy" | "reliability" | "hygiene" | "schema" | "syntax" | "render" | "config";

export type Environment = "development" | "staging" | "production";
export const ENVIRONMENTS: readonly Environment[] = ["development", "staging", "production"];

export interface SourceLocation {
  /** Path relative to the repository root, with forward slashes. */
  file: string;
  /** 1-based line number. */
  line: number;
}

/** Where a finding belongs, with the other lines that caused the same value together with it. */
export interface Attribution {
  source: SourceLocation;
  /** Lines that contributed with `source` (a name's namePrefix and nameSuffix), in no particular order. */
  related?: SourceLocation[];
  /** The kustomization fields at `source` and `related`, in that order, when a transformer was blamed. */
  fields?: string[];
}

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

export interface Finding {
  ruleId: string;
  category: Category;
  severity: Severity;
  message: string;
  fix: string;
  /** Target path (relative to the repo root) the finding belongs to; "" for repo-wide findings. */
  target: string;
  object?: ObjectRef;
  /** JSON pointer into the object (or document) that the finding is about. */
  path: string;
  source: SourceLocation;
  /** Other lines that caused the finding together with `source` (each can be fixed there as well). */
  related?: SourceLocation[];
}

export type TargetKind = "overlay" | "game" | "cluster" | "manifests" | "stdin";

export interface Target {
  /** Path relative to the repo root (forward slashes); for stdin, "-". */
  path: string;
  kind: TargetKind;
  environment?: Environment;
  game?: string;
  cluster?: string;
}

/** A Kubernetes object with where it came from. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; [k: string]: unknown };
  [k: string]: unknown;
}

export interface LocatedObject {
  object: K8sObject;
  /** Where the object's document starts in a repo file (from kustomize's origin annotation or the manifest itself). */
  source: SourceLocation;
  /** The repo file the object came from, if known; line lookups of fields resolve in this file. */
  origin?: OriginInfo;
}

export interface OriginInfo {
  /** Repo-relative file the object was declared in. */
  file: string;
  /** Repo-relative files of patches/transformers applied, when kustomize reports them. */
  transformedBy?: string[];
}

export interface RenderedTarget {
  target: Target;
  status: "ok" | "failed";
  objects: LocatedObject[];
  ms: number;
  cached: boolean;
  /** Findings produced while rendering/parsing (failed build, bad YAML, ...). */
  findings: Finding[];
}

export interface TargetSummary {
  path: string;
  status: "ok" | "failed";
  objects: number;
  ms: number;
}

export interface Report {
  version: 1;
  tool: { name: "gaia"; kustomize: string; kubernetes: string };
  targets: TargetSummary[];
  findings: Finding[];
  summary: { targets: number; objects: number; errors: number; warnings: number; infos: number; ms: number };
  /** Set by `validate --shard i/n`: this report covers one shard (`gaia report merge` joins them). */
  shard?: { index: number; count: number };
  /** Set by `validate --shard i/n`: what `gaia report merge` needs to run the repository-wide rules over every shard. */
  repository?: RepositoryFacts;
  /** With --changed-since: the ref and the files changed since it (findings elsewhere are inherited). */
  change?: ChangeScope;
}

export interface RepositoryFacts {
  /** The run's --env (the environment of repository-wide findings outside any target). */
  environment: Environment;
  /** The day exceptions were judged against (YYYY-MM-DD). */
  today: string;
  /** True when the shard set covers the whole repository (unused exceptions are reported only then). */
  complete: boolean;
  /** One summary per target of the shard (policy/summary.ts). */
  summaries: unknown[];
  /** The exceptions that waived a finding in this shard, as `file:line`. */
  exceptionsUsed: string[];
}

export interface ChangeScope {
  since: string;
  /** Repo-relative files changed since `since`, sorted. */
  files: string[];
}

/** The summary's counts of a list of findings: always computed from the findings the report lists. */
export function countBySeverity(findings: readonly Finding[]): { errors: number; warnings: number; infos: number } {
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  return { errors: count("error"), warnings: count("warning"), infos: count("info") };
}

export function objectRef(o: K8sObject): ObjectRef {
  const ref: ObjectRef = { apiVersion: String(o.apiVersion ?? ""), kind: String(o.kind ?? ""), name: String(o.metadata?.name ?? "") };
  if (o.metadata?.namespace) ref.namespace = String(o.metadata.namespace);
  return ref;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Deterministic order (file, line, rule, then everything else), independent of the machine's locale. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    byText(a.source.file, b.source.file) ||
    a.source.line - b.source.line ||
    byText(a.ruleId, b.ruleId) ||
    byText(a.target, b.target) ||
    byText(a.path, b.path) ||
    byText(a.message, b.message) ||
    byText(a.severity, b.severity) ||
    byText(JSON.stringify(a.object ?? {}), JSON.stringify(b.object ?? {}))
  );
}
