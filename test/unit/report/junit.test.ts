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
});
