import { describe, expect, it } from "vitest";
import { IGNORE_ANNOTATION, runPolicies } from "../../../scripts/lib/policy/engine.ts";
import { isEnabled, normaliseConfig, severityFor } from "../../../scripts/lib/policy/config.ts";
import type { RepoRule, TargetRule } from "../../../scripts/lib/policy/types.ts";
import { deployment, flagDeployments, gameTarget, policyInput } from "./helpers.ts";

const prodAndDev = () => [
  gameTarget("demo", "production", [deployment("web", "gaia-demo")]),
  gameTarget("demo", "development", [deployment("web", "gaia-demo")]),
];

describe("runPolicies: findings", () => {
  it("turns a violation into a finding with rule metadata, target, object and source", () => {
    const [f] = runPolicies(policyInput([gameTarget("demo", "production", [deployment("web", "gaia-demo")])], [flagDeployments()]));
    expect(f).toEqual({
      ruleId: "flag-deployments",
      category: "hygiene",
      severity: "warning",
      message: "web max=3 label=x env=production",
      fix: "generic fix",
      target: "games/demo/production",
      object: { apiVersion: "apps/v1", kind: "Deployment", namespace: "gaia-demo", name: "web" },
      path: "/spec",
      source: { file: "games/demo/production/objects.yaml", line: 2 },
    });
  });

  it("only shows a rule the kinds it asks for", () => {
    const t = gameTarget("demo", "production", [{ apiVersion: "v1", kind: "Service", metadata: { name: "s" } }]);
    expect(runPolicies(policyInput([t], [flagDeployments()]))).toEqual([]);
  });

  it("skips failed targets", () => {
    const t = { ...gameTarget("demo", "production", [deployment("web", "gaia-demo")]), status: "failed" as const };
    expect(runPolicies(policyInput([t], [flagDeployments()]))).toEqual([]);
  });

  it("runs target-scope and repo-scope rules, with the repo-scope finding's environment taken from the summarised target it names", () => {
    const targetRule: TargetRule = {
      ...flagDeployments({ id: "count-objects" }),
      scope: "target",
      check: (ctx) => [{ message: `${ctx.objects.length} objects`, object: ctx.objects[0].object }],
    };
    const repoRule: RepoRule = {
      ...flagDeployments({ id: "repo-wide" }),
      scope: "repo",
      check: (ctx) => ctx.repo.summaries.map((t) => ({ message: `seen ${t.target.path}`, target: t.target.path })),
    };
    const config = { rules: { "repo-wide": { severity: { development: "info", production: "error" } } } };
    const found = runPolicies(policyInput(prodAndDev(), [targetRule, repoRule], { config }));
    expect(found.filter((f) => f.ruleId === "count-objects").map((f) => [f.target, f.message])).toEqual([
      ["games/demo/production", "1 objects"],
      ["games/demo/development", "1 objects"],
    ]);
    expect(found.filter((f) => f.ruleId === "repo-wide").map((f) => [f.target, f.severity])).toEqual([
      ["games/demo/production", "error"],
      ["games/demo/development", "info"],
    ]);
  });

  it("uses a violation's own file and fix when it names them", () => {
    const rule = flagDeployments({ check: () => [{ message: "m", file: "games/demo/game.yaml", path: "/tier", fix: "specific" }] });
    const [f] = runPolicies(policyInput([gameTarget("demo", "production", [deployment("web", "gaia-demo")])], [rule]));
    expect(f).toMatchObject({ fix: "specific", source: { file: "games/demo/game.yaml", line: 1 }, path: "/tier" });
  });

  it("applies a rule only in its environments", () => {
    const found = runPolicies(policyInput(prodAndDev(), [flagDeployments({ environments: ["production"] })]));
    expect(found.map((f) => f.target)).toEqual(["games/demo/production"]);
  });
});

