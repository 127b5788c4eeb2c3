import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { main } from "../../../scripts/cli/main.ts";
import { allRules } from "../../../scripts/lib/policy/rules/index.ts";
import { rulesMarkdown } from "../../../scripts/lib/policy/docs.ts";
import { tempRepo, type TempRepo } from "../util/temp-repo.ts";
import { fakeIo } from "./fake-io.ts";
import { TOOLKIT_ROOT } from "../../../scripts/lib/util/paths.ts";

let repo: TempRepo | undefined;
afterEach(() => {
  repo?.dispose();
  repo = undefined;
});

describe("gaia rules", () => {
  it("--format json prints every rule with its metadata", async () => {
    const io = fakeIo();
    expect(await main(["rules", "--format", "json"], io)).toBe(0);
    const catalog = JSON.parse(io.stdout());
    const ids = allRules()
      .map((r) => r.id)
      .sort();
    expect(catalog.rules.map((r: { id: string }) => r.id).sort()).toEqual(ids);
    for (const r of catalog.rules) {
      expect(r.title, r.id).toBeTruthy();
      expect(r.rationale, r.id).toBeTruthy();
      expect(r.fix, r.id).toBeTruthy();
      expect(["security", "quotas", "network", "tenancy", "reliability", "hygiene"]).toContain(r.category);
      expect(["error", "warning", "info"]).toContain(r.defaultSeverity);
      expect(r.covers).toEqual({ kubeScore: expect.any(Array), polaris: expect.any(Array), kubeLinter: expect.any(Array) });
    }
  });

  it("prints a table by default", async () => {
    const io = fakeIo();
    expect(await main(["rules"], io)).toBe(0);
    expect(io.stdout()).toMatch(/^RULE\s+CATEGORY/);
    expect(io.stdout()).toContain(`${allRules().length} rules`);
  });

  it("exits 2 on an unknown format", async () => {
    const io = fakeIo();
    expect(await main(["rules", "--format", "xml"], io)).toBe(2);
    expect(io.stderr()).toBe('gaia: --format must be table or json, not "xml"\n');
  });
});

describe("gaia explain", () => {
  it("prints a rule's rationale, fix and failing example, wherever it runs from", async () => {
    repo = tempRepo();
    const rule = allRules()[0];
    // The real CLI in another working directory (process.chdir is not available in worker threads).
    const text = execFileSync(process.execPath, [join(TOOLKIT_ROOT, "bin", "gaia.js"), "explain", rule.id], { cwd: repo.root, encoding: "utf8" });
    expect(text).toContain(rule.rationale);
    expect(text).toContain(rule.fix);
    expect(text).toContain(`Example that fails (scripts/lib/policy/rules/${rule.id}/fail.`);
  });

  it("exits 2 with a hint for an unknown rule id", async () => {
    const io = fakeIo();
    expect(await main(["explain", "no-such-rule"], io)).toBe(2);
    expect(io.stdout()).toBe("");
    expect(io.stderr()).toBe('gaia: no rule "no-such-rule"; `gaia rules` lists them\n');
  });

  it("exits 2 without a rule id", async () => {
    const io = fakeIo();
    expect(await main(["explain"], io)).toBe(2);
    expect(io.stderr()).toMatch(/missing required argument/);
  });
});

describe("gaia docs", () => {
  it("--check exits 1 when docs/rules.md is missing or stale, and 0 once generated", async () => {
    repo = tempRepo({ "policies/config.yaml": "rules: {}\n" });
    const stale = fakeIo({ cwd: repo.root });
    expect(await main(["docs", "--check"], stale)).toBe(1);
    expect(stale.stderr()).toContain("docs/rules.md is stale");
    expect(existsSync(join(repo.root, "docs", "rules.md"))).toBe(false);

    const gen = fakeIo({ cwd: repo.root });
    expect(await main(["docs"], gen)).toBe(0);
    expect(readFileSync(join(repo.root, "docs", "rules.md"), "utf8")).toBe(rulesMarkdown(allRules()));

    const fresh = fakeIo({ cwd: repo.root });
    expect(await main(["docs", "--check"], fresh)).toBe(0);
    expect(fresh.stderr()).toBe("");

    repo.write("docs/rules.md", "# edited by hand\n");
    expect(await main(["docs", "--check"], fakeIo({ cwd: repo.root }))).toBe(1);
  });
});

describe("gaia", () => {
  it("exits 2 on an unknown command and 0 for --help", async () => {
    expect(await main(["frobnicate"], fakeIo())).toBe(2);
    expect(await main(["--help"], fakeIo())).toBe(0);
  });
});
