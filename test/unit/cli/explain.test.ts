// Every id that can appear in a report is explainable: policy rules, the repository's custom rules and the ids the
// pipeline's own stages emit (syntax, schema, render, config). The ids emitted by stage code are found by reading the
// sources, so a new `ruleId: "..."` without an explanation fails here.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../../scripts/cli/main.ts";
import { allRules } from "../../../scripts/lib/policy/rules/index.ts";
import { BUILTIN_IDS } from "../../../scripts/lib/report/builtin-ids.ts";
import { fakeIo } from "./fake-io.ts";

const root = resolve(import.meta.dirname, "../../..");
const ID = /"([a-z][a-z0-9]*(?:-[a-z0-9]+)+)"/g;

function sources(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts")).map((f) => join(dir, f));
}

/** Kebab-case literals where stage code names a finding id: in a `ruleId` line, within a finding helper's call, or in an id table. */
function emittedIds(text: string): string[] {
  const lines = text.split("\n");
  const ids = new Set<string>();
  lines.forEach((line, i) => {
    const window = /ruleId\b/.test(line) ? [line] : /\b(?:fail|\w*Finding)\(/.test(line) ? lines.slice(i, i + 4) : [];
    if (/_RULES\b.*=\s*\{/.test(line)) window.push(...lines.slice(i, lines.indexOf("};", i) + 1));
    for (const w of window) for (const m of w.matchAll(ID)) ids.add(m[1]);
  });
  return [...ids];
}

async function explain(id: string, cwd = root) {
  const io = fakeIo({ cwd });
  const code = await main(["explain", id], io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

describe("gaia explain", () => {
  const ruleIds = allRules().map((r) => r.id);

  it("finds the ids stage code emits (the scan itself works)", () => {
    expect(emittedIds('  out.push({ ruleId: "schema-type", x })')).toEqual(["schema-type"]);
    expect(emittedIds('fail(\n  1,\n  "binary-file",\n  "msg")')).toEqual(["binary-file"]);
    expect(emittedIds('return fail(1, "invalid-utf8", "msg");')).toEqual(["invalid-utf8"]);
    expect(emittedIds('const ERROR_RULES = {\n  A: ["yaml-a", "x"],\n};\nconst other = "not-an-id";')).toEqual(["yaml-a"]);
  });

  it("knows every id that stage code (outside the rule folders) can put in a report", () => {
    const files = [...sources(join(root, "scripts/lib")), ...sources(join(root, "scripts/cli"))].filter((f) => !f.includes("/policy/rules/"));
    const found = new Map<string, string>();
    for (const file of files) for (const id of emittedIds(readFileSync(file, "utf8"))) found.set(id, relative(root, file));
    expect(found.size).toBeGreaterThan(15);
    const unexplained = [...found].filter(([id]) => !(id in BUILTIN_IDS) && !ruleIds.includes(id)).map(([id, file]) => `${id} (${file})`);
    expect(unexplained).toEqual([]);
  });

  it("no built-in id collides with a policy rule id", () => {
    expect(Object.keys(BUILTIN_IDS).filter((id) => ruleIds.includes(id))).toEqual([]);
  });

  it.each(Object.keys(BUILTIN_IDS))("explains the built-in id %s", async (id) => {
    const r = await explain(id);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^${id} — `));
    expect(r.stdout).toContain("Why:");
    expect(r.stdout).toContain("Fix:");
  });

  it.each(ruleIds)("explains the policy rule %s", async (id) => {
    const r = await explain(id);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^${id} — `));
    expect(r.stdout).toContain("Example that fails");
  });

  it("explains a custom rule of the repository it runs in", async () => {
    const r = await explain("ingress-hosts-under-gaia-tech");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ingress-hosts-under-gaia-tech — /);
  });

  it("exits 2 for an id nobody emits", async () => {
    const r = await explain("no-such-rule");
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('gaia: no rule "no-such-rule"; `gaia rules` lists them\n');
  });
});
