import type { ClusterSpec, GameSpec, RepoFile, RepoRule, RuleContext, Violation } from "../../types.ts";
import type { Environment, K8sObject, RenderedTarget } from "../../../types.ts";
import { formatBytes, formatCpu, parseQuantity } from "../../k8s/quantity.ts";

type CapacityKey = "cpu" | "memory" | "pods";
const CAPACITY: Array<{ key: CapacityKey; hard: string[]; format: (n: number) => string }> = [
  { key: "cpu", hard: ["requests.cpu", "cpu"], format: (n) => formatCpu(Math.round(n * 1000) / 1000) },
  { key: "memory", hard: ["requests.memory", "memory"], format: formatBytes },
  { key: "pods", hard: ["pods"], format: String },
];

function gameTarget(ctx: RuleContext, game: string, env: Environment): RenderedTarget | undefined {
  return ctx.repo.targets.find((t) => t.status === "ok" && t.target.kind === "game" && t.target.game === game && t.target.environment === env);
}

/** Σ of the unscoped ResourceQuotas' hard values in a rendered target. */
function quotaTotals(target: RenderedTarget): Record<CapacityKey, number> | undefined {
  const quotas = target.objects.map((lo) => lo.object).filter((o: K8sObject) => o.kind === "ResourceQuota" && !(o as any).spec?.scopes?.length && !(o as any).spec?.scopeSelector);
  if (quotas.length === 0) return undefined;
  const totals: Record<CapacityKey, number> = { cpu: 0, memory: 0, pods: 0 };
  for (const q of quotas) {
    const hard = ((q as any).spec?.hard ?? {}) as Record<string, unknown>;
    for (const c of CAPACITY) totals[c.key] += parseQuantity(c.hard.map((h) => hard[h]).find((v) => v !== undefined)) ?? 0;
  }
  return totals;
}

/** Games an environment/region cluster runs: a dedicated cluster its game only; a shared one every other game of the region. */
export function placedGames(cluster: ClusterSpec, games: Map<string, RepoFile<GameSpec>>, clusters: ClusterSpec[]): string[] {
  const inRegion = [...games.keys()].filter((g) => (games.get(g)!.spec.regions ?? []).includes(cluster.region)).sort();
  if (cluster.dedicatedGame) return inRegion.filter((g) => g === cluster.dedicatedGame);
  const dedicated = new Set(clusters.filter((c) => c.dedicatedGame && c.environment === cluster.environment && c.region === cluster.region).map((c) => c.dedicatedGame!));
  return inRegion.filter((g) => !dedicated.has(g));
}

function capacityViolations(ctx: RuleContext, name: string, cluster: RepoFile<ClusterSpec>, all: ClusterSpec[]): Violation[] {
  const spec = cluster.spec;
  const counted: Array<{ game: string; totals: Record<CapacityKey, number> }> = [];
  const unquoted: string[] = [];
  for (const game of placedGames(spec, ctx.repo.games, all)) {
    const target = gameTarget(ctx, game, spec.environment);
    if (!target) continue;
    const totals = quotaTotals(target);
    if (totals) counted.push({ game, totals });
    else unquoted.push(game);
  }
  const out: Violation[] = [];
  const clusterTarget = ctx.repo.targets.find((t) => t.target.kind === "cluster" && t.target.cluster === name)?.target.path;
  for (const c of CAPACITY) {
    const capacity = parseQuantity(spec.capacity?.[c.key]);
    if (capacity === undefined) continue;
    const sum = counted.reduce((s, g) => s + g.totals[c.key], 0);
    if (sum <= capacity * (1 + 1e-9)) continue;
    const biggest = [...counted].sort((a, b) => b.totals[c.key] - a.totals[c.key]).slice(0, 3).map((g) => `${g.game} ${c.format(g.totals[c.key])}`);
    out.push({
      message: `games placed on cluster ${name} (${spec.environment}, ${spec.region}) have ResourceQuotas totalling ${c.key} ${c.format(sum)}, above its capacity ${c.format(capacity)} (biggest: ${biggest.join(", ")})${unquoted.length ? `; without a quota, not counted: ${unquoted.join(", ")}` : ""}`,
      file: cluster.file,
      path: `/capacity/${c.key}`,
      ...(clusterTarget ? { target: clusterTarget } : {}),
    });
  }
  return out;
}

function placementViolations(ctx: RuleContext, all: ClusterSpec[]): Violation[] {
  const environments: string[] = ctx.params.placementEnvironments ?? [];
  const out: Violation[] = [];
  for (const [game, file] of [...ctx.repo.games.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const targets = ctx.repo.targets.filter((t) => t.target.kind === "game" && t.target.game === game && t.target.environment && environments.includes(t.target.environment));
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
  title: "Game quotas placed on a cluster fit its capacity, and every game region has a cluster",
  category: "quotas",
  scope: "repo",
  defaultSeverity: "error",
  rationale:
    "Quotas are promises: if the quotas of the games placed on a cluster add up to more than its capacity, a busy evening for one game starves another. A region without a cluster in an environment means the game silently never deploys there.",
  fix: "Grow the cluster's capacity in cluster.yaml, move a game to a dedicated cluster, or lower the games' tiers.",
  kinds: [],
  params: {
    placementEnvironments: { description: "Environments in which every region of a game must have a cluster", default: ["development", "staging", "production"] },
  },
  check(ctx) {
    if (ctx.repo.clusters.size === 0) return [];
    const all = [...ctx.repo.clusters.values()].map((c) => c.spec);
    const out: Violation[] = [];
    for (const [name, cluster] of [...ctx.repo.clusters.entries()].sort(([a], [b]) => a.localeCompare(b))) out.push(...capacityViolations(ctx, name, cluster, all));
    return [...out, ...placementViolations(ctx, all)];
  },
};
