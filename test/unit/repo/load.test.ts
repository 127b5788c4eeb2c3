import { afterEach, describe, expect, it } from "vitest";
import { buildRepoContext, listFilesUnder, loadPolicyConfig, readDocument } from "../../../scripts/lib/repo/load.ts";
import type { Finding } from "../../../scripts/lib/types.ts";
import { tempRepo, type TempRepo } from "../util/temp-repo.ts";

let repo: TempRepo;
afterEach(() => repo?.dispose());

describe("repo loading", () => {
  it("builds the repo context from game.yaml and cluster.yaml, naming each by its folder", () => {
    repo = tempRepo({
      "games/demo/game.yaml": "displayName: Demo\ntier: indie\n",
      "games/broken/game.yaml": "tier: a\ntier: b\n",
      "games/nogame/production/kustomization.yaml": "resources: []\n",
      "clusters/eu/cluster.yaml": "environment: production\nregion: eu-west\n",
      "policies/custom/a.yaml": "id: a\n",
      "policies/custom/.hidden/b.yaml": "id: b\n",
    });
    const findings: Finding[] = [];
    const ctx = buildRepoContext(repo.root, [], findings);
    expect([...ctx.games.entries()]).toEqual([["demo", { file: "games/demo/game.yaml", spec: { name: "demo", displayName: "Demo", tier: "indie" } }]]);
    expect(ctx.clusters.get("eu")).toEqual({ file: "clusters/eu/cluster.yaml", spec: { name: "eu", environment: "production", region: "eu-west" } });
    expect(findings.map((f) => [f.ruleId, f.source.file])).toEqual([["yaml-duplicate-key", "games/broken/game.yaml"]]);
    expect(ctx.readText("games/demo/game.yaml")).toContain("Demo");
    expect(ctx.readText("games/demo")).toBeUndefined();
    expect(ctx.readText("nope.yaml")).toBeUndefined();
    expect(ctx.listFiles("policies")).toEqual(["policies/custom/a.yaml"]);
    expect(listFilesUnder(repo.root, "missing")).toEqual([]);
  });

  it("loads policies/config.yaml, or an empty config when it is missing or broken", () => {
    repo = tempRepo({ "policies/config.yaml": "kubernetesVersion: '1.31'\nrules:\n  probes: {enabled: false}\n" });
    expect(loadPolicyConfig(repo.root, [])).toMatchObject({ kubernetesVersion: "1.31", rules: { probes: { enabled: false } }, parameters: {} });
    repo.write("policies/config.yaml", "rules: [\n");
    const findings: Finding[] = [];
    expect(loadPolicyConfig(repo.root, findings)).toMatchObject({ kubernetesVersion: "1.30", rules: {} });
    expect(findings).toHaveLength(1);
    expect(readDocument(repo.root, "policies/none.yaml", [])).toBeUndefined();
  });
});
