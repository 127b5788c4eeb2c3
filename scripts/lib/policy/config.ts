// policies/config.yaml: which rules run, at what severity per environment, with which parameters.
import type { Environment, Severity } from "../types.ts";

export interface RuleSettings {
  enabled?: boolean;
  /** One severity for all environments, or one per environment. */
  severity?: Severity | Partial<Record<Environment, Severity>>;
  params?: Record<string, unknown>;
  /** Whether `gaia.tech/ignore: <rule-id>` on an object may silence this rule. */
  allowIgnoreAnnotation?: boolean;
}

export interface PolicyConfig {
  kubernetesVersion: string;
  argocd?: { kustomizeVersion?: string };
  schemas?: { skip?: Array<{ apiVersion?: string; kind: string }> };
  /** What `gaia promote` copies besides images: configMapGenerator literals that carry versions. */
  promotion?: { config?: Array<{ configMap: string; keys: string[] }> };
  parameters: Record<string, any>;
  rules: Record<string, RuleSettings>;
}

export const EMPTY_CONFIG: PolicyConfig = { kubernetesVersion: "1.30", parameters: {}, rules: {} };

export function normaliseConfig(raw: unknown): PolicyConfig {
  const c = (raw && typeof raw === "object" ? raw : {}) as Partial<PolicyConfig>;
  return {
    kubernetesVersion: String(c.kubernetesVersion ?? EMPTY_CONFIG.kubernetesVersion),
    argocd: c.argocd,
    schemas: c.schemas,
    promotion: c.promotion,
    parameters: c.parameters ?? {},
    rules: c.rules ?? {},
  };
}

export function severityFor(settings: RuleSettings | undefined, fallback: Severity, env: Environment): Severity {
  const s = settings?.severity;
  if (!s) return fallback;
  if (typeof s === "string") return s;
  return s[env] ?? fallback;
}

export function isEnabled(settings: RuleSettings | undefined): boolean {
  return settings?.enabled !== false;
}
