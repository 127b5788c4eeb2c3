import { describe, expect, it } from "vitest";
import { reporters } from "../../../scripts/lib/report/index.ts";
import { emptyReport, finding, hostileReport, options, report, sampleFindings, shuffled } from "./fixtures.ts";

const ANSI = /\u001b\[[0-9;]*m/;

function pretty(r = report(), color = false): string {
  return reporters.pretty(r, options({ color }));
}

describe("pretty report", () => {
  it("groups findings under their file with line, severity, rule, message, object and fix", () => {
    const lines = pretty().split("\n");
    const header = lines.indexOf("base/chat/deployment.yaml");
    expect(header).toBe(0);
    expect(lines[1]).toBe('  21:  ✖ error    no-latest-tag    Container "api" uses image gaia/chat:latest');
    expect(lines[2]).toBe("       Deployment/alpha/chat · in games/alpha/production · fix: Pin the image to a version or digest");
    expect(lines[5]).toBe('  30:  ⚠ warning  requests-limits  Container "api" has no memory limit');
    expect(lines).toContain("games/alpha/game.yaml");
    expect(lines).toContain("  3:  ℹ info     game-owner  game.yaml has no owner");
    expect(lines).toContain("      ClusterRole/wide");
  });

  it("keeps multi-line messages aligned under the message column", () => {
    const lines = pretty().split("\n");
    const at = lines.findIndex((l) => l.includes("kustomize-build"));
    expect(lines[at]).toBe("  1:  ✖ error    kustomize-build  accumulating resources: missing file");
    expect(lines[at + 1]).toBe("                                  second line of kustomize output");
    expect(lines[at + 1].indexOf("second")).toBe(lines[at].indexOf("accumulating"));
  });

  it("does not name the target when the file lies inside it", () => {
    expect(pretty()).not.toContain("in games/beta/production");
  });

  it("shows a finding repeated by several targets once, with the number of targets", () => {
    const same = [finding({ target: "games/a/production" }), finding({ target: "games/b/production" }), finding({ target: "games/c/production" })];
    const text = pretty(report(same));
    expect(text.match(/no-latest-tag/g)).toHaveLength(1);
    expect(text).toContain("Deployment/alpha/chat · in 3 targets · fix:");
  });

  it("ends with one summary line", () => {
    const lines = pretty().trimEnd().split("\n");
    expect(lines.at(-1)).toBe("✖ 4 errors, 1 warning, 1 info in 3 targets (52 objects) · kustomize v5.7.1 · 4.2s");
    expect(pretty(emptyReport())).toBe(
      "checked: games/alpha/production (12 objects), overlays/production (40 objects)\n✔ no problems in 2 targets (52 objects) · kustomize v5.7.1 · 4.2s\n",
    );
    const warningsOnly = report([finding({ severity: "warning" })]);
    expect(pretty(warningsOnly).trimEnd().split("\n").at(-1)).toBe("⚠ 0 errors, 1 warning in 3 targets (52 objects) · kustomize v5.7.1 · 4.2s");
  });

  it("lists what it checked before the summary: each target with its objects, failed ones as not rendered, capped", () => {
    const failed = { ...emptyReport(), targets: [{ path: "games/x/production", status: "failed" as const, objects: 0, ms: 1 }] };
    expect(pretty(failed)).toContain("checked: games/x/production (not rendered)\n");
    expect(pretty({ ...emptyReport(), targets: [] })).toContain("checked: no targets\n");
    const many = Array.from({ length: 15 }, (_, i) => ({ path: `games/g${String(i).padStart(2, "0")}/production`, status: "ok" as const, objects: 1, ms: 1 }));
    const line = pretty({ ...emptyReport(), targets: many })
      .split("\n")
      .at(-3)!;
    expect(line).toMatch(/^checked: games\/g00\/production \(1 object\), .*games\/g11\/production \(1 object\), … and 3 more$/);
  });

  it("shows every finding of a file by default", () => {
    const many = Array.from({ length: 37 }, (_, i) => finding({ source: { file: "base/big.yaml", line: i + 1 } }));
    const text = pretty(report(many));
    expect(text.match(/no-latest-tag/g)).toHaveLength(37);
    expect(text).not.toContain("more in this file");
  });

  it("caps each file at --max-per-file findings and says how many more there are", () => {
    const many = Array.from({ length: 17 }, (_, i) => finding({ source: { file: "base/big.yaml", line: i + 1 } }));
    const capped = (r: ReturnType<typeof report>) => reporters.pretty(r, { ...options({ color: false }), maxPerFile: 10 });
    const text = capped(report(many));
    expect(text.match(/no-latest-tag/g)).toHaveLength(10);
    expect(text).toContain("  … 7 more in this file (--max-per-file caps this list; --format json lists every finding)");
    expect(capped(report(many.slice(0, 10)))).not.toContain("more in this file");
  });

  it("aligns line numbers within a file", () => {
    const text = pretty(report([finding({ source: { file: "a.yaml", line: 7 } }), finding({ source: { file: "a.yaml", line: 120 } })]));
    expect(text).toContain("\n    7:  ✖ error");
    expect(text).toContain("\n  120:  ✖ error");
  });

  it("uses colour only when asked", () => {
    expect(pretty(report(), false)).not.toMatch(ANSI);
    expect(pretty(emptyReport(), false)).not.toMatch(ANSI);
    const coloured = pretty(report(), true);
    expect(coloured).toMatch(ANSI);
    expect(coloured).toContain("\u001b[31m✖ error  \u001b[39m");
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, "")).toBe(pretty(report(), false));
    expect(pretty(emptyReport(), true)).toContain("\u001b[32m✔ no problems");
  });

  it("shows control characters in messages as text, so they cannot drive the terminal", () => {
    const text = pretty(hostileReport(), false);
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(text).toContain("\\x1b[31m");
    expect(text).toContain("games/we<ird> & \"odd\" 'name' %2F,#?.yaml");
  });

  it("is deterministic for shuffled input", () => {
    const expected = pretty();
    for (const findings of shuffled(sampleFindings())) expect(pretty(report(findings))).toBe(expected);
  });

  it("groups findings without a file under a placeholder heading", () => {
    const text = pretty(report([finding({ source: { file: "", line: 0 } })]));
    expect(text.split("\n").slice(0, 3)).toEqual([
      "(no source file)",
      '  0:  ✖ error    no-latest-tag  Container "api" uses image gaia/chat:latest',
      "      Deployment/alpha/chat · in games/alpha/production · fix: Pin the image to a version or digest",
    ]);
  });

  it("writes no detail line when there is no object, target or fix to show, and names no target for a repository-wide one", () => {
    const bare = finding({ target: "", object: undefined, fix: "", source: { file: "games/a/game.yaml", line: 2 } });
    const repoWide = finding({ target: "", object: undefined, source: { file: "games/b/game.yaml", line: 2 } });
    const lines = pretty(report([bare, repoWide])).split("\n");
    expect(lines.slice(0, 6)).toEqual([
      "games/a/game.yaml",
      '  2:  ✖ error    no-latest-tag  Container "api" uses image gaia/chat:latest',
      "",
      "games/b/game.yaml",
      '  2:  ✖ error    no-latest-tag  Container "api" uses image gaia/chat:latest',
      "      fix: Pin the image to a version or digest",
    ]);
  });

  it("shows line breaks in file names, fixes and target paths as text, so each stays on its line", () => {
    const odd = finding({ fix: "line one\nline two", source: { file: "bad\nname.yaml", line: 1 } });
    const text = pretty({ ...report([odd]), targets: [{ path: "games/x\ny", status: "ok", objects: 1, ms: 1 }] });
    expect(text).toContain("bad\\x0aname.yaml\n");
    expect(text).toContain("fix: line one\\x0aline two\n");
    expect(text).toContain("checked: games/x\\x0ay (1 object)\n");
  });

  it("colours the summary by the worst severity: yellow for warnings, blue for infos", () => {
    expect(pretty(report([finding({ severity: "warning" })]), true)).toContain("\u001b[1m\u001b[33m⚠ 0 errors, 1 warning in");
    expect(pretty(report([finding({ severity: "info" })]), true)).toContain("\u001b[1m\u001b[34mℹ 0 errors, 0 warnings, 1 info in");
  });
});
