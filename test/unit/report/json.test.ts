import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { reporters } from "../../../scripts/lib/report/index.ts";
import { emptyReport, finding, hostileReport, options, reorderedKeys, report, sampleFindings, shuffled } from "./fixtures.ts";

const schema = JSON.parse(readFileSync(new URL("../../../schemas/report.schema.json", import.meta.url), "utf8"));
const validate = new Ajv({ strict: true, allErrors: true }).compile(schema);

function render(r = report()): string {
  return reporters.json(r, options());
}

describe("json report", () => {
  it("writes the contract: version, tool, targets, findings, summary, 2-space indent and a final newline", () => {
    const text = render();
    expect(text.endsWith("}\n")).toBe(true);
    expect(text.startsWith('{\n  "version": 1,\n  "tool": {\n    "name": "gaia",')).toBe(true);
    const parsed = JSON.parse(text);
    expect(Object.keys(parsed)).toEqual(["version", "tool", "targets", "findings", "summary"]);
    expect(parsed.tool).toEqual({ name: "gaia", kustomize: "v5.7.1", kubernetes: "1.30.0" });
    expect(parsed.summary).toEqual({ targets: 3, objects: 52, errors: 4, warnings: 1, infos: 1, ms: 4213 });
    expect(parsed.targets.map((t: { path: string }) => t.path)).toEqual(["games/alpha/production", "games/beta/production", "overlays/production"]);
    expect(Object.keys(parsed.findings[0])).toEqual(["ruleId", "category", "severity", "message", "fix", "target", "object", "path", "source"]);
    expect(parsed.findings).toHaveLength(6);
  });

  it("orders findings by file, line and rule", () => {
    const parsed = JSON.parse(render());
    const keys = parsed.findings.map((f: { source: { file: string; line: number }; ruleId: string }) => `${f.source.file}:${f.source.line} ${f.ruleId}`);
    expect(keys).toEqual([
      "base/chat/deployment.yaml:21 no-latest-tag",
      "base/chat/deployment.yaml:21 no-latest-tag",
      "base/chat/deployment.yaml:30 requests-limits",
      "games/alpha/game.yaml:3 game-owner",
      "games/alpha/production/rbac.yaml:9 namespace-scope",
      "games/beta/production/kustomization.yaml:1 kustomize-build",
    ]);
  });

  it("omits a missing object and an empty namespace rather than writing null", () => {
    const parsed = JSON.parse(
      render(report([finding({ object: undefined }), finding({ object: { apiVersion: "v1", kind: "Namespace", namespace: "", name: "alpha" } })])),
    );
    expect(parsed.findings.map((f: object) => "object" in f).sort()).toEqual([false, true]);
    expect(parsed.findings.find((f: { object?: unknown }) => f.object).object).toEqual({ apiVersion: "v1", kind: "Namespace", name: "alpha" });
  });

  it("drops fields outside the contract", () => {
    const extra = { ...finding(), internal: 1 } as ReturnType<typeof finding>;
    const r = { ...report([extra]), extra: true } as unknown as ReturnType<typeof report>;
    const parsed = JSON.parse(render(r));
    expect(parsed.extra).toBeUndefined();
    expect(parsed.findings[0].internal).toBeUndefined();
    expect(validate(parsed)).toBe(true);
  });

  it("gives identical bytes for shuffled findings, shuffled targets and other key orders", () => {
    const base = report();
    const expected = render(base);
    for (const findings of shuffled(sampleFindings())) {
      for (const targets of shuffled(base.targets)) {
        expect(render({ ...base, findings: findings.map(reorderedKeys), targets })).toBe(expected);
      }
    }
  });

  it("validates against schemas/report.schema.json for findings, no findings and hostile strings", () => {
    for (const r of [report(), emptyReport(), hostileReport()]) {
      const ok = validate(JSON.parse(render(r)));
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it("with a change scope, lists the changed files and marks each finding inherited or not, valid against the schema", () => {
    const r = report();
    const changedFile = r.findings[0].source.file;
    const out = JSON.parse(render({ ...r, change: { since: "origin/main", files: [changedFile] } }));
    expect(out.change).toEqual({ since: "origin/main", files: [changedFile] });
    expect(out.findings.every((f: any) => f.inherited === (f.source.file !== changedFile))).toBe(true);
    expect(out.findings.some((f: any) => f.inherited)).toBe(true);
    expect(validate(out)).toBe(true);
    expect(JSON.parse(render(r)).findings.some((f: any) => "inherited" in f)).toBe(false);
  });

  it("keeps a finding's related lines, valid against the schema; omits the key when there are none", () => {
    const related = [{ file: "games/alpha/production/kustomization.yaml", line: 5 }];
    const r = { ...report(), findings: [finding({ source: { file: "games/alpha/production/kustomization.yaml", line: 4 }, related })] };
    const out = JSON.parse(render(r));
    expect(out.findings[0].related).toEqual(related);
    expect(Object.keys(out.findings[0]).slice(-2)).toEqual(["source", "related"]);
    expect(validate(out)).toBe(true);
    expect("related" in JSON.parse(render(report())).findings[0]).toBe(false);
    out.findings[0].related = [{ file: "/abs", line: 0 }];
    expect(validate(out)).toBe(false);
  });

  it("the schema is strict: unknown fields, bad enums and missing source lines are rejected", () => {
    const good = JSON.parse(render());
    const cases: Array<(r: any) => void> = [
      (r) => (r.extra = 1),
      (r) => (r.findings[0].extra = 1),
      (r) => (r.findings[0].severity = "fatal"),
      (r) => (r.findings[0].source.line = 0),
      (r) => delete r.findings[0].source,
      (r) => (r.findings[0].source.file = "/abs/path.yaml"),
      (r) => (r.findings[0].source.file = "dir\\file.yaml"),
      (r) => (r.findings[0].path = "spec/x"),
      (r) => (r.targets[0].status = "skipped"),
      (r) => (r.summary.errors = -1),
      (r) => (r.version = 2),
      (r) => delete r.tool.kustomize,
      (r) => (r.findings[0].object.uid = "x"),
    ];
    for (const mutate of cases) {
      const bad = structuredClone(good);
      mutate(bad);
      expect(validate(bad)).toBe(false);
    }
  });

  it("writes a shard's index and count and its repository facts, with the used exceptions sorted", () => {
    const repository = { environment: "production", today: "2026-12-03", complete: false, summaries: [], exceptionsUsed: ["b.yaml:2", "a.yaml:9"] };
    const sharded = { ...report([]), shard: { index: 2, count: 3, extra: true }, repository: { ...repository, extra: 1 } } as unknown as ReturnType<
      typeof report
    >;
    const out = JSON.parse(render(sharded));
    expect(out.shard).toEqual({ index: 2, count: 3 });
    expect(out.repository).toEqual({ ...repository, exceptionsUsed: ["a.yaml:9", "b.yaml:2"] });
    expect(Object.keys(out).slice(-2)).toEqual(["shard", "repository"]);
    expect(sharded.repository!.exceptionsUsed).toEqual(["b.yaml:2", "a.yaml:9"]);
    expect(validate(out)).toBe(true);
  });
});
