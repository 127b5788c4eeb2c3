// A throwing rule through the whole pipeline: a finding at the object's line, the error kept for --debug, other checks run.
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { validateRepository } from "../../../scripts/lib/pipeline.ts";
import type { ObjectRule } from "../../../scripts/lib/policy/types.ts";
import { tempRepo, type TempRepo } from "../util/temp-repo.ts";
import { flagDeployments } from "./helpers.ts";

let repo: TempRepo;
afterEach(() => repo?.dispose());

it("a rule that throws on one object is a check-crashed finding at that object, with its error kept for --debug", async () => {
  repo = tempRepo({
    "policies/config.yaml": "rules: {}\n",
    "m/a.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fine\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: trap\ndata:\n  a: b\n",
  });
  const boom: ObjectRule = {
    ...flagDeployments({ id: "fragile" }),
    kinds: ["ConfigMap"],
    check: (o) => {
      if (o.metadata.name === "trap") throw new RangeError("index out of range");
      return [{ message: `saw ${o.metadata.name}`, path: "/metadata/name" }];
    },
  };
  const { report, crashes } = await validateRepository({
    root: repo.root,
    paths: [join(repo.root, "m/a.yaml")],
    environment: "production",
    jobs: 1,
    cache: false,
    batch: false,
    kustomizeVersion: "v5.7.1",
    build: async () => ({ ok: true, stdout: "", stderr: "", exitCode: 0 }),
    rules: [boom],
    today: "2026-06-01",
  });
  const crash = report.findings.filter((f) => f.ruleId === "check-crashed");
  expect(crash).toHaveLength(1);
  expect(crash[0]).toMatchObject({
    message: "rule fragile failed on ConfigMap trap: RangeError: index out of range",
    object: { kind: "ConfigMap", name: "trap" },
    source: { file: "m/a.yaml", line: 6 },
  });
  expect(report.findings.filter((f) => f.ruleId === "fragile").map((f) => f.message)).toEqual(["saw fine"]);
  expect(report.summary.errors).toBe(report.findings.filter((f) => f.severity === "error").length);
  expect(crashes.map((c) => [c.check, (c.err as Error).stack?.split("\n")[0]])).toEqual([["rule fragile", "RangeError: index out of range"]]);
});
