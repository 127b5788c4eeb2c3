// The contract between the policy engine and the rules. One rule = one folder with rule.ts + pass/fail fixtures.
import type { ArgoContext } from "../argocd/cluster-model.ts";
import type { Category, Environment, K8sObject, LocatedObject, RenderedTarget, Severity, Target } from "../types.ts";
import type { ObjectFacts, TargetFacts } from "./summary.ts";

export type RuleCategory = Extract<Category, "security" | "quotas" | "network" | "tenancy" | "reliability" | "hygiene">;

/** Peer tools' own check ids that a rule covers. */
export interface PeerCoverage {
  kubeScore?: string[];
  polaris?: string[];
  kubeLinter?: string[];
}

/**
 * Claims in `covers` where this rule is stricter than the peer's check (fires on objects the peer accepts), with the
 * reason; every other claim is exact: same verdict as the peer on the peer's own kind of input.
 */
export type StricterThanPeers = { [tool in keyof PeerCoverage]?: Record<string, string> };

export interface ParamSpec {
  description: string;
  default: unknown;
}

/** What a rule reports. The engine turns it into a Finding with severity, target and source location. */
export interface Violation {
  message: string;
  /** The offending object (required for object and target scope; optional for repo scope). */
  object?: K8sObject;
  /** JSON pointer to the offending field inside `object` (or inside `file` when `file` is given). */
  path?: string;
  /** For violations about a repo file rather than a rendered object (game.yaml, cluster.yaml, kustomization.yaml). */
  file?: string;
  /** Target path the violation belongs to, for repo-scope rules that know it. */
  target?: string;
  /** Overrides the rule's generic fix text when a more specific hint is known. */
  fix?: string;
  /**
   * Fields, of this or another rendered object, whose values decided the verdict (a peer selector entry that misses
   * kube-dns). When a kustomization transformer of the target set one of them, the finding is reported at that
   * transformer's line rather than at `path`.
   */
  causes?: Array<{ object: K8sObject; path: string }>;
}

export interface GameSpec {
  name: string;
  displayName?: string;
  owner?: string;
  tier: "indie" | "growing" | "viral";
  regions: string[];
  services?: Record<
    string,
    | {
        enabled?: boolean;
        minReplicas?: number;
        maxReplicas?: number;
        /** Replica bounds outside production, per environment. */
        environments?: Partial<Record<Environment, { minReplicas?: number; maxReplicas?: number }>>;
      }
    | undefined
  >;
  seasons?: Array<{ months: number[]; minReplicas: number; maxReplicas: number }>;
  budget?: { monthlyUSD: number };
  [k: string]: unknown;
}

export interface ClusterSpec {
  name: string;
  environment: Environment;
  region: string;
  provider?: string;
  capacity: { cpu: string | number; memory: string; pods: number };
  dedicatedGame?: string;
  [k: string]: unknown;
}

export interface RepoFile<T> {
  /** Repo-relative path of the file. */
  file: string;
  spec: T;
}

/** The repository's own files: game.yaml and cluster.yaml specs, and any file's text. */
export interface RepoFiles {
  root: string;
  games: Map<string, RepoFile<GameSpec>>;
  clusters: Map<string, RepoFile<ClusterSpec>>;
  /** Reads a repo file's text (repo-relative path); undefined when missing. */
  readText(file: string): string | undefined;
  /** Lists repo-relative files under a repo-relative folder (recursive). */
  listFiles(dir: string): string[];
}

/** What repository-wide rules look at: the repository's files and one small summary per target (policy/summary.ts). */
export interface RepositoryView extends RepoFiles {
  summaries: TargetFacts[];
}

/** Everything target rules may look at across targets. Built once per run. */
export interface RepoContext extends RepoFiles {
  /** The targets this run rendered (in a sharded run: its own, and the cluster targets for the Argo CD model). */
  targets: RenderedTarget[];
  /**
   * What Argo CD runs on the clusters: the Applications of every cluster target (rendered for context even when the
   * run checks only some targets) and the renders of their non-target sources. The engine fills it in when missing.
   */
  argocd?: ArgoContext;
}

interface BaseContext {
  environment: Environment;
  /** Rule parameters: the rule's defaults overlaid with policies/config.yaml. */
  params: Record<string, any>;
  /** Shared parameters of policies/config.yaml (`parameters:`), e.g. allowedRegistries, flows, prices. */
  shared: Record<string, any>;
  kubernetesVersion: string;
}

export interface RuleContext extends BaseContext {
  repo: RepoContext;
}

export interface RepoRuleContext extends BaseContext {
  repo: RepositoryView;
}

/** What a repository-wide rule reports: like a Violation, about a summarised object rather than a rendered one. */
export interface RepoViolation extends Omit<Violation, "object"> {
  object?: ObjectFacts;
}

export interface TargetContext extends RuleContext {
  target: Target;
  /** All objects of the target, with source info. */
  objects: LocatedObject[];
}

interface RuleMeta {
  id: string;
  title: string;
  category: RuleCategory;
  defaultSeverity: Severity;
  /** Why a reviewer cares. */
  rationale: string;
  /** How to fix it, generically. */
  fix: string;
  /** Kinds the rule looks at; empty = all. */
  kinds: string[];
  params?: Record<string, ParamSpec>;
  covers?: PeerCoverage;
  stricter?: StricterThanPeers;
  /** Environments the rule applies in; default all. */
  environments?: Environment[];
  /** For Pod Security Standards rules: the profile whose control the rule checks. */
  profile?: "baseline" | "restricted";
}

export interface ObjectRule extends RuleMeta {
  scope: "object";
  check(object: K8sObject, ctx: TargetContext): Violation[];
}

export interface TargetRule extends RuleMeta {
  scope: "target";
  check(ctx: TargetContext): Violation[];
}

/** Runs over the summaries of every target (in a sharded run, in `gaia report merge`), never over whole object sets. */
export interface RepoRule extends RuleMeta {
  scope: "repo";
  check(ctx: RepoRuleContext): RepoViolation[];
}

export type Rule = ObjectRule | TargetRule | RepoRule;
