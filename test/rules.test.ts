// Every rule fires on each of its fail fixtures and stays quiet on each of its pass fixtures.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allRules, ruleDir } from "../scripts/lib/policy/rules/index.ts";
import { loadFixture, ruleFixtureFiles, runRuleOnFixture } from "../scripts/lib/policy/fixtures.ts";
import { compareFindings } from "../scripts/lib/types.ts";

const root = join(import.meta.dirname, "..");

/** The fixture's file name, and the Argo CD or API server behaviour it mirrors when it says so. */
function testName(dir: string, file: string): string {
  const mirrors = loadFixture(file).context.mirrors;
  return `${file.slice(dir.length + 1)}${mirrors ? ` (mirrors ${mirrors})` : ""}`;
}

describe.each(allRules().map((r) => [r.id, r] as const))("rule %s", (id, rule) => {
  const dir = join(root, ruleDir(id));
  const { pass, fail } = existsSync(dir) ? ruleFixtureFiles(dir) : { pass: [], fail: [] };

  it("has at least one pass and one fail fixture", () => {
    expect(pass.length).toBeGreaterThan(0);
    expect(fail.length).toBeGreaterThan(0);
  });

  it.each(fail.map((f) => [testName(dir, f), f]))("fires on %s", (_name, file) => {
    const fixture = loadFixture(file);
    const findings = runRuleOnFixture(rule, fixture)
      .filter((f) => f.ruleId === id)
      .sort(compareFindings);
    expect(findings.length, `expected ${id} to fire on ${file}`).toBeGreaterThan(0);
    if (fixture.context.expect?.violations !== undefined) expect(findings.length).toBe(fixture.context.expect.violations);
    const expected = fixture.context.expect?.findings;
    if (expected) {
      expect(findings.map((f) => f.message)).toHaveLength(expected.length);
      expected.forEach((e, i) => {
        const f = findings[i];
        if (e.message !== undefined) expect(f.message).toContain(e.message);
        if (e.path !== undefined) expect(f.path).toBe(e.path);
        if (e.line !== undefined) expect(f.source.line).toBe(e.line);
        if (e.file !== undefined) expect(f.source.file).toBe(e.file);
      });
    }
    for (const f of findings) {
      expect(f.message.length).toBeGreaterThan(0);
      expect(f.source.file).toBeTruthy();
      expect(f.source.line).toBeGreaterThan(0);
    }
  });

  it.each(pass.map((f) => [testName(dir, f), f]))("stays quiet on %s", (_name, file) => {
    const findings = runRuleOnFixture(rule, loadFixture(file)).filter((f) => f.ruleId === id);
    expect(findings.map((f) => f.message)).toEqual([]);
  });
});
