// What gaia new-game needs to know about the repository: the games already there and the regions clusters serve.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { load } from "js-yaml";
import type { RepoFacts } from "./plan.ts";

interface ClusterFile {
  region?: unknown;
  dedicatedGame?: unknown;
}

function readCluster(file: string): ClusterFile | undefined {
  try {
    const doc = load(readFileSync(file, "utf8"));
    return doc && typeof doc === "object" ? doc : undefined;
  } catch {
    return undefined;
  }
}

/** Regions of the clusters that take any game (a cluster dedicated to one game takes no other). */
export function placeableRegions(root: string): string[] {
  const dir = join(root, "clusters");
  if (!existsSync(dir)) return [];
  const regions = new Set<string>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith("_") || entry.name.startsWith(".")) continue;
    const file = join(dir, entry.name, "cluster.yaml");
    const cluster = existsSync(file) ? readCluster(file) : undefined;
    if (cluster && typeof cluster.region === "string" && !cluster.dedicatedGame) regions.add(cluster.region);
  }
  return [...regions].sort();
}

/** Every entry under games/ (a file of that name would block the folder just as much). */
export function existingGames(root: string): string[] {
  const dir = join(root, "games");
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((n) => !n.startsWith("."))
        .sort()
    : [];
}

export function repoFacts(root: string): RepoFacts {
  return { existingGames: existingGames(root), knownRegions: placeableRegions(root) };
}
