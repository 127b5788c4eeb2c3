// Which repo documents (game.yaml, cluster.yaml, policies) a run with paths checks against their schemas.
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { validateRepository } from "../../../scripts/lib/pipeline.ts";
import { tempRepo, type TempRepo } from "../util/temp-repo.ts";

let repo: TempRepo;
afterEach(() => repo?.dispose());

const BAD_GAME = "name: x\nteir: indie\n";

async function documentFindings(paths: string[]) {
  const { report } = await validateRepository({
    root: repo.root,
    paths,
    environment: "production",
    jobs: 1,
    cache: false,
    batch: false,
    kustomizeVersion: "v5.7.1",
    build: async () => ({ ok: true, stdout: "", stderr: "", exitCode: 0 }),
    rules: [],
    today: "2026-06-01",
  });
  expect(report.findings.filter((f) => f.ruleId === "not-a-kubernetes-object")).toEqual([]);
  expect(report.targets.every((t) => t.path.endsWith("/production"))).toBe(true);
  return [...new Set(report.findings.filter((f) => f.ruleId === "document-schema").map((f) => f.source.file))].sort();
}

describe("document selection by path", () => {
  it("checks the documents under a path (or the document named), not those of a sibling whose name starts the same", async () => {
    repo = tempRepo({
      "policies/config.yaml": 'kubernetesVersion: "1.30"\nparameters: {}\nrules: {}\n',
      "games/demo/game.yaml": BAD_GAME,
      "games/demo/production/kustomization.yaml": "resources: []\n",
      "games/demo2/game.yaml": BAD_GAME,
      "games/demo2/production/kustomization.yaml": "resources: []\n",
    });
    expect(await documentFindings([join(repo.root, "games/demo")])).toEqual(["games/demo/game.yaml"]);
    expect(await documentFindings([join(repo.root, "games/demo/game.yaml")])).toEqual(["games/demo/game.yaml"]);
    expect(await documentFindings([repo.root])).toEqual(["games/demo/game.yaml", "games/demo2/game.yaml"]);
    expect(await documentFindings([])).toEqual(["games/demo/game.yaml", "games/demo2/game.yaml"]);
  });
});
