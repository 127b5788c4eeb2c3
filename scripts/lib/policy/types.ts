// The contract between the policy engine and the rules. One rule = one folder with rule.ts + pass/fail fixtures.
import type { ArgoContext } from "../argocd/cluster-model.ts";
import type { Category, Environment, K8sObject, LocatedObject, RenderedTarget, Severity, Target } from "../types.ts";

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

/** Everything repo-wide rules may look at. Built once per run. */
export interface RepoContext {
  root: string;
  games: Map<string, RepoFile<GameSpec>>;
  clusters: Map<string, RepoFile<ClusterSpec>>;
  targets: RenderedTarget[];
  /** Reads a repo file's text (repo-relative path); undefined when missing. */
  readText(file: string): string | undefined;
  /** Lists repo-relative files under a repo-relative folder (recursive). */
  listFiles(dir: string): string[];
  /**
   * What Argo CD runs on the clusters: the Applications of every cluster target (rendered for context even when the
   * run checks only some targets) and the renders of their non-target sources. The engine fills it in when missing.
   */
  argocd?: ArgoContext;
}

export interface RuleContext {
  environment: Environment;
  /** Rule parameters: the rule's defaults overlaid with policies/config.yaml. */
  params: Record<string, any>;
  /** Shared parameters of policies/config.yaml (`parameters:`), e.g. allowedRegistries, flows, prices. */
  shared: Record<string, any>;
  repo: RepoContext;
  kubernetesVersion: string;
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

export interface RepoRule extends RuleMeta {
  scope: "repo";
  check(ctx: RuleContext): Violation[];
}

export type Rule = ObjectRule | TargetRule | RepoRule;
