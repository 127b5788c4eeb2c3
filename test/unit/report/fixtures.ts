// Reports shared by the report-stage tests.
import type { Finding, Report, TargetSummary } from "../../../scripts/lib/types.ts";
import type { ReportOptions, RuleDoc } from "../../../scripts/lib/report/index.ts";

export const HOSTILE = `<>&"' %,:\r\n\u0000\u0007\u001b[31m|*_\`]]>\ud800 ::error::x`;

export function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: "no-latest-tag",
    category: "security",
    severity: "error",
    message: 'Container "api" uses image gaia/chat:latest',
    fix: "Pin the image to a version or digest",
    target: "games/alpha/production",
    object: { apiVersion: "apps/v1", kind: "Deployment", namespace: "alpha", name: "chat" },
    path: "/spec/template/spec/containers/0/image",
    source: { file: "base/chat/deployment.yaml", line: 21 },
    ...overrides,
  };
}

export const TARGETS: TargetSummary[] = [
  { path: "overlays/production", status: "ok", objects: 40, ms: 812 },
  { path: "games/alpha/production", status: "ok", objects: 12, ms: 305 },
  { path: "games/beta/production", status: "failed", objects: 0, ms: 98 },
];

export function sampleFindings(): Finding[] {
  return [
    finding(),
    finding({ target: "overlays/production", object: { apiVersion: "apps/v1", kind: "Deployment", namespace: "platform", name: "chat" } }),
    finding({
      ruleId: "requests-limits",
      category: "quotas",
      severity: "warning",
      message: 'Container "api" has no memory limit',
      fix: "Set resources.limits.memory",
      source: { file: "base/chat/deployment.yaml", line: 30 },
      path: "/spec/template/spec/containers/0/resources",
    }),
    finding({
      ruleId: "kustomize-build",
      category: "render",
      severity: "error",
      message: "accumulating resources: missing file\nsecond line of kustomize output",
      fix: "Fix the kustomization",
      target: "games/beta/production",
      object: undefined,
      path: "",
      source: { file: "games/beta/production/kustomization.yaml", line: 1 },
    }),
    finding({
      ruleId: "game-owner",
      category: "config",
      severity: "info",
      message: "game.yaml has no owner",
      fix: "Add owner",
      target: "",
      object: undefined,
      path: "/owner",
      source: { file: "games/alpha/game.yaml", line: 3 },
    }),
    finding({
      ruleId: "namespace-scope",
      category: "tenancy",
      severity: "error",
      message: "Writes outside its namespace",
      fix: "",
      target: "games/alpha/production",
      object: { apiVersion: "v1", kind: "ClusterRole", name: "wide" },
      path: "/rules",
      source: { file: "games/alpha/production/rbac.yaml", line: 9 },
    }),
  ];
}

export function report(findings: Finding[] = sampleFindings(), targets: TargetSummary[] = TARGETS): Report {
  const count = (s: Finding["severity"]) => findings.filter((f) => f.severity === s).length;
  return {
    version: 1,
    tool: { name: "gaia", kustomize: "v5.7.1", kubernetes: "1.30.0" },
    targets,
    findings,
    summary: {
      targets: targets.length,
      objects: targets.reduce((n, t) => n + t.objects, 0),
      errors: count("error"),
      warnings: count("warning"),
      infos: count("info"),
      ms: 4213,
    },
  };
}

export function emptyReport(): Report {
  return report([], TARGETS.slice(0, 2));
}

export function hostileReport(): Report {
  const hostile = finding({
    ruleId: `odd-rule`,
    message: HOSTILE,
    fix: HOSTILE,
    target: `games/${HOSTILE}`,
    object: { apiVersion: "v1", kind: "ConfigMap", namespace: "ns", name: HOSTILE },
    path: `/data/${HOSTILE}`,
    source: { file: `games/we<ird> & "odd" 'name' %2F,#?.yaml`, line: 7 },
  });
  return report([hostile, finding({ severity: "warning", message: HOSTILE, fix: "" })], [{ path: `games/${HOSTILE}`, status: "ok", objects: 1, ms: 5 }]);
}

export const RULES: RuleDoc[] = [
  {
    id: "no-latest-tag",
    title: "Images are pinned",
    category: "security",
    defaultSeverity: "error",
    rationale: "A moving tag deploys untested code.",
    fix: "Pin a version or digest.",
    helpUri: "https://example.org/rules/no-latest-tag",
  },
];

export function options(overrides: Partial<ReportOptions> = {}): ReportOptions {
  return { color: false, repoRoot: "/repo", ...overrides };
}

/** Deterministic permutations (reversed and interleaved) of a list. */
export function shuffled<T>(items: readonly T[]): T[][] {
  const reversed = [...items].reverse();
  const interleaved = [...items.filter((_, i) => i % 2 === 1), ...items.filter((_, i) => i % 2 === 0)];
  const rotated = [...items.slice(2), ...items.slice(0, 2)];
  return [reversed, interleaved, rotated];
}

/** Same finding with its keys in another insertion order. */
export function reorderedKeys(f: Finding): Finding {
  return Object.fromEntries(Object.entries(f).reverse()) as unknown as Finding;
}
