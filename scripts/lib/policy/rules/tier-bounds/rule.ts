import type { GameSpec, RepoFile, TargetRule, Violation } from "../../types.ts";
import type { K8sObject } from "../../../types.ts";
import { formatBytes, formatCpu, parseQuantity } from "../../k8s/quantity.ts";
import { declaredReplicas, SCALABLE_KINDS, scalerFor, scalersIn } from "../../k8s/scaling.ts";
import { pointerKey } from "../quota-fits-workloads/rule.ts";
import { ownsGameFile } from "../../game-file-owner.ts";

interface Tier {
  maxReplicasPerService?: number;
  quota?: { cpu?: string | number; memory?: string; pods?: number | string };
}

const QUOTA_FIELDS: Array<{ key: "cpu" | "memory" | "pods"; hard: string[]; format: (n: number) => string }> = [
  { key: "cpu", hard: ["requests.cpu", "cpu"], format: (n) => formatCpu(n) },
  { key: "memory", hard: ["requests.memory", "memory"], format: formatBytes },
  { key: "pods", hard: ["pods"], format: String },
];

function objectViolations(objects: K8sObject[], tierName: string, tier: Tier): Violation[] {
  const out: Violation[] = [];
  const limit = tier.maxReplicasPerService;
  const scalers = scalersIn(objects);
  if (typeof limit === "number") {
    for (const s of scalers) {
      if (s.max > limit)
        out.push({
          message: `${s.scaler.kind} ${s.scaler.metadata?.name} may scale ${s.kind} ${s.name} to ${s.max} replicas; tier ${tierName} allows ${limit} per service`,
          object: s.scaler,
          path: s.maxPointer,
        });
    }
    for (const o of objects.filter((x) => SCALABLE_KINDS.includes(x.kind) && !scalerFor(x, scalers))) {
      const replicas = declaredReplicas(o);
      if (replicas > limit)
        out.push({
          message: `${o.kind} ${o.metadata?.name} runs ${replicas} replicas; tier ${tierName} allows ${limit} per service`,
          object: o,
          path: "/spec/replicas",
        });
    }
  }
  for (const q of objects.filter((x) => x.kind === "ResourceQuota")) {
    const hard = ((q as any).spec?.hard ?? {}) as Record<string, unknown>;
    for (const f of QUOTA_FIELDS) {
      const key = f.hard.find((h) => hard[h] !== undefined);
      const allowed = parseQuantity(tier.quota?.[f.key]);
      const value = key ? parseQuantity(hard[key]) : undefined;
      if (!key || value === undefined || allowed === undefined || value <= allowed) continue;
      out.push({
        message: `ResourceQuota ${q.metadata?.name} grants ${key} ${f.format(value)}, above tier ${tierName}'s ${f.format(allowed)}`,
        object: q,
        path: `/spec/hard/${pointerKey(key)}`,
      });
    }
  }
  return out;
}

function gameFileViolations(game: RepoFile<GameSpec>, tierName: string, tier: Tier): Violation[] {
  const out: Violation[] = [];
  const limit = tier.maxReplicasPerService;
  for (const [service, o] of Object.entries(game.spec.services ?? {})) {
    if (!o) continue;
    if (typeof limit === "number" && typeof o.maxReplicas === "number" && o.maxReplicas > limit) {
      out.push({
        message: `game ${game.spec.name} sets ${service}.maxReplicas ${o.maxReplicas}; tier ${tierName} allows ${limit}`,
        file: game.file,
        path: `/services/${pointerKey(service)}/maxReplicas`,
      });
    }
    if (typeof o.minReplicas === "number" && typeof o.maxReplicas === "number" && o.minReplicas > o.maxReplicas) {
      out.push({
        message: `game ${game.spec.name} sets ${service}.minReplicas ${o.minReplicas} above its maxReplicas ${o.maxReplicas}`,
        file: game.file,
        path: `/services/${pointerKey(service)}/minReplicas`,
      });
    }
  }
  (game.spec.seasons ?? []).forEach((s, i) => {
    if (typeof limit === "number" && typeof s?.maxReplicas === "number" && s.maxReplicas > limit) {
      out.push({
        message: `game ${game.spec.name} season ${i + 1} scales to ${s.maxReplicas} replicas; tier ${tierName} allows ${limit}`,
        file: game.file,
        path: `/seasons/${i}/maxReplicas`,
      });
    }
  });
  return out;
}

export const rule: TargetRule = {
  id: "tier-bounds",
  title: "Replicas, autoscaler maxima and quotas stay within the game's tier",
  category: "quotas",
  scope: "target",
  defaultSeverity: "error",
  rationale:
    "Tiers are what a game pays for and what cluster capacity is planned on; an HPA maximum, a game.yaml override or a quota above the tier quietly buys capacity nobody budgeted.",
  fix: "Stay within the tier's maxReplicasPerService and quota (parameters.tiers in policies/config.yaml), or move the game to a bigger tier in game.yaml.",
  kinds: [],
  check(ctx) {
    const game = ctx.target.game ? ctx.repo.games.get(ctx.target.game) : undefined;
    if (ctx.target.kind !== "game" || !game) return [];
    const tiers = (ctx.shared.tiers ?? {}) as Record<string, Tier>;
    const tier = tiers[game.spec.tier];
    const owner = ownsGameFile(ctx, ctx.target.game!);
    if (!tier) {
      if (!owner) return [];
      return [
        {
          message: `game ${game.spec.name} has tier "${game.spec.tier}", which parameters.tiers does not define (${Object.keys(tiers).join(", ") || "none"})`,
          file: game.file,
          path: "/tier",
          target: ctx.target.path,
        },
      ];
    }
    const out = objectViolations(
      ctx.objects.map((lo) => lo.object),
      game.spec.tier,
      tier,
    );
    if (owner) out.push(...gameFileViolations(game, game.spec.tier, tier).map((v) => ({ ...v, target: ctx.target.path })));
    return out;
  },
};
