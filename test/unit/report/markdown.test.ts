import { describe, expect, it } from "vitest";
import { reporters } from "../../../scripts/lib/report/index.ts";
import { codeCell, escapeCell, MARKDOWN_MAX_ROWS, MARKDOWN_MAX_TARGET_ROWS } from "../../../scripts/lib/report/markdown.ts";
import type { TargetSummary } from "../../../scripts/lib/types.ts";
import { emptyReport, finding, hostileReport, options, report, sampleFindings, shuffled } from "./fixtures.ts";

function markdown(r = report()): string {
  return reporters.markdown(r, options());
}

const tableRows = (text: string) =>
  text.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| Severity") && !l.startsWith("| Target") && !l.startsWith("| ---"));

describe("markdown report", () => {
  it("starts with a heading that carries the summary", () => {
    const lines = markdown().split("\n");
    expect(lines[0]).toBe("### ✖ gaia validate: 4 errors, 1 warning, 1 info in 3 targets (52 objects)");
    expect(lines[2]).toBe("kustomize v5.7.1 · 4.2s · Kubernetes 1.30.0");
    expect(markdown(emptyReport()).split("\n")[0]).toBe("### ✔ gaia validate: no problems in 2 targets (52 objects)");
  });

  it("tables the findings with severity, rule, location, object, message and fix", () => {
    const text = markdown();
    expect(text).toContain("| Severity | Rule | Location | Object | Message | Fix |\n| --- | --- | --- | --- | --- | --- |\n");
    expect(text).toContain(
      '| ✖ error | `no-latest-tag` | `base/chat/deployment.yaml:21` | `Deployment/alpha/chat` | Container "api" uses image gaia/chat:latest | Pin the image to a version or digest |',
    );
    expect(text).toContain(
      "| ✖ error | `kustomize-build` | `games/beta/production/kustomization.yaml:1` |  | accumulating resources: missing file<br>second line of kustomize output | Fix the kustomization |",
    );
    expect(markdown(emptyReport())).not.toContain("| Severity |");
  });

  it("with --changed-since, tables the findings in the change first and folds the inherited ones away", () => {
    const r = report();
    const text = markdown({ ...r, change: { since: "origin/main", files: ["games/beta/production/kustomization.yaml"] } });
    const mine = text.indexOf("#### In this change: 1 finding");
    const inherited = text.indexOf("<summary>Inherited, outside the files changed since origin/main: ");
    expect(mine).toBeGreaterThan(0);
    expect(inherited).toBeGreaterThan(mine);
    expect(text.indexOf("`games/beta/production/kustomization.yaml:1`")).toBeGreaterThan(mine);
    expect(text.indexOf("`games/beta/production/kustomization.yaml:1`")).toBeLessThan(inherited);
    expect(text.indexOf("`base/chat/deployment.yaml:21`")).toBeGreaterThan(inherited);
    expect(markdown(r)).not.toContain("In this change");
  });

  it("puts each target status in its own details block, failures open", () => {
    const text = markdown();
    expect(text).toContain(
      "<details open>\n<summary>❌ 1 target failed to render</summary>\n\n| Target | Status | Objects | Time |\n| --- | --- | ---: | ---: |\n| `games/beta/production` | failed | 0 | 98ms |\n\n</details>",
    );
    expect(text).toContain("<details>\n<summary>✔ 2 targets rendered</summary>");
    expect(text).toContain("| `overlays/production` | ok | 40 | 812ms |");
    expect(markdown(emptyReport())).not.toContain("failed to render");
  });

  it("caps the table, keeping the most severe findings, with a note", () => {
    const warnings = Array.from({ length: MARKDOWN_MAX_ROWS + 20 }, (_, i) => finding({ severity: "warning", source: { file: "a.yaml", line: i + 1 } }));
    const errors = [finding({ source: { file: "z.yaml", line: 1 } }), finding({ source: { file: "z.yaml", line: 2 } })];
    const text = markdown(report([...warnings, ...errors]));
    const rows = tableRows(text).filter((l) => !l.startsWith("| `"));
    expect(rows).toHaveLength(MARKDOWN_MAX_ROWS);
    expect(rows.filter((r) => r.startsWith("| ✖ error"))).toHaveLength(2);
    expect(rows.at(-1)).toContain("`z.yaml:2`");
    expect(text).toContain("|\n\n_Showing the 100 most severe of 122 findings; `gaia validate --format json` lists them all._");
  });

  it("caps the target tables too", () => {
    const targets: TargetSummary[] = Array.from({ length: MARKDOWN_MAX_TARGET_ROWS + 5 }, (_, i) => ({
      path: `games/g${String(i).padStart(4, "0")}/production`,
      status: "ok",
      objects: 1,
      ms: 1,
    }));
    const text = markdown(report([], targets));
    expect(tableRows(text)).toHaveLength(MARKDOWN_MAX_TARGET_ROWS);
    expect(text).toContain("_… and 5 more._");
  });

  it("merges a finding repeated across targets into one row", () => {
    const text = markdown(report([finding({ target: "a" }), finding({ target: "b" })]));
    expect(tableRows(text).filter((l) => l.includes("no-latest-tag"))).toEqual([
      '| ✖ error | `no-latest-tag` | `base/chat/deployment.yaml:21` | `Deployment/alpha/chat` (2 targets) | Container "api" uses image gaia/chat:latest | Pin the image to a version or digest |',
    ]);
  });

  it("escapes pipes, newlines, HTML and Markdown in cells", () => {
    expect(escapeCell("a|b\nc\r\nd <b>&</b> *x* _y_ [l](u) `c`")).toBe("a\\|b<br>c<br>d &lt;b&gt;&amp;&lt;/b&gt; \\*x\\* \\_y\\_ \\[l\\](u) \\`c\\`");
    expect(escapeCell("bell\u0007esc\u001b")).toBe("bell esc ");
    expect(codeCell("a|b")).toBe("`a\\|b`");
    expect(codeCell("has `tick`")).toBe("has \\`tick\\`");
    expect(codeCell("")).toBe("");
  });

  it("keeps every row of a hostile report on one line with the right number of cells", () => {
    for (const row of tableRows(markdown(hostileReport()))) {
      const cells = row.replace(/\\\|/g, "").split("|").length - 2;
      expect([4, 6]).toContain(cells);
      expect(row).not.toMatch(/[\u0000-\u001f]/);
      // Inside a code span "<" is literal; elsewhere only the <br> line breaks may be HTML.
      expect(row.replace(/`[^`]*`/g, "")).not.toMatch(/<(?!br>)/);
    }
  });

  it("is deterministic for shuffled input", () => {
    const expected = markdown();
    for (const findings of shuffled(sampleFindings())) expect(markdown(report(findings))).toBe(expected);
  });

  it("writes exactly this for a clean run without a Kubernetes version: heading, context, the rendered targets", () => {
    const clean = report([], [{ path: "games/a/production", status: "ok", objects: 2, ms: 7 }]);
    expect(markdown({ ...clean, tool: { ...clean.tool, kubernetes: "" } })).toBe(`### ✔ gaia validate: no problems in 1 target (2 objects)

kustomize v5.7.1 · 4.2s

<details>
<summary>✔ 1 target rendered</summary>

| Target | Status | Objects | Time |
| --- | --- | ---: | ---: |
| \`games/a/production\` | ok | 2 | 7ms |

</details>
`);
  });

  it("leaves the location empty for a finding without a file, and counts a repository-wide duplicate as no extra target", () => {
    const text = markdown(report([finding({ source: { file: "", line: 0 } }), finding({ target: "" }), finding()]));
    expect(tableRows(text)).toContain(
      '| ✖ error | `no-latest-tag` |  | `Deployment/alpha/chat` | Container "api" uses image gaia/chat:latest | Pin the image to a version or digest |',
    );
    expect(tableRows(text)).toContain(
      '| ✖ error | `no-latest-tag` | `base/chat/deployment.yaml:21` | `Deployment/alpha/chat` | Container "api" uses image gaia/chat:latest | Pin the image to a version or digest |',
    );
  });

  it("adds no cap note while every finding fits, and sets the target-cap note apart by a blank line", () => {
    expect(markdown()).not.toContain("_Showing");
    const targets: TargetSummary[] = Array.from({ length: MARKDOWN_MAX_TARGET_ROWS + 1 }, (_, i) => ({
      path: `t${String(i).padStart(3, "0")}`,
      status: "ok",
      objects: 1,
      ms: 1,
    }));
    expect(markdown(report([], targets))).toContain("| `t199` | ok | 1 | 1ms |\n\n_… and 1 more._\n\n</details>\n");
  });
});