describe("runPolicies: configuration", () => {
  it("sets severity per environment from config, falling back to the rule's default", () => {
    const config = { rules: { "flag-deployments": { severity: { development: "info", production: "error" } } } };
    expect(runPolicies(policyInput(prodAndDev(), [flagDeployments()], { config })).map((f) => [f.target, f.severity])).toEqual([
      ["games/demo/production", "error"],
      ["games/demo/development", "info"],
    ]);
    const partial = { rules: { "flag-deployments": { severity: { production: "error" } } } };
    expect(runPolicies(policyInput(prodAndDev(), [flagDeployments()], { config: partial })).map((f) => f.severity)).toEqual(["error", "warning"]);
    const single = { rules: { "flag-deployments": { severity: "info" } } };
    expect(runPolicies(policyInput(prodAndDev(), [flagDeployments()], { config: single })).map((f) => f.severity)).toEqual(["info", "info"]);
  });

  it("uses the default environment for targets without one (plain manifests)", () => {
    const t = { ...gameTarget("demo", "production", [deployment("web", "gaia-demo")]), target: { path: "manifests", kind: "manifests" as const } };
    const config = { rules: { "flag-deployments": { severity: { staging: "error" } } } };
    const [f] = runPolicies(policyInput([t], [flagDeployments()], { config, defaultEnvironment: "staging" }));
    expect(f).toMatchObject({ severity: "error", message: expect.stringContaining("env=staging") });
  });

  it("does not run disabled rules", () => {
    const config = { rules: { "flag-deployments": { enabled: false } } };
    expect(runPolicies(policyInput(prodAndDev(), [flagDeployments()], { config }))).toEqual([]);
    expect(isEnabled(undefined)).toBe(true);
    expect(isEnabled({ enabled: true })).toBe(true);
  });

  it("overlays configured params on the rule's defaults", () => {
    const config = { rules: { "flag-deployments": { params: { max: 5 } } } };
    const [f] = runPolicies(policyInput([gameTarget("demo", "production", [deployment("web", "gaia-demo")])], [flagDeployments()], { config }));
    expect(f.message).toBe("web max=5 label=x env=production");
  });

  it("normalises a missing or odd config", () => {
    expect(normaliseConfig(undefined)).toEqual({ kubernetesVersion: "1.30", argocd: undefined, schemas: undefined, parameters: {}, rules: {} });
    expect(normaliseConfig({ kubernetesVersion: 1.31 }).kubernetesVersion).toBe("1.31");
    expect(severityFor(undefined, "warning", "production")).toBe("warning");
  });
});

describe("runPolicies: gaia.tech/ignore annotation", () => {
  const annotated = (rules: string) => [
    gameTarget("demo", "production", [deployment("web", "gaia-demo", { [IGNORE_ANNOTATION]: rules }), deployment("api", "gaia-demo")]),
  ];

  it("silences the rule where config allows it, reporting the use as info", () => {
    const config = { rules: { "flag-deployments": { allowIgnoreAnnotation: true } } };
    const found = runPolicies(policyInput(annotated("other-rule, flag-deployments"), [flagDeployments()], { config }));
    expect(found.map((f) => [f.ruleId, f.severity, f.object?.name])).toEqual([
      ["ignored-by-annotation", "info", "web"],
      ["flag-deployments", "warning", "api"],
    ]);
    expect(found[0].message).toMatch(/^flag-deployments silenced by gaia\.tech\/ignore: web/);
  });

  it("keeps the finding and warns where config does not allow it", () => {
    const found = runPolicies(policyInput(annotated("flag-deployments"), [flagDeployments()]));
    expect(found.map((f) => [f.ruleId, f.severity, f.object?.name])).toEqual([
      ["ignore-annotation-not-allowed", "warning", "web"],
      ["flag-deployments", "warning", "web"],
      ["flag-deployments", "warning", "api"],
    ]);
  });

  it("does nothing for an annotation naming other rules", () => {
    const config = { rules: { "flag-deployments": { allowIgnoreAnnotation: true } } };
    expect(runPolicies(policyInput(annotated("something-else"), [flagDeployments()], { config })).map((f) => f.ruleId)).toEqual([
      "flag-deployments",
      "flag-deployments",
    ]);
  });
});

