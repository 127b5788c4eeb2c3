import { describe, expect, it } from "vitest";
import { reporters } from "../../../scripts/lib/report/index.ts";
import { escapeCommandData, escapeCommandProperty } from "../../../scripts/lib/report/github.ts";
import { emptyReport, finding, hostileReport, options, report, sampleFindings, shuffled } from "./fixtures.ts";

function github(r = report()): string[] {
  return reporters.github(r, options()).trimEnd().split("\n");
}

describe("github annotations", () => {
  it("writes one workflow command per finding with file, line and rule title", () => {
    expect(github()).toEqual([
      '::error file=base/chat/deployment.yaml,line=21,title=no-latest-tag::Container "api" uses image gaia/chat:latest (fix: Pin the image to a version or digest)',
      '::warning file=base/chat/deployment.yaml,line=30,title=requests-limits::Container "api" has no memory limit (fix: Set resources.limits.memory)',
      "::notice file=games/alpha/game.yaml,line=3,title=game-owner::game.yaml has no owner (fix: Add owner)",
      "::error file=games/alpha/production/rbac.yaml,line=9,title=namespace-scope::Writes outside its namespace",
      "::error file=games/beta/production/kustomization.yaml,line=1,title=kustomize-build::accumulating resources: missing file%0Asecond line of kustomize output (fix: Fix the kustomization)",
      "✖ 4 errors, 1 warning, 1 info in 3 targets (52 objects) · kustomize v5.7.1 · 4.2s",
    ]);
  });

  it("annotates a line shared by several targets once", () => {
    const lines = github(report([finding({ target: "a" }), finding({ target: "b" })]));
    expect(lines.filter((l) => l.startsWith("::error"))).toHaveLength(1);
  });

  it("escapes like the Actions toolkit: % CR LF in data, also : and , in properties", () => {
    expect(escapeCommandData("100% a:b,c\r\nd")).toBe("100%25 a:b,c%0D%0Ad");
    expect(escapeCommandProperty("100% a:b,c\r\nd")).toBe("100%25 a%3Ab%2Cc%0D%0Ad");
  });

  it("keeps hostile strings on one line and inside their command", () => {
    const lines = github(hostileReport());
    expect(lines).toHaveLength(3);
    const error = lines.find((l) => l.startsWith("::error "))!;
    expect(error.startsWith("::error file=games/we<ird> & \"odd\" 'name' %252F%2C#?.yaml,line=7,title=odd-rule::")).toBe(true);
    expect(error).not.toMatch(/[\u0000-\u001f]/);
    expect(error).toContain("%25,:%0D%0A\\x00\\x07\\x1b[31m");
    expect(error.split("::").length).toBeGreaterThan(3);
  });

  it("leaves out file and line when a finding has none", () => {
    expect(github(report([finding({ source: { file: "", line: 4 } })]))[0]).toMatch(/^::error title=no-latest-tag::/);
    expect(github(report([finding({ source: { file: "a.yaml", line: 0 } })]))[0]).toMatch(/^::error file=a\.yaml,title=no-latest-tag::/);
  });

  it("prints only the summary for a clean report", () => {
    expect(github(emptyReport())).toEqual(["✔ no problems in 2 targets (52 objects) · kustomize v5.7.1 · 4.2s"]);
  });

  it("is deterministic for shuffled input", () => {
    const expected = github();
    for (const findings of shuffled(sampleFindings())) expect(github(report(findings))).toEqual(expected);
  });

  it("shows line breaks in the summary as text, so it stays one log line", () => {
    const odd = report([]);
    const text = reporters.github({ ...odd, tool: { ...odd.tool, kustomize: "v5\nv6" } }, options());
    expect(text).toBe("✔ no problems in 3 targets (52 objects) · kustomize v5\\x0av6 · 4.2s\n");
  });
});
