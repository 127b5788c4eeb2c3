// The clusters' ApplicationSets, evaluated against the repository's games, place games where the quotas rule assumes.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadAll } from "js-yaml";
import { describe, expect, it } from "vitest";
import type { K8sObject } from "../../../scripts/lib/types.ts";
import { gamesDeployedBy } from "../../../scripts/lib/argocd/preview.ts";
import { placedGames } from "../../../scripts/lib/policy/rules/cluster-capacity-fits/rule.ts";
import { buildRepoContext, loadPolicyConfig } from "../../../scripts/lib/repo/load.ts";

const ROOT = join(import.meta.dirname, "..", "..", "..");

describe("placement of the example games", () => {
  it("matches the cluster-capacity-fits placement model on every cluster", () => {
    const repo = buildRepoContext(ROOT, [], []);
    const regional = (loadPolicyConfig(ROOT, []).rules["cluster-capacity-fits"]?.params?.placementEnvironments as string[] | undefined) ?? [
      "development",
      "staging",
      "production",
    ];
    const clusters = [...repo.clusters.values()].map((c) => c.spec);
    expect(clusters.length).toBeGreaterThan(0);
    const placedSomewhere = new Set<string>();
    for (const [name, cluster] of repo.clusters) {
      const objects = loadAll(readFileSync(join(ROOT, "clusters", name, "applicationsets.yaml"), "utf8")) as K8sObject[];
      const deployed = gamesDeployedBy(objects, repo);
      expect(deployed.errors).toEqual([]);
      expect([name, deployed.games]).toEqual([name, placedGames(cluster.spec, repo.games, clusters, regional)]);
      deployed.games.forEach((g) => placedSomewhere.add(g));
    }
    expect([...placedSomewhere].sort()).toEqual([...repo.games.keys()].sort());
  });
});
