// `gaia validate` argument handling through main(argv, io): every usage error exits 2 with one line on stderr.
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { main } from "../../../scripts/cli/main.ts";
import { exitCodeFor, isCalendarDate } from "../../../scripts/cli/validate.ts";
import type { Report } from "../../../scripts/lib/types.ts";
import { tempRepo, type TempRepo } from "../util/temp-repo.ts";
import { fakeIo } from "./fake-io.ts";

let repo: TempRepo | undefined;
afterEach(() => {
  repo?.dispose();
  repo = undefined;
});

/** Every path under root except the cache, sorted: what a run left behind. */
function listTree(root: string): string[] {
  return (readdirSync(root, { recursive: true }) as string[]).filter((p) => !p.startsWith(".cache")).sort();
}

async function usage(args: string[]) {
  repo = tempRepo({ "policies/config.yaml": "rules: {}\n" });
  const io = fakeIo({ cwd: repo.root });
  const code = await main(["validate", "--root", repo.root, "--no-progress", ...args], io);
  return { code, stderr: io.stderr(), stdout: io.stdout() };
}

describe("gaia validate usage errors", () => {
  it.each([
    [["--env", "moon"], '--env must be one of development, staging, production, not "moon"'],
    [["--jobs", "0"], '--jobs must be a positive whole number, not "0"'],
    [["--jobs", "two"], '--jobs must be a positive whole number, not "two"'],
    [["--fail-on", "fatal"], '--fail-on must be error, warning or info, not "fatal"'],
    [["--format", "yaml"], /--format must be one of .*, not "yaml"/],
    [["--format", "json", "--output", "a.json", "--output", "b.json"], /--output.* needs a --format before it/],
    [["--engine", "kubeval"], '--engine must be builtin or kubeconform, not "kubeval"'],
    [["--today", "2026-02-30"], '--today must be a real date written YYYY-MM-DD, not "2026-02-30"'],
    [["--today", "2025-02-29"], '--today must be a real date written YYYY-MM-DD, not "2025-02-29"'],
    [["--today", "2026-13-01"], '--today must be a real date written YYYY-MM-DD, not "2026-13-01"'],
    [["--today", "2026-04-31"], '--today must be a real date written YYYY-MM-DD, not "2026-04-31"'],
    [["--today", "2026-1-5"], '--today must be a real date written YYYY-MM-DD, not "2026-1-5"'],
    [["--today", "tomorrow"], '--today must be a real date written YYYY-MM-DD, not "tomorrow"'],
    [["--max-per-file", "0"], '--max-per-file must be a positive whole number, not "0"'],
    [["--max-per-file", "many"], '--max-per-file must be a positive whole number, not "many"'],
    [["--format", "json", "--output", "policies"], "--output policies is a directory; give a file name, e.g. policies/report.txt"],
    [["--format", "json", "--output", "reports/"], "--output reports/ is a directory; give a file name, e.g. reports/report.txt"],
  ])("%j exits 2 with one line", async (args, message) => {
    const r = await usage(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.startsWith("gaia: ")).toBe(true);
    if (typeof message === "string") expect(r.stderr).toBe(`gaia: ${message}\n`);
    else expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  });

  it("leaves nothing behind when --output names a directory, even after a valid --output", async () => {
    repo = tempRepo({ "policies/config.yaml": "rules: {}\n" });
    const before = listTree(repo.root);
    const io = fakeIo({ cwd: repo.root });
    const args = ["validate", "--root", repo.root, "--no-progress", "--format", "json", "--output", "ok.json", "--format", "sarif", "--output", "policies"];
    expect(await main(args, io)).toBe(2);
    expect(io.stderr()).toBe("gaia: --output policies is a directory; give a file name, e.g. policies/report.txt\n");
    expect(listTree(repo.root)).toEqual(before);
  });

  it("accepts a real date for --today, 29 February of a leap year included", () => {
    expect(isCalendarDate("2028-02-29")).toBe(true);
    expect(isCalendarDate("2026-12-31")).toBe(true);
    expect(isCalendarDate("2026-00-10")).toBe(false);
    expect(isCalendarDate("2026-01-32")).toBe(false);
  });

  it("exits 2 when no kustomize is usable", async () => {
    repo = tempRepo({ "policies/config.yaml": "rules: {}\n" });
    const io = fakeIo({ cwd: repo.root, env: { KUSTOMIZE: `${repo.root}/nope`, PATH: "" } });
    expect(await main(["validate", "--root", repo.root, "--no-progress"], io)).toBe(2);
    expect(io.stderr()).toMatch(/^gaia: KUSTOMIZE=.*nope is not a working kustomize or kubectl/);
  });

  it("exits 2 for --changed-since with a ref git does not know", async () => {
    repo = tempRepo({ "policies/config.yaml": "rules: {}\n" });
    execFileSync("git", ["init", "-q"], { cwd: repo.root });
    const io = fakeIo({ cwd: repo.root });
    expect(await main(["validate", "--root", repo.root, "--no-progress", "--changed-since", "origin/main"], io)).toBe(2);
    expect(io.stderr()).toMatch(/^gaia: --changed-since origin\/main: git cannot compare with that ref/);
  });
});

describe("exitCodeFor", () => {
  const report = (severities: Array<"error" | "warning" | "info">) => ({ findings: severities.map((severity) => ({ severity })) }) as unknown as Report;
  it("fails at or above the chosen severity", () => {
    expect(exitCodeFor(report([]), "error")).toBe(0);
    expect(exitCodeFor(report(["warning", "info"]), "error")).toBe(0);
    expect(exitCodeFor(report(["warning"]), "warning")).toBe(1);
    expect(exitCodeFor(report(["error"]), "warning")).toBe(1);
    expect(exitCodeFor(report(["info"]), "info")).toBe(1);
  });
});

describe("internal errors and usage errors", () => {
  it("says a usage error in one line, and an internal error as such: one line, or its stack with --debug", async () => {
    const { describeFailure } = await import("../../../scripts/cli/main.ts");
    const { UsageError } = await import("../../../scripts/lib/util/errors.ts");
    expect(describeFailure(new UsageError("--jobs must be a positive whole number"), true)).toBe("gaia: --jobs must be a positive whole number\n");
    const bug = new TypeError("Cannot read properties of undefined (reading 'split')");
    const short = describeFailure(bug, false);
    expect(short).toBe(
      "gaia: internal error: TypeError: Cannot read properties of undefined (reading 'split') (a bug in gaia; run again with --debug or GAIA_DEBUG=1 for the stack)\n",
    );
    expect(short.split("\n")).toHaveLength(2);
    const long = describeFailure(bug, true);
    expect(long).toMatch(/^gaia: internal error: TypeError: Cannot read properties/);
    expect(long).toContain("\n    at ");
  });
});

describe("--render-timeout", () => {
  it("reads seconds, s, m and ms, and rejects anything else", async () => {
    const { parseDuration } = await import("../../../scripts/cli/validate.ts");
    expect([parseDuration("90"), parseDuration("90s"), parseDuration("2m"), parseDuration("500ms"), parseDuration("1.5s")]).toEqual([
      90_000, 90_000, 120_000, 500, 1500,
    ]);
    for (const bad of ["0", "-1", "soon", "5h", ""]) expect(parseDuration(bad), bad).toBeUndefined();
  });

  it("is a usage error when not a positive duration", async () => {
    const r = await usage(["--render-timeout", "soon"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('gaia: --render-timeout must be a positive duration such as 90s or 2m, not "soon"\n');
  });
});
