// With --changed-since, the human formats put the findings in the changed files first and set the inherited ones
// apart; these tests pin the exact output of markdown, pretty (with and without colour) and GitHub annotations.
import { describe, expect, it } from "vitest";
import { reporters } from "../../../scripts/lib/report/index.ts";
import type { Report } from "../../../scripts/lib/types.ts";
import { finding, options, report, TARGETS } from "./fixtures.ts";

const MESSAGE = 'Container "api" uses image gaia/chat:latest';

function changed(files: string[], since = "origin/main"): Report {
  const findings = [
    finding({ source: { file: "games/alpha/production/deployment.yaml", line: 4 } }),
    finding({ severity: "warning", ruleId: "requests-limits", source: { file: "base/chat/deployment.yaml", line: 30 } }),
    finding({
      severity: "info",
      ruleId: "game-owner",
      target: "",
      object: undefined,
      fix: "",
      path: "/owner",
      source: { file: "games/alpha/game.yaml", line: 3 },
    }),
  ];
  return { ...report(findings, TARGETS.slice(0, 2)), change: { since, files } };
}

const IN_CHANGE = ["games/alpha/production/deployment.yaml"];

describe("reports scoped to a change", () => {
  it("markdown: the change's findings in a table, the inherited ones folded in a details block", () => {
    expect(reporters.markdown(changed(IN_CHANGE), options())).toBe(`### ✖ gaia validate: 1 error, 1 warning, 1 info in 2 targets (52 objects)

kustomize v5.7.1 · 4.2s · Kubernetes 1.30.0

#### In this change: 1 finding

| Severity | Rule | Location | Object | Message | Fix |
| --- | --- | --- | --- | --- | --- |
| ✖ error | \`no-latest-tag\` | \`games/alpha/production/deployment.yaml:4\` | \`Deployment/alpha/chat\` | ${MESSAGE} | Pin the image to a version or digest |

<details>
<summary>Inherited, outside the files changed since origin/main: 2 findings</summary>

| Severity | Rule | Location | Object | Message | Fix |
| --- | --- | --- | --- | --- | --- |
| ⚠ warning | \`requests-limits\` | \`base/chat/deployment.yaml:30\` | \`Deployment/alpha/chat\` | ${MESSAGE} | Pin the image to a version or digest |
| ℹ info | \`game-owner\` | \`games/alpha/game.yaml:3\` |  | ${MESSAGE} |  |

</details>

<details>
<summary>✔ 2 targets rendered</summary>

| Target | Status | Objects | Time |
| --- | --- | ---: | ---: |
| \`games/alpha/production\` | ok | 12 | 305ms |
| \`overlays/production\` | ok | 40 | 812ms |

</details>
`);
  });

  it("markdown: a change without findings of its own says so without an empty table", () => {
    const text = reporters.markdown(changed(["README.md"], "v1"), options());
    expect(text).toContain(
      "\n\n#### In this change: 0 findings\n\n<details>\n<summary>Inherited, outside the files changed since v1: 3 findings</summary>\n\n| Severity",
    );
  });

  it("markdown: with every finding in the change there is one plain table and no inherited block", () => {
    const all = changed(["games/alpha/production/deployment.yaml", "base/chat/deployment.yaml", "games/alpha/game.yaml"]);
    const text = reporters.markdown(all, options());
    expect(text).not.toContain("In this change");
    expect(text).not.toContain("Inherited");
    expect(text).toContain("Kubernetes 1.30.0\n\n| Severity | Rule |");
  });

  it("pretty: a heading for the change's findings, then one for the inherited ones", () => {
    expect(reporters.pretty(changed(IN_CHANGE), options())).toBe(`In this change (files changed since origin/main): 1 finding

games/alpha/production/deployment.yaml
  4:  ✖ error    no-latest-tag  ${MESSAGE}
      Deployment/alpha/chat · fix: Pin the image to a version or digest

Inherited, outside the changed files: 2 findings

base/chat/deployment.yaml
  30:  ⚠ warning  requests-limits  ${MESSAGE}
       Deployment/alpha/chat · in games/alpha/production · fix: Pin the image to a version or digest

games/alpha/game.yaml
  3:  ℹ info     game-owner  ${MESSAGE}

checked: games/alpha/production (12 objects), overlays/production (40 objects)
✖ 1 error, 1 warning, 1 info in 2 targets (52 objects) · kustomize v5.7.1 · 4.2s
`);
  });

  it("pretty: shows a line break in the change's ref as text, so the heading stays one line", () => {
    expect(reporters.pretty(changed(IN_CHANGE, "main\nx"), options()).split("\n")[0]).toBe("In this change (files changed since main\\x0ax): 1 finding");
  });

  it("pretty: no headings when nothing is inherited", () => {
    const text = reporters.pretty({ ...changed(IN_CHANGE), findings: [finding({ source: { file: IN_CHANGE[0], line: 4 } })] }, options());
    expect(text).not.toContain("In this change");
    expect(text.startsWith("games/alpha/production/deployment.yaml\n")).toBe(true);
  });

  it("pretty with colour: bold headings, underlined files, red errors, yellow warnings, blue infos, a bold red summary", () => {
    const e = (code: number) => `\u001b[${code}m`;
    expect(reporters.pretty(changed(IN_CHANGE), options({ color: true }))).toBe(
      [
        `${e(1)}In this change (files changed since origin/main): 1 finding${e(22)}`,
        "",
        `${e(1)}${e(4)}games/alpha/production/deployment.yaml${e(24)}${e(22)}`,
        `  ${e(2)}4:${e(22)}  ${e(31)}✖ error  ${e(39)}  ${e(2)}no-latest-tag${e(22)}  ${MESSAGE}`,
        `      ${e(2)}Deployment/alpha/chat · fix: Pin the image to a version or digest${e(22)}`,
        "",
        `${e(1)}Inherited, outside the changed files: 2 findings${e(22)}`,
        "",
        `${e(1)}${e(4)}base/chat/deployment.yaml${e(24)}${e(22)}`,
        `  ${e(2)}30:${e(22)}  ${e(33)}⚠ warning${e(39)}  ${e(2)}requests-limits${e(22)}  ${MESSAGE}`,
        `       ${e(2)}Deployment/alpha/chat · in games/alpha/production · fix: Pin the image to a version or digest${e(22)}`,
        "",
        `${e(1)}${e(4)}games/alpha/game.yaml${e(24)}${e(22)}`,
        `  ${e(2)}3:${e(22)}  ${e(34)}ℹ info   ${e(39)}  ${e(2)}game-owner${e(22)}  ${MESSAGE}`,
        "",
        `${e(2)}checked: games/alpha/production (12 objects), overlays/production (40 objects)${e(22)}`,
        `${e(1)}${e(31)}✖ 1 error, 1 warning, 1 info in 2 targets (52 objects) · kustomize v5.7.1 · 4.2s${e(39)}${e(22)}`,
        "",
      ].join("\n"),
    );
  });

  it("github: annotates only the change's findings and counts the inherited ones in a log line", () => {
    expect(reporters.github(changed(IN_CHANGE), options())).toBe(
      `::error file=games/alpha/production/deployment.yaml,line=4,title=no-latest-tag::${MESSAGE} (fix: Pin the image to a version or digest)
2 inherited findings outside the files changed since origin/main: not annotated (see the full report)
✖ 1 error, 1 warning, 1 info in 2 targets (52 objects) · kustomize v5.7.1 · 4.2s
`,
    );
    const none = reporters.github({ ...changed(IN_CHANGE), findings: [finding({ source: { file: IN_CHANGE[0], line: 4 } })] }, options());
    expect(none).not.toContain("inherited");
  });
});
