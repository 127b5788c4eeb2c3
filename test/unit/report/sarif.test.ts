import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { reporters } from "../../../scripts/lib/report/index.ts";
import { artifactUri, GAIA_INFORMATION_URI } from "../../../scripts/lib/report/sarif.ts";
import { emptyReport, finding, hostileReport, HOSTILE, options, report, RULES, sampleFindings, shuffled } from "./fixtures.ts";

function sarifValidator() {
  const path = createRequire(import.meta.url).resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
  // The official schema is written as draft-04; its only draft-04-specific keywords are "$schema" and "id".
  // Its "language" pattern has a stray "]" that only non-unicode regular expressions accept.
  const { $schema: _draft, id, ...schema } = JSON.parse(readFileSync(path, "utf8"));
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats.default(ajv);
  return ajv.compile({ $id: id, ...schema });
}
const validate = sarifValidator();

function sarif(r = report(), extra = {}) {
  return JSON.parse(reporters.sarif(r, options({ rules: RULES, ...extra })));
}

describe("sarif report", () => {
  it("validates against the official SARIF 2.1.0 schema: with findings, without findings, with hostile strings", () => {
    for (const r of [report(), emptyReport(), hostileReport()]) {
      const ok = validate(sarif(r));
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it("carries a finding's related lines as relatedLocations, valid against the schema", () => {
    const source = { file: "games/alpha/production/kustomization.yaml", line: 4 };
    const doc = sarif({ ...report(), findings: [finding({ source, related: [{ ...source, line: 5 }] })] });
    expect(validate(doc)).toBe(true);
    const [result] = doc.runs[0].results;
    expect(result.locations[0].physicalLocation.region.startLine).toBe(4);
    expect(result.relatedLocations.map((l: any) => [l.id, l.physicalLocation.artifactLocation.uri, l.physicalLocation.region.startLine])).toEqual([
      [0, "games/alpha/production/kustomization.yaml", 5],
    ]);
    expect(sarif().runs[0].results.some((x: any) => "relatedLocations" in x)).toBe(false);
  });

  it("the schema check can fail: a result with an invalid level is rejected", () => {
    const doc = sarif();
    doc.runs[0].results[0].level = "fatal";
    expect(validate(doc)).toBe(false);
  });

  it("describes the run: schema, version, driver and kustomize as an extension", () => {
    const doc = sarif(report(), { toolVersion: "0.1.0" });
    expect(doc.$schema).toBe("https://json.schemastore.org/sarif-2.1.0.json");
    expect(doc.version).toBe("2.1.0");
    expect(doc.runs).toHaveLength(1);
    const { driver, extensions } = doc.runs[0].tool;
    expect(driver.name).toBe("gaia");
    expect(driver.informationUri).toBe(GAIA_INFORMATION_URI);
    expect(driver.version).toBe("0.1.0");
    expect(extensions).toEqual([{ name: "kustomize", version: "v5.7.1" }]);
    expect(doc.runs[0].originalUriBaseIds).toEqual({ "%SRCROOT%": { uri: "file:///repo/" } });
    expect(sarif(report(), { repoRoot: "" }).runs[0].originalUriBaseIds).toBeUndefined();
  });

  it("gives every result a rule descriptor: from the catalog when known, synthesised otherwise", () => {
    const run = sarif().runs[0];
    const rules = run.tool.driver.rules;
    expect(rules.map((r: { id: string }) => r.id)).toEqual(["game-owner", "kustomize-build", "namespace-scope", "no-latest-tag", "requests-limits"]);
    for (const result of run.results) {
      expect(rules[result.ruleIndex].id).toBe(result.ruleId);
    }
    const known = rules[3];
    expect(known).toEqual({
      id: "no-latest-tag",
      shortDescription: { text: "Images are pinned" },
      fullDescription: { text: "A moving tag deploys untested code." },
      help: { text: "Fix: Pin a version or digest.", markdown: "A moving tag deploys untested code.\n\n**Fix:** Pin a version or digest." },
      helpUri: "https://example.org/rules/no-latest-tag",
      defaultConfiguration: { level: "error" },
      properties: { category: "security", tags: ["security"] },
    });
    const synthesised = rules[4];
    expect(synthesised.shortDescription.text).toBe("requests-limits");
    expect(synthesised.fullDescription.text).toBe('Container "api" has no memory limit');
    expect(synthesised.help.text).toBe("Fix: Set resources.limits.memory");
    expect(synthesised.defaultConfiguration.level).toBe("warning");
    expect(rules[2].help).toEqual({ text: "Writes outside its namespace", markdown: "Writes outside its namespace" });
  });

  it("synthesises the default level from the most severe finding of a rule", () => {
    const findings = [finding({ ruleId: "mixed", severity: "info" }), finding({ ruleId: "mixed", severity: "error", source: { file: "z.yaml", line: 1 } })];
    expect(sarif(report(findings)).runs[0].tool.driver.rules[0].defaultConfiguration.level).toBe("error");
  });

  it("writes results with level, message and fix, repo-relative location and object", () => {
    const results = sarif().runs[0].results;
    expect(results.map((r: { level: string }) => r.level)).toEqual(["error", "error", "warning", "note", "error", "error"]);
    expect(results[0].message.text).toBe('Container "api" uses image gaia/chat:latest\nFix: Pin the image to a version or digest');
    expect(results[4].message.text).toBe("Writes outside its namespace");
    expect(results[0].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: "base/chat/deployment.yaml", uriBaseId: "%SRCROOT%" },
      region: { startLine: 21 },
    });
    expect(results[0].locations[0].logicalLocations).toEqual([{ name: "chat", fullyQualifiedName: "Deployment/alpha/chat", kind: "resource" }]);
    expect(results[3].locations[0].logicalLocations).toBeUndefined();
    expect(results[0].properties).toEqual({ category: "security", target: "games/alpha/production", path: "/spec/template/spec/containers/0/image" });
  });

  it("fingerprints stay the same when a finding moves to another line, and differ between objects", () => {
    const at = (line: number) =>
      sarif(report([finding({ source: { file: "base/chat/deployment.yaml", line } })])).runs[0].results[0].partialFingerprints["gaiaFinding/v1"];
    expect(at(21)).toMatch(/^[0-9a-f]{64}$/);
    expect(at(40)).toBe(at(21));
    const [a, b] = sarif().runs[0].results;
    expect(a.partialFingerprints).not.toEqual(b.partialFingerprints);
  });

  it("makes URIs repo-relative with forward slashes and percent-encoding", () => {
    expect(artifactUri("base\\chat\\deployment.yaml", "/repo")).toBe("base/chat/deployment.yaml");
    expect(artifactUri("/repo/games/a b/x.yaml", "/repo/")).toBe("games/a%20b/x.yaml");
    expect(artifactUri("./games/x#1?.yaml", "/repo")).toBe("games/x%231%3F.yaml");
    expect(artifactUri("C:\\repo\\base\\x.yaml", "C:\\repo")).toBe("base/x.yaml");
    const hostile = sarif(hostileReport()).runs[0].results.find((r: { ruleId: string }) => r.ruleId === "odd-rule");
    expect(hostile.locations[0].physicalLocation.artifactLocation.uri).toBe("games/we%3Cird%3E%20%26%20%22odd%22%20'name'%20%252F%2C%23%3F.yaml");
    expect(hostile.message.text).toBe(`${HOSTILE}\nFix: ${HOSTILE}`);
  });

  it("leaves out the location of a finding without a file, and the region without a valid line", () => {
    const doc = sarif(report([finding({ source: { file: "", line: 1 } }), finding({ source: { file: "a.yaml", line: 0 } })]));
    const [noFile, withLine0] = doc.runs[0].results;
    expect(noFile.locations).toEqual([]);
    expect(withLine0.locations[0].physicalLocation.region).toBeUndefined();
    expect(validate(doc)).toBe(true);
  });

  it("is deterministic for shuffled input", () => {
    const expected = reporters.sarif(report(), options({ rules: RULES }));
    for (const findings of shuffled(sampleFindings())) {
      expect(reporters.sarif(report(findings), options({ rules: [...RULES].reverse() }))).toBe(expected);
    }
  });

  it("keeps fingerprints stable across releases (code scanning tracks alerts by them)", () => {
    const fp = (f: ReturnType<typeof finding>) => sarif(report([f])).runs[0].results[0].partialFingerprints["gaiaFinding/v1"];
    expect(fp(finding())).toBe("1764000f5229c9fa05026b1ca67adb7bbf27ed6ac37040d02ef6e26e83809853");
    expect(fp(finding({ object: { apiVersion: "v1", kind: "Namespace", name: "alpha" } }))).toBe(
      "82103318ebdd67704a621f60b9230b0ec6febda8120f9b82acce9991414d7077",
    );
    expect(fp(finding({ object: undefined, target: "", path: "/owner" }))).toBe("2f735c45ffcbe2b329609d043997c4b6f6b08dc880b188496d5a0419aeb193e5");
  });

  it("gives objects that differ only in apiVersion, kind, namespace or name their own fingerprints", () => {
    const base = { apiVersion: "apps/v1", kind: "Deployment", namespace: "alpha", name: "chat" };
    const variants = [base, { ...base, apiVersion: "apps/v2" }, { ...base, kind: "StatefulSet" }, { ...base, namespace: "beta" }, { ...base, name: "lobby" }];
    const prints = variants.map((object) => sarif(report([finding({ object })])).runs[0].results[0].partialFingerprints["gaiaFinding/v1"]);
    expect(new Set(prints).size).toBe(variants.length);
  });

  it("gives a finding on line 1 a region", () => {
    expect(sarif(report([finding({ source: { file: "a.yaml", line: 1 } })])).runs[0].results[0].locations[0].physicalLocation.region).toEqual({ startLine: 1 });
  });

  it("sets %SRCROOT% only for an absolute repository root, ending in one slash", () => {
    expect(sarif(report(), { repoRoot: "/repo" }).runs[0].originalUriBaseIds).toEqual({ "%SRCROOT%": { uri: "file:///repo/" } });
    expect(sarif(report(), { repoRoot: "/" }).runs[0].originalUriBaseIds).toEqual({ "%SRCROOT%": { uri: "file:///" } });
    expect(sarif(report(), { repoRoot: "repo" }).runs[0].originalUriBaseIds).toBeUndefined();
    expect(sarif(report(), { repoRoot: "" }).runs[0].originalUriBaseIds).toBeUndefined();
  });

  it("strips a root given with several trailing slashes, and only a leading ./ from paths", () => {
    expect(artifactUri("/repo/base/x.yaml", "/repo//")).toBe("base/x.yaml");
    expect(artifactUri("games/beta./x.yaml", "/repo")).toBe("games/beta./x.yaml");
  });

  it("describes an unknown rule from its most severe finding even when that one comes first", () => {
    const findings = [
      finding({ ruleId: "mixed", severity: "error", source: { file: "a.yaml", line: 1 } }),
      finding({ ruleId: "mixed", severity: "info", source: { file: "z.yaml", line: 1 } }),
    ];
    expect(sarif(report(findings)).runs[0].tool.driver.rules[0].defaultConfiguration.level).toBe("error");
  });

  it("records the Kubernetes version and the numbers of targets and objects as run properties", () => {
    expect(sarif().runs[0].properties).toEqual({ kubernetes: "1.30.0", targets: 3, objects: 52 });
  });
});
