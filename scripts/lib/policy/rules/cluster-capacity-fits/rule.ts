import type { ClusterSpec, GameSpec, RepoFile, RepoRule, RepoRuleContext as RuleContext, RepoViolation as Violation } from "../../types.ts";
import { formatBytes, formatCpu, parseQuantity } from "../../k8s/quantity.ts";
import { deployersOf, deploysTarget, type CapacityKey, type Totals } from "../../summary.ts";

const CAPACITY: Array<{ key: CapacityKey; format: (n: number) => string }> = [
  { key: "cpu", format: (n) => formatCpu(Math.round(n * 1000) / 1000) },
  { key: "memory", format: formatBytes },
  { key: "pods", format: String },
  { key: "gpu", format: String },
];

interface Tenant {
  /** A game name, or the platform target path. */
  name: string;
  totals: Totals;
}

/**
 * Games a cluster runs: a dedicated cluster its own game only; a shared one every game without a dedicated cluster
 * there. In the environments listed in `regional`, only games whose regions include the cluster's region count.
 */
export function placedGames(cluster: ClusterSpec, games: Map<string, RepoFile<GameSpec>>, clusters: ClusterSpec[], regional: string[]): string[] {
  const byRegion = regional.includes(cluster.environment);
  const candidates = [...games.keys()].filter((g) => !byRegion || (games.get(g)!.spec.regions ?? []).includes(cluster.region)).sort();
  if (cluster.dedicatedGame) return candidates.filter((g) => g === cluster.dedicatedGame);
  const dedicated = new Set(
    clusters.filter((c) => c.dedicatedGame && c.environment === cluster.environment && (!byRegion || c.region === cluster.region)).map((c) => c.dedicatedGame!),
  );
  return candidates.filter((g) => !dedicated.has(g));
}

/** The games (and their game.yaml) of the given summaries: a game without a target in the run adds nothing here. */
function gamesWithTargets(ctx: RuleContext, summaries: RuleContext["repo"]["summaries"]): Map<string, RepoFile<GameSpec>> {
  const out = new Map<string, RepoFile<GameSpec>>();
  for (const t of summaries) {
    const name = t.target.kind === "game" ? t.target.game : undefined;
    const file = name === undefined || out.has(name) ? undefined : ctx.repo.games.get(name);
    if (name !== undefined && file) out.set(name, file);
  }
  return out;
}

function tenants(ctx: RuleContext, name: string, spec: ClusterSpec, all: ClusterSpec[], regional: string[]): { counted: Tenant[]; unquoted: string[] } {
  const counted: Tenant[] = [];
  const unquoted: string[] = [];
  const ok = ctx.repo.summaries.filter((t) => t.status === "ok");
  // Platform overlays run wherever the cluster's own Argo CD Applications deploy them.
  const clusterTargets = ok.filter((t) => t.target.kind === "cluster" && t.target.cluster === name);
  const deployers = deployersOf(clusterTargets);
  for (const t of ok.filter((x) => x.target.kind === "overlay" && deployers.some((d) => deploysTarget(d, x.target.path)))) {
    const totals = t.quota;
    if (totals) counted.push({ name: t.target.path, totals });
    else unquoted.push(t.target.path);
  }
  for (const game of placedGames(spec, gamesWithTargets(ctx, ok), all, regional)) {
    const target = ok.find((t) => t.target.kind === "game" && t.target.game === game && t.target.environment === spec.environment);
    if (!target) continue;
    const totals = target.quota;
    if (totals) counted.push({ name: game, totals });
    else unquoted.push(game);
  }
  return { counted, unquoted };
}

function capacityViolations(ctx: RuleContext, name: string, cluster: RepoFile<ClusterSpec>, all: ClusterSpec[], regional: string[]): Violation[] {
  const spec = cluster.spec;
  const { counted, unquoted } = tenants(ctx, name, spec, all, regional);
  const out: Violation[] = [];
  const clusterTarget = ctx.repo.summaries.find((t) => t.target.kind === "cluster" && t.target.cluster === name)?.target.path;
  for (const c of CAPACITY) {
    const capacity = parseQuantity((spec.capacity as Record<string, unknown> | undefined)?.[c.key]);
    if (capacity === undefined) continue;
    const sum = counted.reduce((s, g) => s + g.totals[c.key], 0);
    if (sum <= capacity * (1 + 1e-9)) continue;
    const biggest = counted
      .filter((g) => g.totals[c.key] > 0)
      .sort((a, b) => b.totals[c.key] - a.totals[c.key])
      .slice(0, 3)
      .map((g) => `${g.name} ${c.format(g.totals[c.key])}`);
    out.push({
      message: `ResourceQuotas of what runs on cluster ${name} (${spec.environment}, ${spec.region}) total ${c.key} ${c.format(sum)}, above its capacity ${c.format(capacity)} (biggest: ${biggest.join(", ")})${unquoted.length ? `; without a quota, not counted: ${unquoted.join(", ")}` : ""}`,
      file: cluster.file,
      path: `/capacity/${c.key}`,
      ...(clusterTarget ? { target: clusterTarget } : {}),
    });
  }
  return out;
}

function placementViolations(ctx: RuleContext, all: ClusterSpec[], regional: string[]): Violation[] {
  const out: Violation[] = [];
  for (const [game, file] of [...gamesWithTargets(ctx, ctx.repo.summaries).entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const targets = ctx.repo.summaries.filter(
      (t) => t.target.kind === "game" && t.target.game === game && t.target.environment && regional.includes(t.target.environment),
    );
    for (const t of targets) {
      const env = t.target.environment!;
      (file.spec.regions ?? []).forEach((region, i) => {
        const home = all.some((c) => c.environment === env && c.region === region && (!c.dedicatedGame || c.dedicatedGame === game));
        if (home) return;
        out.push({
          message: `game ${game} lists region ${region}, but no ${env} cluster serves ${region} (clusters/*/cluster.yaml with environment ${env}, region ${region})`,
          file: file.file,
          path: `/regions/${i}`,
          target: t.target.path,
          fix: `Add a ${env} cluster for ${region} under clusters/, or remove ${region} from the game's regions.`,
        });
      });
    }
  }
  return out;
}

export const rule: RepoRule = {
  id: "cluster-capacity-fits",
  title: "Quotas placed on a cluster fit its capacity, and every game region has a cluster",
  category: "quotas",
  scope: "repo",
  defaultSeverity: "error",
  rationale:
    "Quotas are promises: if the quotas of the games (and the platform) placed on a cluster add up to more than its capacity, a busy evening for one game starves another. A region without a cluster means the game silently never deploys there.",
  fix: "Grow the cluster's capacity in cluster.yaml, move a game to a dedicated cluster, or lower the games' tiers.",
  kinds: [],
  params: {
    placementEnvironments: {
      description:
        "Environments whose clusters take games by region (each game region needs a cluster there); in the others every shared cluster runs every game",
      default: ["development", "staging", "production"],
    },
  },
  check(ctx) {
    if (ctx.repo.clusters.size === 0) return [];
    const regional: string[] = ctx.params.placementEnvironments ?? [];
    const all = [...ctx.repo.clusters.values()].map((c) => c.spec);
    const out: Violation[] = [];
    for (const [name, cluster] of [...ctx.repo.clusters.entries()].sort(([a], [b]) => a.localeCompare(b)))
      out.push(...capacityViolations(ctx, name, cluster, all, regional));
    return [...out, ...placementViolations(ctx, all, regional)];
  },
};
