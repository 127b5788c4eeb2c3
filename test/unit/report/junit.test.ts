import { describe, expect, it } from "vitest";
import { reporters } from "../../../scripts/lib/report/index.ts";
import { REPOSITORY_SUITE } from "../../../scripts/lib/report/junit.ts";
import { emptyReport, finding, hostileReport, HOSTILE, options, report, sampleFindings, shuffled } from "./fixtures.ts";
import { findAll, parseXml } from "./xml-check.ts";

function junit(r = report()) {
  const xml = reporters.junit(r, options());
  return { xml, root: parseXml(xml) };
}

describe("junit report", () => {
  it("is well-formed XML with one suite per target plus the repository suite", () => {
    const { xml, root } = junit();
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    expect(root.name).toBe("testsuites");
    expect(root.attrs).toEqual({ name: "gaia validate", tests: "8", failures: "4", errors: "0", time: "4.213" });
    const suites = findAll(root, "testsuite");
    expect(suites.map((s) => s.attrs.name)).toEqual(["games/alpha/production", "games/beta/production", "overlays/production", REPOSITORY_SUITE]);
    expect(suites.map((s) => [s.attrs.tests, s.attrs.failures])).toEqual([
      ["4", "2"],
      ["1", "1"],
      ["2", "1"],
      ["1", "0"],
    ]);
  });

  it("makes errors failures and keeps warnings and infos as passing cases with their text", () => {
    const { root } = junit();
    const alpha = findAll(root, "testsuite")[0];
    const cases = alpha.children.filter((c) => c.name === "testcase");
    expect(cases.map((c) => c.attrs.name)).toEqual([
      "render (12 objects)",
      "no-latest-tag Deployment/alpha/chat (base/chat/deployment.yaml:21)",
      "requests-limits Deployment/alpha/chat (base/chat/deployment.yaml:30)",
      "namespace-scope ClusterRole/wide (games/alpha/production/rbac.yaml:9)",
    ]);
    const failure = findAll(cases[1], "failure")[0];
    expect(failure.attrs).toEqual({ message: 'Container "api" uses image gaia/chat:latest', type: "no-latest-tag" });
    expect(failure.text).toBe(
      'error: Container "api" uses image gaia/chat:latest\nfix: Pin the image to a version or digest\nobject: Deployment/alpha/chat at /spec/template/spec/containers/0/image\nsource: base/chat/deployment.yaml:21',
    );
    expect(findAll(cases[2], "failure")).toEqual([]);
    expect(findAll(cases[2], "system-out")[0].text).toMatch(/^warning: Container "api" has no memory limit/);
    expect(cases[2].attrs.file).toBe("base/chat/deployment.yaml");
    expect(cases[2].attrs.line).toBe("30");
    expect(findAll(root, "skipped")).toEqual([]);
  });

  it("records target status and object count as properties", () => {
    const beta = findAll(junit().root, "testsuite")[1];
    const props = Object.fromEntries(findAll(beta, "property").map((p) => [p.attrs.name, p.attrs.value]));
    expect(props).toEqual({ status: "failed", objects: "0", kustomize: "kustomize v5.7.1" });
  });

  it("a failed render without an error finding still fails its suite", () => {
    const { root } = junit(report([], [{ path: "games/x/production", status: "failed", objects: 0, ms: 10 }]));
    const suite = findAll(root, "testsuite")[0];
    expect(suite.attrs.failures).toBe("1");
    expect(findAll(suite, "failure")[0].attrs).toEqual({ message: "kustomize build failed", type: "render" });
  });

  it("lists a clean report as passing render cases only", () => {
    const { root } = junit(emptyReport());
    expect(root.attrs.failures).toBe("0");
    expect(findAll(root, "testcase").map((c) => c.attrs.name)).toEqual(["render (12 objects)", "render (40 objects)"]);
  });

  it("gives findings of unknown targets their own suite", () => {
    const { root } = junit(report([finding({ target: "games/ghost/production" })], []));
    expect(findAll(root, "testsuite").map((s) => s.attrs.name)).toEqual(["games/ghost/production"]);
  });

  it("escapes hostile strings and keeps them readable", () => {
    const { root } = junit(hostileReport());
    const failure = findAll(root, "failure")[0];
    const expected = HOSTILE.replace("\u0000", "\\x00").replace("\u0007", "\\x07").replace("\u001b", "\\x1b").replace("\ud800", "\\ud800");
    expect(failure.attrs.message).toBe(expected);
    expect(failure.text.startsWith(`error: ${expected}\n`)).toBe(true);
    expect(findAll(root, "testsuite")[0].attrs.name).toBe(`games/${expected}`);
  });

  it("is deterministic for shuffled input", () => {
    const expected = junit().xml;
    for (const findings of shuffled(sampleFindings())) expect(junit(report(findings)).xml).toBe(expected);
  });

  it("writes exactly this XML: attributes, properties, case text without empty lines, orphan suites sorted", () => {
    const r = report(
      [
        finding({ target: "games/a/production", source: { file: "a.yaml", line: 3 } }),
        finding({ target: "games/a/production", severity: "warning", ruleId: "w", fix: "", object: undefined, path: "", source: { file: "a.yaml", line: 1 } }),
        finding({ target: "games/z/ghost", source: { file: "z.yaml", line: 2 } }),
        finding({ target: "games/m/ghost", source: { file: "m.yaml", line: 2 } }),
      ],
      [{ path: "games/a/production", status: "ok", objects: 2, ms: 1500 }],
    );
    expect(junit(r).xml).toBe(`<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="gaia validate" tests="5" failures="3" errors="0" time="4.213">
  <testsuite name="games/a/production" tests="3" failures="1" errors="0" skipped="0" time="1.500">
    <properties>
      <property name="status" value="ok"/>
      <property name="objects" value="2"/>
      <property name="kustomize" value="kustomize v5.7.1"/>
    </properties>
    <testcase classname="games/a/production" name="render (2 objects)" time="1.500"/>
    <testcase classname="games/a/production" name="w (a.yaml:1)" file="a.yaml" line="1" time="0.000">
      <system-out>warning: Container "api" uses image gaia/chat:latest
source: a.yaml:1</system-out>
    </testcase>
    <testcase classname="games/a/production" name="no-latest-tag Deployment/alpha/chat (a.yaml:3)" file="a.yaml" line="3" time="0.000">
      <failure message="Container &quot;api&quot; uses image gaia/chat:latest" type="no-latest-tag">error: Container "api" uses image gaia/chat:latest
fix: Pin the image to a version or digest
object: Deployment/alpha/chat at /spec/template/spec/containers/0/image
source: a.yaml:3</failure>
    </testcase>
  </testsuite>
  <testsuite name="games/m/ghost" tests="1" failures="1" errors="0" skipped="0" time="0.000">
    <properties>
      <property name="kustomize" value="kustomize v5.7.1"/>
    </properties>
    <testcase classname="games/m/ghost" name="no-latest-tag Deployment/alpha/chat (m.yaml:2)" file="m.yaml" line="2" time="0.000">
      <failure message="Container &quot;api&quot; uses image gaia/chat:latest" type="no-latest-tag">error: Container "api" uses image gaia/chat:latest
fix: Pin the image to a version or digest
object: Deployment/alpha/chat at /spec/template/spec/containers/0/image
source: m.yaml:2</failure>
    </testcase>
  </testsuite>
  <testsuite name="games/z/ghost" tests="1" failures="1" errors="0" skipped="0" time="0.000">
    <properties>
      <property name="kustomize" value="kustomize v5.7.1"/>
    </properties>
    <testcase classname="games/z/ghost" name="no-latest-tag Deployment/alpha/chat (z.yaml:2)" file="z.yaml" line="2" time="0.000">
      <failure message="Container &quot;api&quot; uses image gaia/chat:latest" type="no-latest-tag">error: Container "api" uses image gaia/chat:latest
fix: Pin the image to a version or digest
object: Deployment/alpha/chat at /spec/template/spec/containers/0/image
source: z.yaml:2</failure>
    </testcase>
  </testsuite>
</testsuites>
`);
  });

  it("fails the render of a failed target whose findings are only warnings", () => {
    const failed = report(
      [finding({ target: "games/x/production", severity: "warning" })],
      [{ path: "games/x/production", status: "failed", objects: 0, ms: 10 }],
    );
    expect(junit(failed).xml).toContain('<failure message="kustomize build failed" type="render"/>');
    expect(junit(failed).xml).toContain('<testsuites name="gaia validate" tests="2" failures="1"');
  });

  it("names the object without an ' at' when the finding has no path", () => {
    expect(junit(report([finding({ path: "" })])).xml).toContain("object: Deployment/alpha/chat\nsource: base/chat/deployment.yaml:21");
  });

  it("sorts suites of unknown targets by name, not by where their findings are", () => {
    const xml = junit(
      report(
        [finding({ target: "games/z/ghost", source: { file: "a.yaml", line: 1 } }), finding({ target: "games/a/ghost", source: { file: "b.yaml", line: 1 } })],
        [],
      ),
    ).xml;
    expect(xml.indexOf('name="games/a/ghost"')).toBeLessThan(xml.indexOf('name="games/z/ghost"'));
  });
});
