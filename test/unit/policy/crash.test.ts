import { describe, expect, it } from "vitest";
import { runPolicies } from "../../../scripts/lib/policy/engine.ts";
import { normaliseConfig } from "../../../scripts/lib/policy/config.ts";
import type { ObjectRule, RepoRule, TargetRule } from "../../../scripts/lib/policy/types.ts";
import { deployment, flagDeployments, gameTarget, policyInput } from "./helpers.ts";

const throwing = (id: string): ObjectRule => ({
  ...flagDeployments({ id }),
  check: (o) => {
    if (o.metadata.name === "bad") throw new TypeError("cannot read spec of undefined");
    return [{ message: `saw ${o.metadata.name}`, path: "/spec" }];
  },
});

describe("a rule that throws", () => {
  it("becomes a finding naming the rule and the object, and every other object and rule still runs", () => {
    const t = gameTarget("demo", "production", [deployment("bad", "gaia-demo"), deployment("good", "gaia-demo")]);
    const found = runPolicies(policyInput([t], [throwing("fragile"), flagDeployments()]));
    const crash = found.filter((f) => f.ruleId === "check-crashed");
    expect(crash).toHaveLength(1);
    expect(crash[0]).toMatchObject({
      severity: "error",
      target: "games/demo/production",
      object: { kind: "Deployment", name: "bad" },
      message: "rule fragile failed on Deployment bad: TypeError: cannot read spec of undefined",
    });
    expect(crash[0].source.file).toBe("games/demo/production/objects.yaml");
    expect(crash[0].source.line).toBeGreaterThan(0);
    expect(found.filter((f) => f.ruleId === "fragile").map((f) => f.message)).toEqual(["saw good"]);
    expect(found.filter((f) => f.ruleId === "flag-deployments")).toHaveLength(2);
  });

  it("is reported for target and repo scope rules too, and a rule returning a non-list counts as throwing", () => {
    const t = gameTarget("demo", "production", [deployment("web", "gaia-demo")]);
    const target: TargetRule = { ...flagDeployments({ id: "target-boom" }), scope: "target", check: () => null as never };
    const repo: RepoRule = {
      ...flagDeployments({ id: "repo-boom" }),
      scope: "repo",
      check: () => {
        throw new Error("boom");
      },
    };
    const messages = runPolicies(policyInput([t], [target, repo]))
      .filter((f) => f.ruleId === "check-crashed")
      .map((f) => [f.message, f.source.file]);
    expect(messages).toEqual([
      ["rule target-boom failed: TypeError: returned object, not a list of violations", "games/demo/production/kustomization.yaml"],
      ["rule repo-boom failed: Error: boom", "policies/config.yaml"],
    ]);
  });

  it("stays quiet when no rule throws", () => {
    const t = gameTarget("demo", "production", [deployment("good", "gaia-demo")]);
    expect(runPolicies(policyInput([t], [throwing("fragile")])).filter((f) => f.ruleId === "check-crashed")).toEqual([]);
  });
});

describe("policies/config.yaml of the wrong shape", () => {
  it("keeps the usable settings and leaves out the rest (the schema check reports them)", () => {
    const c = normaliseConfig({
      kubernetesVersion: [1],
      argocd: 5,
      parameters: "x",
      rules: {
        a: 5,
        b: { severity: ["x"], params: 3, enabled: "no" },
        c: { severity: "warning", enabled: false },
        d: { severity: { production: "info", staging: 9 } },
      },
      schemas: { skip: [3, { kind: 4 }, { kind: "Widget" }] },
    });
    expect(c).toEqual({
      kubernetesVersion: "1.30",
      argocd: undefined,
      schemas: { skip: [{ kind: "Widget" }] },
      parameters: {},
      rules: { b: {}, c: { severity: "warning", enabled: false }, d: { severity: { production: "info" } } },
    });
    expect(normaliseConfig([1, 2])).toEqual({ kubernetesVersion: "1.30", argocd: undefined, schemas: undefined, parameters: {}, rules: {} });
  });
});
