import type { K8sObject } from "../../../types.ts";
import type { GameSpec, RepoFile, TargetContext, TargetRule, Violation } from "../../types.ts";
import { declaredReplicas, SCALABLE_KINDS, scalerFor, scalersIn } from "../../k8s/scaling.ts";
import { escapePointer } from "../../k8s/pod-security.ts";
import { ownsGameFile } from "../../game-file-owner.ts";

const SIZED_FOR = "gaia.tech/sized-for";
const NAME_LABEL = "app.kubernetes.io/name";

/** The workloads of a service: named after it, or labelled with its name. */
function workloadsOf(objects: K8sObject[], service: string): K8sObject[] {
  return objects.filter((o) => SCALABLE_KINDS.includes(o.kind) && (o.metadata?.name === service || o.metadata?.labels?.[NAME_LABEL] === service));
}

function disabledButRendered(ctx: TargetContext, game: RepoFile<GameSpec>): Violation[] {
  const out: Violation[] = [];
  for (const [service, declared] of Object.entries(game.spec.services ?? {})) {
    if (declared?.enabled !== false) continue;
    const rendering = ctx.repo.targets
      .filter((t) => t.target.game === game.spec.name && t.status === "ok")
      .flatMap((t) =>
        workloadsOf(
          t.objects.map((lo) => lo.object),
          service,
        ).map((o) => `${t.target.path} (${o.kind} ${String(o.metadata?.name)})`),
      );
    if (rendering.length > 0)
      out.push({
        message: `game ${game.spec.name} disables ${service}, but its targets still render it: ${rendering.join(", ")}`,
        file: game.file,
        path: `/services/${escapePointer(service)}/enabled`,
        target: ctx.target.path,
        fix: `Remove ${service}'s objects from the game's targets (a patch with $patch: delete per object in the game's kustomization), or set services.${service}.enabled: true.`,
      });
  }
  return out;
}

/** In production, each enabled service's autoscaler (or fixed replica count) spans exactly game.yaml's bounds. */
function boundsDiffer(objects: K8sObject[], game: RepoFile<GameSpec>, targetPath: string): Violation[] {
  const out: Violation[] = [];
  const scalers = scalersIn(objects);
  for (const [service, declared] of Object.entries(game.spec.services ?? {})) {
    if (!declared || declared.enabled === false || typeof declared.minReplicas !== "number" || typeof declared.maxReplicas !== "number") continue;
    const { minReplicas: min, maxReplicas: max } = declared;
    const workloads = workloadsOf(objects, service);
    if (workloads.length === 0) {
      out.push({
        message: `game ${game.spec.name} enables ${service} with ${min}..${max} replicas, but ${targetPath} renders no workload for it`,
        file: game.file,
        path: `/services/${escapePointer(service)}`,
        target: targetPath,
      });
      continue;
    }
    // A canary Rollout takes over from the Deployment it references (scaled to 0): the autoscaled workload counts.
    const named = workloads.filter((w) => w.metadata?.name === service);
    const pool = named.length > 0 ? named : workloads;
    const scaler = pool.map((w) => scalerFor(w, scalers)).find((s) => s !== undefined);
    if (scaler && (scaler.min !== min || scaler.max !== max))
      out.push({
        object: scaler.scaler,
        message: `${scaler.scaler.kind} ${String(scaler.scaler.metadata?.name)} scales ${service} ${scaler.min}..${scaler.max}, but game ${game.spec.name} declares ${min}..${max} (game.yaml services.${service})`,
        path: scaler.min !== min ? scaler.minPointer : scaler.maxPointer,
      });
    if (!scaler) {
      const workload = pool.find((w) => declaredReplicas(w) > 0) ?? pool[0];
      const replicas = declaredReplicas(workload);
      if (replicas < min || replicas > max)
        out.push({
          object: workload,
          message: `${workload.kind} ${String(workload.metadata?.name)} runs ${replicas} replicas without an autoscaler, outside game ${game.spec.name}'s ${min}..${max} (game.yaml services.${service})`,
          path: "/spec/replicas",
        });
    }
  }
  return out;
}

function tierDiffers(objects: K8sObject[], game: RepoFile<GameSpec>): Violation[] {
  return objects
    .filter((o) => o.kind === "ResourceQuota" && typeof o.metadata?.annotations?.[SIZED_FOR] === "string")
    .filter((q) => q.metadata?.annotations?.[SIZED_FOR] !== `tier-${game.spec.tier}`)
    .map((q) => ({
      object: q,
      message: `ResourceQuota ${String(q.metadata?.name)} is sized for ${String(q.metadata?.annotations?.[SIZED_FOR])}, but game ${game.spec.name} declares tier ${game.spec.tier}`,
      path: `/metadata/annotations/${escapePointer(SIZED_FOR)}`,
      fix: `Include base/components/tier-${game.spec.tier} (and no other tier component) in the game's kustomization, or change the tier in game.yaml.`,
    }));
}

export const rule: TargetRule = {
  id: "game-intent-matches-render",
  title: "What game.yaml declares (disabled services, production replica bounds, tier) is what the game's targets render",
  category: "quotas",
  scope: "target",
  defaultSeverity: "error",
  rationale:
    "game.yaml is what reviewers, budgets and capacity planning read; kustomize never looks at it. A service switched off that still renders, an autoscaler whose bounds differ from the declared ones, or a quota sized for another tier means the game runs something other than what was approved.",
  fix: "Make the game's kustomization render what game.yaml declares (tier component, HPA bounds patches), or correct game.yaml.",
  kinds: [],
  check(ctx) {
    const game = ctx.target.game ? ctx.repo.games.get(ctx.target.game) : undefined;
    if (ctx.target.kind !== "game" || !game) return [];
    const objects = ctx.objects.map((lo) => lo.object);
    // Development and staging run reduced footprints by design; game.yaml's tier and bounds describe production.
    const out = ctx.target.environment === "production" ? [...tierDiffers(objects, game), ...boundsDiffer(objects, game, ctx.target.path)] : [];
    if (ownsGameFile(ctx, game.spec.name)) out.push(...disabledButRendered(ctx, game));
    return out;
  },
};
