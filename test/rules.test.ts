// Every rule fires on each of its fail fixtures and stays quiet on each of its pass fixtures.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allRules, ruleDir } from "../scripts/lib/policy/rules/index.ts";
import { loadFixture, ruleFixtureFiles, runRuleOnFixture, type Fixture } from "../scripts/lib/policy/fixtures.ts";
import { parsePointer } from "../scripts/lib/parse/locate.ts";
import type { Finding, K8sObject } from "../scripts/lib/types.ts";

const root = join(import.meta.dirname, "..");

const sortByLine = <T extends { line: number; path: string }>(list: T[]) => [...list].sort((a, b) => a.line - b.line || a.path.localeCompare(b.path));

/** The fixture object a finding is about, by kind, name and namespace. */
function objectOf(fixture: Fixture, f: Finding): K8sObject | undefined {
  if (!f.object) return undefined;
  return fixture.targets
    .flatMap((t) => t.objects.map((lo) => lo.object))
    .find(
      (o) =>
        o.kind === f.object?.kind && o.metadata?.name === f.object?.name && (f.object?.namespace === undefined || o.metadata?.namespace === f.object.namespace),
    );
}

/** Every segment but the last resolves in the object (the last may name a missing field the finding asks for). */
function pointerParentExists(object: unknown, pointer: string): boolean {
  let node: unknown = object;
  for (const segment of parsePointer(pointer).slice(0, -1)) {
    if (node === null || typeof node !== "object" || !(segment in node)) return false;
    node = (node as Record<string, unknown>)[segment];
  }
  return true;
}

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
    const findings = runRuleOnFixture(rule, fixture).filter((f) => f.ruleId === id);
    expect(findings.length, `expected ${id} to fire on ${file}`).toBeGreaterThan(0);
    if (fixture.context.expect?.violations !== undefined) expect(findings.length).toBe(fixture.context.expect.violations);
    for (const f of findings) {
      expect(f.message.length).toBeGreaterThan(0);
      expect(f.source.file).toBeTruthy();
      expect(f.source.line).toBeGreaterThan(0);
      const object = objectOf(fixture, f);
      if (object) expect(pointerParentExists(object, f.path), `${f.path} does not point into ${f.object?.kind} ${f.object?.name}`).toBe(true);
    }
    const expected = fixture.context.expect?.findings;
    if (expected) {
      const actual = findings.map((f) => ({ line: f.source.file === file ? f.source.line : -1, path: f.path, message: f.message }));
      expect(sortByLine(actual)).toEqual(sortByLine(expected));
    }
  });

  it.each(pass.map((f) => [testName(dir, f), f]))("stays quiet on %s", (_name, file) => {
    const findings = runRuleOnFixture(rule, loadFixture(file)).filter((f) => f.ruleId === id);
    expect(findings.map((f) => f.message)).toEqual([]);
  });
});
