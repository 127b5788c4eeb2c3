// No fix hint sends a reader to something that does not exist: every `gaia <command>`, `npm run <script>`,
// `make <target>` and repository path named in a hint is checked against the CLI, package.json, the Makefile and
// the template repository. Hints come from the rule catalog, the findings each rule gives on its fail fixtures,
// the built-in ids, and every literal in the stage code that names a command.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../../scripts/cli/main.ts";
import { allRules, ruleDir } from "../../../scripts/lib/policy/rules/index.ts";
import { loadCustomRules } from "../../../scripts/lib/policy/custom.ts";
import { loadFixture, ruleFixtureFiles, runRuleOnFixture } from "../../../scripts/lib/policy/fixtures.ts";
import { BUILTIN_IDS } from "../../../scripts/lib/report/builtin-ids.ts";
import { fakeIo } from "../cli/fake-io.ts";

const root = resolve(import.meta.dirname, "../../..");
const TOP_FOLDERS = ["base", "overlays", "games", "clusters", "policies", "schemas", "scripts", "docs", "gate-engine"];

async function gaiaCommands(): Promise<Set<string>> {
  const io = fakeIo();
  await main(["--help"], io);
  const section = io.stdout().split("Commands:\n")[1] ?? "";
  return new Set([...section.matchAll(/^ {2}([a-z][a-z-]*)/gm)].map((m) => m[1]));
}

const npmScripts = new Set(Object.keys((JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: object }).scripts));
const makeTargets = new Set([...readFileSync(join(root, "Makefile"), "utf8").matchAll(/^([a-z][\w-]*):/gm)].map((m) => m[1]));

/** A repository path with placeholders (`<game>`, `{{.x}}`, `tier-*`) exists when some entry matches each segment. */
function pathExists(path: string): boolean {
  const segments = path.split("/").filter(Boolean);
  let dirs = [root];
  for (const segment of segments) {
    const pattern = new RegExp(`^${segment.replace(/[.+?^$()|[\]\\]/g, "\\$&").replace(/<[^>]*>|\{\{[^}]*\}\}|\*/g, ".*")}$`);
    dirs = dirs.flatMap((d) => {
      try {
        return readdirSync(d)
          .filter((e) => pattern.test(e))
          .map((e) => join(d, e));
      } catch {
        return [];
      }
    });
  }
  return dirs.length > 0;
}

/** What a hint names that does not exist. */
function brokenReferences(hint: string, commands: Set<string>): string[] {
  const broken: string[] = [];
  for (const m of hint.matchAll(/`gaia ([a-z][a-z-]*)|\bgaia ([a-z]+-[a-z-]+|[a-z]+)(?= (?:--|<|[a-z-]+ --)|`|\b(?= does| shows| lists))/g)) {
    const command = m[1] ?? m[2];
    if (!commands.has(command)) broken.push(`gaia ${command}`);
  }
  for (const m of hint.matchAll(/\bnpm run ([a-z][\w:-]*)/g)) if (!npmScripts.has(m[1])) broken.push(`npm run ${m[1]}`);
  for (const m of hint.matchAll(/`make ([a-z][\w-]*)/g)) if (!makeTargets.has(m[1])) broken.push(`make ${m[1]}`);
  const pathPattern = new RegExp(`(?<![\\w./-])((?:${TOP_FOLDERS.join("|")})/[\\w.<>{}*/-]*)`, "g");
  for (const m of hint.matchAll(pathPattern)) {
    const path = m[1].replace(/[.,;:]+$/, "");
    if (!pathExists(path)) broken.push(path);
  }
  return broken;
}

function ruleHints(): Array<[string, string]> {
  const hints: Array<[string, string]> = [];
  for (const rule of allRules()) {
    hints.push([rule.id, rule.fix]);
    const dir = join(root, ruleDir(rule.id));
    if (!existsSync(dir)) continue;
    for (const file of ruleFixtureFiles(dir).fail)
      for (const f of runRuleOnFixture(rule, loadFixture(file))) if (f.fix) hints.push([`${rule.id} on ${relative(root, file)}`, f.fix]);
  }
  for (const rule of loadCustomRules(root, [])) hints.push([rule.id, rule.fix]);
  for (const [id, doc] of Object.entries(BUILTIN_IDS)) hints.push([id, doc.fix]);
  return hints;
}

function sourceLiterals(): Array<[string, string]> {
  const files = ["scripts/lib", "scripts/cli"].flatMap((d) =>
    (readdirSync(join(root, d), { recursive: true }) as string[]).filter((f) => f.endsWith(".ts")).map((f) => join(d, f)),
  );
  return files.flatMap((file) =>
    readFileSync(join(root, file), "utf8")
      .split("\n")
      .filter((line) => /\\?`(?:gaia|npm run|make) [a-z]/.test(line) && !/^\s*(?:\/\/|\*|\/\*\*)/.test(line))
      .map((line): [string, string] => [file, line.replace(/\\`/g, "`")]),
  );
}

describe("fix hints", () => {
  it("the checker catches a hint naming a command, script, target or path that does not exist", async () => {
    const commands = await gaiaCommands();
    expect(commands.has("validate")).toBe(true);
    expect(brokenReferences("Run `gaia validate` then `gaia frobnicate --x`.", commands)).toEqual(["gaia frobnicate"]);
    expect(brokenReferences("gaia teleport does this", commands)).toEqual(["gaia teleport"]);
    expect(brokenReferences("Run `npm run docs` and npm run nope.", commands)).toEqual(["npm run nope"]);
    expect(brokenReferences("Run `make docs` or `make everything`.", commands)).toEqual(["make everything"]);
    expect(brokenReferences("See policies/config.yaml and base/components/tier-*, not policies/nope.yaml.", commands)).toEqual(["policies/nope.yaml"]);
    expect(brokenReferences("Edit games/<game>/game.yaml or clusters/<c>/cluster.yaml.", commands)).toEqual([]);
  });

  it("of every rule, every rule finding on the fail fixtures, custom rules and built-in ids name only what exists", async () => {
    const commands = await gaiaCommands();
    const hints = ruleHints();
    expect(hints.length).toBeGreaterThan(100);
    const broken = hints.flatMap(([where, hint]) => brokenReferences(hint, commands).map((b) => `${where}: ${b}`));
    expect(broken).toEqual([]);
  });

  it("in the stage and CLI code name only commands that exist", async () => {
    const commands = await gaiaCommands();
    const literals = sourceLiterals();
    expect(literals.length).toBeGreaterThan(3);
    const broken = literals.flatMap(([file, line]) => brokenReferences(line, commands).map((b) => `${file}: ${b}`));
    expect(broken).toEqual([]);
  });
});
