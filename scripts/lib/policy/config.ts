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

const isMapping = (v: unknown): v is Record<string, any> => !!v && typeof v === "object" && !Array.isArray(v);
const SEVERITIES = ["error", "warning", "info"];

function ruleSettings(raw: unknown): RuleSettings | undefined {
  if (!isMapping(raw)) return undefined;
  const out: RuleSettings = {};
  if (typeof raw.enabled === "boolean") out.enabled = raw.enabled;
  if (typeof raw.allowIgnoreAnnotation === "boolean") out.allowIgnoreAnnotation = raw.allowIgnoreAnnotation;
  if (isMapping(raw.params)) out.params = raw.params;
  if (typeof raw.severity === "string" && SEVERITIES.includes(raw.severity)) out.severity = raw.severity as Severity;
  else if (isMapping(raw.severity))
    out.severity = Object.fromEntries(Object.entries(raw.severity).filter(([, v]) => typeof v === "string" && SEVERITIES.includes(v)));
  return out;
}

function normalisePromotion(raw: unknown): PolicyConfig["promotion"] {
  if (!isMapping(raw)) return undefined;
  const config = Array.isArray(raw.config)
    ? raw.config.filter(
        (e: unknown): e is { configMap: string; keys: string[] } =>
          isMapping(e) && typeof e.configMap === "string" && Array.isArray(e.keys) && e.keys.every((k: unknown) => typeof k === "string"),
      )
    : undefined;
  return config ? { config } : {};
}

/**
 * The usable part of policies/config.yaml: fields of the wrong shape are left out (the file's schema check reports them
 * at their line), so a typo in one rule's settings never stops the run.
 */
export function normaliseConfig(raw: unknown): PolicyConfig {
  const c = isMapping(raw) ? raw : {};
  const rules = Object.fromEntries(
    Object.entries(isMapping(c.rules) ? c.rules : {}).flatMap(([id, v]) => {
      const settings = ruleSettings(v);
      return settings ? [[id, settings]] : [];
    }),
  );
  const skip =
    isMapping(c.schemas) && Array.isArray(c.schemas.skip) ? c.schemas.skip.filter((e: unknown) => isMapping(e) && typeof e.kind === "string") : undefined;
  const kustomizeVersion = isMapping(c.argocd) && typeof c.argocd.kustomizeVersion === "string" ? c.argocd.kustomizeVersion : undefined;
  const version = c.kubernetesVersion;
  return {
    kubernetesVersion: typeof version === "string" || typeof version === "number" ? String(version) : EMPTY_CONFIG.kubernetesVersion,
    argocd: isMapping(c.argocd) ? { ...(kustomizeVersion ? { kustomizeVersion } : {}) } : undefined,
    schemas: skip ? { skip } : undefined,
    parameters: isMapping(c.parameters) ? c.parameters : {},
    promotion: normalisePromotion(c.promotion),
    rules,
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
