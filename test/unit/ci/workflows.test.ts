// Every GitHub workflow: valid YAML, least-privilege permissions per job, third-party actions pinned to full commit
// SHAs, and every `run:` command a gaia command (with options it has), a script of the repository, or npm/make targets.
import { accessSync, constants, existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { parseDocument } from "yaml";
import { describe, expect, it } from "vitest";
import { buildProgram } from "../../../scripts/cli/main.ts";
import { fakeIo } from "../cli/fake-io.ts";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const DIR = join(ROOT, ".github", "workflows");
const workflows = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));
const program = buildProgram(fakeIo(), () => undefined);
const packageScripts = Object.keys((JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts);
const makeTargets = [...readFileSync(join(ROOT, "Makefile"), "utf8").matchAll(/^([\w-]+):/gm)].map((m) => m[1]);
const SHELL_TESTS = /^\[ .* \]$/;

function words(command: string): string[] {
  return [...command.matchAll(/"[^"]*"|'[^']*'|\S+/g)].map((m) => m[0].replace(/^["']|["']$/g, ""));
}

/** Why a gaia invocation is wrong (unknown command or option), or undefined. */
function checkGaia(args: string[]): string | undefined {
  let command: Command | undefined = program;
  let i = 0;
  while (i < args.length && !args[i].startsWith("-")) {
    const next: Command | undefined = command.commands.find((c) => c.name() === args[i]);
    if (!next) break;
    command = next;
    i++;
  }
  if (command === program) return `gaia ${args[0]}: no such command`;
  const known = new Set(command.options.flatMap((o) => [o.long, o.short]).filter(Boolean));
  const unknown = args.slice(i).filter((a) => a.startsWith("-") && !known.has(a.split("=")[0]));
  return unknown.length ? `gaia ${command.name()}: unknown option(s) ${unknown.join(", ")}` : undefined;
}

/** Why a command line of a `run:` is not a gaia command, a repository script, npm ci/run or make target, or undefined. */
export function checkCommand(line: string): string | undefined {
  const w = words(line.trim());
  if (w[0] === "sudo") w.shift();
  const [cmd, ...rest] = w;
  if (SHELL_TESTS.test(line.trim())) return undefined;
  if (cmd === "node" && rest[0] === "bin/gaia.js") return checkGaia(rest.slice(1));
  if (cmd === "npm" && rest[0] === "ci") return undefined;
  if (cmd === "npm" && rest[0] === "run")
    return packageScripts.includes(rest.find((a, i) => i > 0 && !a.startsWith("-")) ?? "") ? undefined : `npm run: no such script`;
  if (cmd === "make") return rest.every((t) => t.includes("=") || makeTargets.includes(t)) ? undefined : `make: no such target in ${rest.join(" ")}`;
  if (/^(scripts|\.ci)\//.test(cmd)) {
    if (!existsSync(join(ROOT, cmd))) return `${cmd} does not exist`;
    try {
      accessSync(join(ROOT, cmd), constants.X_OK);
    } catch {
      return `${cmd} is not executable`;
    }
    return undefined;
  }
  return `"${line.trim()}" is neither a gaia command nor a script of the repository`;
}

const commandsOf = (run: string) =>
  run
    .replace(/\\\n/g, " ")
    .split(/\n|&&|\|\||;/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));

describe.each(workflows)("workflow %s", (file) => {
  const doc = parseDocument(readFileSync(join(DIR, file), "utf8"));
  const wf = doc.toJS() as { permissions?: unknown; jobs: Record<string, { permissions?: unknown; steps: Array<{ uses?: string; run?: string }> }> };

  it("is valid YAML with jobs and steps", () => {
    expect(doc.errors).toEqual([]);
    expect(Object.keys(wf.jobs).length).toBeGreaterThan(0);
    for (const job of Object.values(wf.jobs)) expect(job.steps.length).toBeGreaterThan(0);
  });

  it("grants nothing by default and declares each job's permissions", () => {
    expect(wf.permissions).toEqual({});
    for (const [name, job] of Object.entries(wf.jobs)) {
      expect(job.permissions, name).toBeTypeOf("object");
      for (const [scope, level] of Object.entries(job.permissions as Record<string, string>)) expect(["read", "write"], `${name}.${scope}`).toContain(level);
    }
  });

  it("pins every action to a full commit SHA", () => {
    const uses = Object.values(wf.jobs).flatMap((j) => j.steps.flatMap((s) => (s.uses ? [s.uses] : [])));
    expect(uses.length).toBeGreaterThan(0);
    for (const u of uses) expect(u).toMatch(/^(\.\/.+|[\w.-]+\/[\w./-]+@[0-9a-f]{40})$/);
  });

  it("runs only gaia commands and repository scripts that exist", () => {
    const runs = Object.values(wf.jobs).flatMap((j) => j.steps.flatMap((s) => (s.run ? commandsOf(s.run) : [])));
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.map((r) => [r, checkCommand(r)]).filter(([, why]) => why)).toEqual([]);
  });
});

describe("the workflow check", () => {
  it("rejects unknown gaia commands and options, missing scripts and other programs", () => {
    expect(checkCommand("node bin/gaia.js validate --shard 1/2 --format json")).toBeUndefined();
    expect(checkCommand("node bin/gaia.js report merge a.json --format sarif --output x")).toBeUndefined();
    expect(checkCommand("node bin/gaia.js deploy")).toMatch(/no such command/);
    expect(checkCommand("node bin/gaia.js validate --sharding 1/2")).toMatch(/unknown option\(s\) --sharding/);
    expect(checkCommand("scripts/ci/missing.sh")).toMatch(/does not exist/);
    expect(checkCommand("curl https://example.com | sh")).toMatch(/neither a gaia command nor a script/);
    expect(checkCommand("npm run no-such-script")).toMatch(/no such script/);
    expect(checkCommand("make validate")).toBeUndefined();
  });

  it("finds the three workflows", () => {
    expect(workflows.sort()).toEqual(["main.yml", "promote.yml", "pull-request.yml"]);
  });
});
