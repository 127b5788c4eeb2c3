import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import type { K8sObject } from "../../../scripts/lib/types.ts";
import { diffObjects, formatPath } from "../../../scripts/lib/diff/objects.ts";
import { diffToJson, formatDiff, formatDiffMarkdown } from "../../../scripts/lib/diff/format.ts";
import { summarise, type DiffReport, type TargetDiff } from "../../../scripts/lib/diff/types.ts";

const deployment = (image: string, env: Array<{ name: string; value: string }>, extra: Record<string, unknown> = {}): K8sObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "chat", namespace: "gaia-demo" },
  spec: {
    replicas: 2,
    template: {
      spec: {
        containers: [
          { name: "sidecar", image: "registry.gaia.tech/mirror/envoy:1.0" },
          { name: "chat", image, env },
        ],
        ...extra,
      },
    },
  },
});
const secret = (data: Record<string, string>, name = "tokens"): K8sObject => ({
  apiVersion: "v1",
  kind: "Secret",
  metadata: { name, namespace: "gaia-demo" },
  stringData: data,
});
const fieldsText = (d: ReturnType<typeof diffObjects>) =>
  d.flatMap((o) => o.fields.map((f) => `${formatPath(f.path)} ${JSON.stringify(f.before)} ${JSON.stringify(f.after)}`));

describe("diffObjects", () => {
  it("matches containers and env by name, so reordering is no change and a changed item is one field", () => {
    const a = deployment("chat:1", [
      { name: "A", value: "1" },
      { name: "B", value: "2" },
    ]);
    const b: any = structuredClone(a);
    b.spec.template.spec.containers.reverse();
    b.spec.template.spec.containers[0].env.reverse();
    expect(diffObjects([a], [b])).toEqual([]);
    b.spec.template.spec.containers[0].image = "chat:2";
    b.spec.template.spec.containers[0].env[1].value = "9";
    expect(fieldsText(diffObjects([a], [b]))).toEqual([
      'spec.template.spec.containers[name=chat].env[name=A].value "1" "9"',
      'spec.template.spec.containers[name=chat].image "chat:1" "chat:2"',
    ]);
  });

  it("ignores key order, and reports added and removed objects and fields", () => {
    const a = deployment("chat:1", []);
    const b: K8sObject = JSON.parse(JSON.stringify({ spec: a.spec, metadata: a.metadata, kind: a.kind, apiVersion: a.apiVersion }));
    expect(diffObjects([a], [b])).toEqual([]);
    const c = deployment("chat:1", [], { priorityClassName: "game" });
    const svc: K8sObject = { apiVersion: "v1", kind: "Service", metadata: { name: "chat", namespace: "gaia-demo" }, spec: {} };
    const d = diffObjects([a, svc], [c]);
    expect(d.map((o) => [o.change, o.object.kind])).toEqual([
      ["changed", "Deployment"],
      ["removed", "Service"],
    ]);
    expect(d[0].fields).toEqual([{ path: ["spec", "template", "spec", "priorityClassName"], type: "added", after: "game" }]);
  });

  it("never carries Secret data or stringData values, only that they changed", () => {
    const d = diffObjects([secret({ TOKEN: "old-secret-value" })], [secret({ TOKEN: "new-secret-value", EXTRA: "x" })]);
    expect(d[0].fields).toEqual([
      { path: ["stringData", "EXTRA"], type: "added", masked: true },
      { path: ["stringData", "TOKEN"], type: "changed", masked: true },
    ]);
    const all = formatDiff("json", report(d)) + formatDiff("markdown", report(d)) + formatDiff("pretty", report(d));
    expect(all).not.toMatch(/old-secret-value|new-secret-value/);
    expect(all).toContain("(secret, changed)");
  });

  it("pairs a generated ConfigMap whose hash suffix changed as one changed object", () => {
    const cm = (name: string, v: string): K8sObject => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: "n" }, data: { RELEASE: v } });
    const d = diffObjects([cm("settings-abcde12345", "1")], [cm("settings-fghij67890", "2")]);
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ change: "changed", renamedFrom: "settings-abcde12345" });
    expect(fieldsText(d)).toContain('data.RELEASE "1" "2"');
  });
});

function report(objects: ReturnType<typeof diffObjects>, n = 1): DiffReport {
  const targets: TargetDiff[] = Array.from({ length: n }, (_, i) => ({ target: `games/g${i}/production`, status: "changed", objects }));
  return { version: 1, base: "origin/main (abc1234)", head: "working tree", targets, summary: summarise(targets) };
}

describe("diff reporters", () => {
  it("json validates against schemas/diff.schema.json", () => {
    const schema = JSON.parse(readFileSync(new URL("../../../schemas/diff.schema.json", import.meta.url), "utf8"));
    const validate = new Ajv({ strict: false }).compile(schema);
    const d = diffObjects([deployment("a:1", []), secret({ T: "1" })], [deployment("a:2", []), secret({ T: "2" })]);
    expect(validate(diffToJson(report(d))), JSON.stringify(validate.errors)).toBe(true);
    const leaky = diffToJson(report(d)) as any;
    leaky.targets[0].objects[1].fields[0].before = "1";
    expect(validate(leaky)).toBe(false);
  });

  it("markdown has one collapsible section per changed target and a truncation note past the limit", () => {
    const d = diffObjects([deployment("a:1", [])], [deployment("a:2", [])]);
    const small = formatDiffMarkdown(report(d, 2));
    expect(small.match(/<details>/g)).toHaveLength(2);
    expect(small).toContain("| ✏️ changed | `Deployment gaia-demo/chat` | `spec.template.spec.containers[name=chat].image` | `a:1` | `a:2` |");
    const big = formatDiffMarkdown(report(d, 400), { maxChars: 5_000 });
    expect(big.length).toBeLessThanOrEqual(5_000);
    expect(big).toMatch(/\d+ more changed targets not shown: GitHub comments are limited to 65,536 characters/);
  });
});
