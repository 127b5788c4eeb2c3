// The rule registry is checked against the rule folders: a folder nobody registered, a rule registered under another
// category's index, or a rule whose id is not its folder's name fails here.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allRules } from "../../../scripts/lib/policy/rules/index.ts";

const rulesDir = join(import.meta.dirname, "../../../scripts/lib/policy/rules");
const folders = readdirSync(rulesDir, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

describe("rule registry", () => {
  it("registers every rule folder, and nothing without a folder", () => {
    expect(folders.length).toBeGreaterThan(50);
    expect(
      allRules()
        .map((r) => r.id)
        .sort(),
    ).toEqual(folders);
  });

  it("has no rule registered twice", () => {
    const ids = allRules().map((r) => r.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it.each(folders)("%s: the folder holds rule.ts, whose rule carries the folder's name", async (folder) => {
    const file = join(rulesDir, folder, "rule.ts");
    expect(existsSync(file), file).toBe(true);
    const mod = (await import(file)) as { rule?: { id?: string } };
    expect(mod.rule?.id).toBe(folder);
  });

  it("registers each rule in the index file of its own category", () => {
    const misplaced = allRules().flatMap((rule) => {
      const index = join(rulesDir, `${rule.category}.ts`);
      const text = existsSync(index) ? readFileSync(index, "utf8") : "";
      return text.includes(`"./${rule.id}/rule.ts"`) ? [] : [`${rule.id} (category ${rule.category})`];
    });
    expect(misplaced).toEqual([]);
  });
});
