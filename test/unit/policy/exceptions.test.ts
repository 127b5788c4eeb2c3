import { afterEach, describe, expect, it } from "vitest";
import { runPolicies } from "../../../scripts/lib/policy/engine.ts";
import { exceptionMatches, isExpired, type PolicyException } from "../../../scripts/lib/policy/exceptions.ts";
import { loadExceptions } from "../../../scripts/lib/repo/load.ts";
import type { Finding } from "../../../scripts/lib/types.ts";
import { tempRepo, type TempRepo } from "../util/temp-repo.ts";
import { deployment, flagDeployments, gameTarget, policyInput } from "./helpers.ts";

let repo: TempRepo;
afterEach(() => repo?.dispose());

const exception = (match: PolicyException["match"], expires = "2026-12-31", rule = "flag-deployments"): PolicyException => ({
  rule,
  match,
  reason: "accepted for the launch",
  owner: "platform",
  expires,
});
const targets = () => [
  gameTarget("demo", "production", [deployment("web", "gaia-demo"), { ...deployment("db", "gaia-demo"), kind: "StatefulSet" }]),
  gameTarget("other", "production", [deployment("web", "gaia-other")]),
];
const rule = flagDeployments({ kinds: ["Deployment", "StatefulSet"] });
const run = (exceptions: PolicyException[], wholeRepo = true) => runPolicies(policyInput(targets(), [rule], { exceptions, wholeRepo }));
const summary = (found: Finding[]) => found.map((f) => `${f.ruleId}:${f.object ? `${f.object.namespace}/${f.object.kind}/${f.object.name}` : f.source.line}`);

describe("exceptions", () => {
  it("waive findings matched by game, namespace, kind or name, and nothing else", () => {
    expect(summary(run([]))).toEqual([
      "flag-deployments:gaia-demo/Deployment/web",
      "flag-deployments:gaia-demo/StatefulSet/db",
      "flag-deployments:gaia-other/Deployment/web",
    ]);
    expect(summary(run([exception({ game: "demo" })]))).toEqual(["flag-deployments:gaia-other/Deployment/web"]);
    expect(summary(run([exception({ namespace: "gaia-other" })]))).toEqual([
      "flag-deployments:gaia-demo/Deployment/web",
      "flag-deployments:gaia-demo/StatefulSet/db",
    ]);
    expect(summary(run([exception({ kind: "StatefulSet" })]))).toEqual([
      "flag-deployments:gaia-demo/Deployment/web",
      "flag-deployments:gaia-other/Deployment/web",
    ]);
    expect(summary(run([exception({ game: "other", name: "web" })]))).toEqual([
      "flag-deployments:gaia-demo/Deployment/web",
      "flag-deployments:gaia-demo/StatefulSet/db",
    ]);
  });

  it("apply only to their rule, or to every rule with *", () => {
    expect(run([exception({ game: "demo" }, "2026-12-31", "another-rule")]).filter((f) => f.ruleId === "flag-deployments")).toHaveLength(3);
    expect(summary(run([exception({ game: "demo" }, "2026-12-31", "*")]))).toEqual(["flag-deployments:gaia-other/Deployment/web"]);
  });

  it("count the expiry day as still valid", () => {
    expect(isExpired(exception({}, "2026-06-01"), "2026-06-01")).toBe(false);
    expect(isExpired(exception({}, "2026-05-31"), "2026-06-01")).toBe(true);
  });

  it("match a finding's target when asked", () => {
    const f = { ruleId: "flag-deployments", target: "games/demo/production" } as Finding;
    expect(exceptionMatches(exception({ target: "games/demo/production" }), f, "demo")).toBe(true);
    expect(exceptionMatches(exception({ target: "games/demo/staging" }), f, "demo")).toBe(false);
  });

  it("report an expired exception as an error at its line in policies/exceptions.yaml, and stop waiving", () => {
    repo = tempRepo({
      "policies/exceptions.yaml": [
        "exceptions:",
        "  - rule: flag-deployments",
        "    match: { game: other }",
        "    reason: accepted for the launch",
        "    owner: platform",
        "    expires: 2026-12-31",
        "  - rule: flag-deployments",
        "    match:",
        "      game: demo",
        "    reason: accepted for the launch",
        "    owner: demo-team",
        "    expires: 2026-01-31",
        "",
      ].join("\n"),
    });
    const loaded = loadExceptions(repo.root, []);
    expect(loaded.map((e) => [e.expires, e.source])).toEqual([
      ["2026-12-31", { file: "policies/exceptions.yaml", line: 2 }],
      ["2026-01-31", { file: "policies/exceptions.yaml", line: 7 }],
    ]);
    const found = run(loaded);
    expect(summary(found)).toEqual(["flag-deployments:gaia-demo/Deployment/web", "flag-deployments:gaia-demo/StatefulSet/db", "exception-expired:7"]);
    const expired = found.find((f) => f.ruleId === "exception-expired")!;
    expect(expired).toMatchObject({ severity: "error", category: "config", source: { file: "policies/exceptions.yaml", line: 7 } });
    expect(expired.message).toContain("owner demo-team");
    expect(expired.message).toContain("2026-01-31");
  });

  it("report an unused exception as a warning on whole-repository runs only", () => {
    const unused = exception({ game: "nobody" });
    const whole = run([unused]).filter((f) => f.ruleId === "exception-unused");
    expect(whole).toHaveLength(1);
    expect(whole[0]).toMatchObject({ severity: "warning", category: "config", source: { file: "policies/exceptions.yaml", line: 1 } });
    expect(run([unused], false).filter((f) => f.ruleId === "exception-unused")).toEqual([]);
    expect(run([exception({ game: "demo" })]).filter((f) => f.ruleId === "exception-unused")).toEqual([]);
  });

  it("loads nothing from a missing or shapeless file, and passes parse findings on", () => {
    repo = tempRepo();
    expect(loadExceptions(repo.root, [])).toEqual([]);
    repo.write("policies/exceptions.yaml", "exceptions: nope\n");
    expect(loadExceptions(repo.root, [])).toEqual([]);
    repo.write("policies/exceptions.yaml", "exceptions: []\nexceptions: []\n");
    const findings: Finding[] = [];
    expect(loadExceptions(repo.root, findings)).toEqual([]);
    expect(findings.map((f) => f.ruleId)).toEqual(["yaml-duplicate-key"]);
  });
});
