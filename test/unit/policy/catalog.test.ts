// Every rule in the catalog carries the metadata `gaia rules`, `gaia explain` and docs/rules.md print, and both fixtures.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { catalogEntry, catalogJson, catalogTable, explainRule, sortedRules } from "../../../scripts/lib/policy/catalog.ts";
import { ruleFixtureFiles } from "../../../scripts/lib/policy/fixtures.ts";
import { allRules, ruleDir } from "../../../scripts/lib/policy/rules/index.ts";
import type { Rule } from "../../../scripts/lib/policy/types.ts";
import { TOOLKIT_ROOT } from "../../../scripts/lib/util/paths.ts";
import { rulesMarkdown } from "../../../scripts/lib/policy/docs.ts";

const CATEGORIES = ["security", "quotas", "network", "tenancy", "reliability", "hygiene"];
const SEVERITIES = ["error", "warning", "info"];
const SCOPES = ["object", "target", "repo"];
const ENVIRONMENTS = ["development", "staging", "production"];
const rules = allRules();

describe("rule catalog", () => {
  it("has rules, with unique kebab-case ids", () => {
    expect(rules.length).toBeGreaterThan(0);
    const ids = rules.map((r) => r.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(ids.filter((id) => !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id))).toEqual([]);
  });

  describe.each(rules.map((r) => [r.id, r] as [string, Rule]))("%s", (id, rule) => {
    it("has a title, category, severity, scope, rationale and fix", () => {
      expect(rule.title.trim().length, "title").toBeGreaterThan(0);
      expect(CATEGORIES).toContain(rule.category);
      expect(SEVERITIES).toContain(rule.defaultSeverity);
      expect(SCOPES).toContain(rule.scope);
      expect(rule.rationale.trim().length, "rationale").toBeGreaterThan(20);
      expect(rule.fix.trim().length, "fix").toBeGreaterThan(10);
      expect(Array.isArray(rule.kinds)).toBe(true);
      expect(typeof rule.check).toBe("function");
      for (const env of rule.environments ?? []) expect(ENVIRONMENTS).toContain(env);
    });

    it("describes each parameter and gives it a default", () => {
      for (const [name, p] of Object.entries(rule.params ?? {})) {
        expect(p.description?.trim().length, `${name}.description`).toBeGreaterThan(0);
        expect(p, `${name}.default`).toHaveProperty("default");
      }
    });

    it("has both a pass and a fail fixture in its folder", () => {
      const dir = join(TOOLKIT_ROOT, ruleDir(id));
      expect(existsSync(join(dir, "rule.ts")), `${dir}/rule.ts`).toBe(true);
      const { pass, fail } = ruleFixtureFiles(dir);
      expect(pass.length, "pass fixtures").toBeGreaterThan(0);
      expect(fail.length, "fail fixtures").toBeGreaterThan(0);
    });
  });
});

describe("catalog output", () => {
  it("JSON lists every rule with its metadata and peer coverage, sorted by category then id", () => {
    const json = JSON.parse(catalogJson(rules));
    expect(json.version).toBe(1);
    expect(json.rules.map((r: { id: string }) => r.id)).toEqual(sortedRules(rules).map((r) => r.id));
    for (const entry of json.rules) {
      expect(Object.keys(entry).sort()).toEqual([
        "category",
        "coverage",
        "covers",
        "defaultSeverity",
        "environments",
        "fix",
        "id",
        "kinds",
        "params",
        "rationale",
        "scope",
        "title",
      ]);
      expect(Object.keys(entry.covers).sort()).toEqual(["kubeLinter", "kubeScore", "polaris"]);
      const claimed = Object.values(entry.covers as Record<string, string[]>).flat();
      expect(entry.coverage.map((c: { check: string }) => c.check).sort()).toEqual(claimed.sort());
      for (const c of entry.coverage) {
        expect(["exact", "stricter"], `${entry.id} ${c.check}`).toContain(c.match);
        if (c.match === "stricter") expect(c.reason?.length, `${entry.id} ${c.check}`).toBeGreaterThan(20);
        else expect(c.reason).toBeUndefined();
      }
    }
  });

  it("marks a claim stricter only with its reason, in JSON, explain and docs", () => {
    const base = rules.find((r) => r.id === "service-selector-matches")!;
    const entry = catalogEntry(base);
    expect(entry.coverage).toContainEqual({
      tool: "kubeScore",
      check: "service-targets-pod",
      match: "stricter",
      reason: expect.stringMatching(/named targetPort/),
    });
    const exact = catalogEntry({ ...base, stricter: undefined });
    expect(exact.coverage).toContainEqual({ tool: "kubeScore", check: "service-targets-pod", match: "exact" });
    expect(explainRule(rules, base.id, TOOLKIT_ROOT)).toMatch(/kubeScore service-targets-pod: stricter — Also requires a named targetPort/);
    const docs = rulesMarkdown(rules);
    expect(docs).toContain("| service-targets-pod (stricter) |");
    expect(docs).toMatch(/- kube-score `service-targets-pod`: stricter — Also requires/);
    expect(docs).toMatch(/- kube-score `horizontalpodautoscaler-has-target`: exact/);
  });

  it("table has a header, a row per rule and a count", () => {
    const lines = catalogTable(rules).trimEnd().split("\n");
    expect(lines[0]).toMatch(/^RULE\s+CATEGORY\s+SEVERITY\s+TITLE$/);
    expect(lines).toHaveLength(rules.length + 2);
    expect(lines[lines.length - 1]).toBe(`${rules.length} rules`);
  });

  it("catalogEntry fills absent coverage and environments", () => {
    const [first] = rules;
    const entry = catalogEntry({ ...first, covers: undefined, environments: undefined });
    expect(entry.covers).toEqual({ kubeScore: [], polaris: [], kubeLinter: [] });
    expect(entry.environments).toEqual(ENVIRONMENTS);
  });

  it("explain prints rationale, fix and a failing example, and nothing for an unknown id", () => {
    const rule = rules[0];
    const text = explainRule(rules, rule.id, TOOLKIT_ROOT)!;
    expect(text.split("\n")[0]).toBe(`${rule.id} — ${rule.title}`);
    expect(text).toContain(rule.rationale);
    expect(text).toContain(rule.fix);
    expect(text).toMatch(new RegExp(`Example that fails \\(scripts/lib/policy/rules/${rule.id}/fail\\.`));
    expect(explainRule(rules, "no-such-rule", TOOLKIT_ROOT)).toBeUndefined();
  });
});