describe("runPolicies: source of findings without an object", () => {
  it("points a target-wide violation at the target's kustomization file, not its folder", () => {
    const repoRule: RepoRule = {
      ...flagDeployments({ id: "repo-wide" }),
      scope: "repo",
      check: () => [{ message: "target-wide", target: "games/demo/production" }],
    };
    const [f] = runPolicies(policyInput(prodAndDev(), [repoRule]));
    expect(f).toMatchObject({ target: "games/demo/production", source: { file: "games/demo/production/kustomization.yaml", line: 1 } });
    expect(f.object).toBeUndefined();
  });

  it("points a repo-wide violation with no target at policies/config.yaml", () => {
    const repoRule: RepoRule = { ...flagDeployments({ id: "repo-wide" }), scope: "repo", check: () => [{ message: "everywhere" }] };
    expect(runPolicies(policyInput(prodAndDev(), [repoRule]))[0].source).toEqual({ file: "policies/config.yaml", line: 1 });
  });
});

describe("runPolicies: where a finding lands when a transformer caused it", () => {
  const K = "games/demo/production/kustomization.yaml";
  const web = deployment("web", "gaia-demo");
  const dns = { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "allow-dns", namespace: "gaia-demo" }, spec: {} };
  const causing = (causes: Array<{ object: typeof web; path: string }>): TargetRule => ({
    ...flagDeployments({ id: "caused" }),
    scope: "target",
    check: () => [{ message: "cannot resolve", object: web, path: "/spec/template/metadata/labels", causes }],
  });
  const blameObject = (lo: { object: { kind: string } }, pointer: string) =>
    lo.object.kind === "NetworkPolicy" && pointer.endsWith("/team") ? { source: { file: K, line: 5 } } : undefined;
  const where = (rule: TargetRule, extra = {}) =>
    runPolicies(policyInput([gameTarget("demo", "production", [web, dns])], [rule], { blameObject, ...extra })).map((f) => `${f.source.file}:${f.source.line}`);

  it("a cause in another object that a transformer set moves the finding to the transformer's line", () => {
    expect(where(causing([{ object: dns, path: "/spec/egress/0/to/0/podSelector/matchLabels/team" }]))).toEqual([`${K}:5`]);
  });

  it("stays at the pointed field when no cause was set by a transformer, or the field itself was attributed elsewhere", () => {
    expect(where(causing([{ object: dns, path: "/spec/egress/0/to/0/podSelector/matchLabels/app" }]))).toEqual(["games/demo/production/objects.yaml:2"]);
    expect(where(causing([]))).toEqual(["games/demo/production/objects.yaml:2"]);
    const patched = { attributeObject: () => ({ source: { file: "games/demo/production/patch.yaml", line: 7 } }) };
    expect(where(causing([{ object: dns, path: "/spec/egress/0/to/0/podSelector/matchLabels/team" }]), patched)).toEqual([
      "games/demo/production/patch.yaml:7",
    ]);
  });

  it("names every contributing line in the message and keeps the others as related", () => {
    const attributeObject = () => ({ source: { file: K, line: 4 }, related: [{ file: K, line: 5 }], fields: ["namePrefix", "nameSuffix"] });
    const [f] = runPolicies(policyInput([gameTarget("demo", "production", [web])], [flagDeployments()], { attributeObject }));
    expect(f.source).toEqual({ file: K, line: 4 });
    expect(f.related).toEqual([{ file: K, line: 5 }]);
    expect(f.message).toMatch(new RegExp(`\\(made together by namePrefix at ${K}:4 and nameSuffix at ${K}:5\\)$`));
  });
});
