import type { Environment, K8sObject, Target } from "../../../types.ts";
import type { GameSpec, RepoFile, TargetContext, TargetRule, Violation } from "../../types.ts";
import { declaredReplicas, SCALABLE_KINDS, scalerFor, scalersIn } from "../../k8s/scaling.ts";
import { escapePointer } from "../../k8s/pod-security.ts";
import { ownsGameFile } from "../../game-file-owner.ts";

const SIZED_FOR = "gaia.tech/sized-for";
const TIER = "gaia.tech/tier";
const NAME_LABEL = "app.kubernetes.io/name";

/** The workloads of a service: named after it, or labelled with its name. */
function workloadsOf(objects: K8sObject[], service: string): K8sObject[] {
  return objects.filter((o) => SCALABLE_KINDS.includes(o.kind) && (o.metadata?.name === service || o.metadata?.labels?.[NAME_LABEL] === service));
}

/** Every object of a service, whatever its kind: named after it, or labelled with its name. */
function objectsOf(objects: K8sObject[], service: string): K8sObject[] {
  return objects.filter((o) => o.metadata?.name === service || o.metadata?.labels?.[NAME_LABEL] === service);
}

function disabledButRendered(ctx: TargetContext, game: RepoFile<GameSpec>): Violation[] {
  const out: Violation[] = [];
  for (const [service, declared] of Object.entries(game.spec.services ?? {})) {
    if (declared?.enabled !== false) continue;
    const rendering = ctx.repo.targets
      .filter((t) => t.target.game === game.spec.name && t.status === "ok")
      .sort((a, b) => a.target.path.localeCompare(b.target.path))
      .flatMap((t) => {
        const found = objectsOf(
          t.objects.map((lo) => lo.object),
          service,
        );
        return found.length > 0 ? [`${t.target.path} (${found.map((o) => `${o.kind} ${String(o.metadata?.name)}`).join(", ")})`] : [];
      });
    if (rendering.length > 0)
      out.push({
        message: `game ${game.spec.name} disables ${service}, but its targets still render it: ${rendering.join(", ")}`,
        file: game.file,
        path: `/services/${escapePointer(service)}/enabled`,
        target: ctx.target.path,
        fix: `Remove every object of ${service} from the game's targets (in the game's kustomization, a patch with $patch: delete and target.labelSelector app.kubernetes.io/name=${service}), or set services.${service}.enabled: true.`,
      });
  }
  return out;
}

interface Bounds {
  min: number;
  max: number;
  /** Where the bounds are declared, for messages. */
  from: string;
}

type ServiceSpec = NonNullable<NonNullable<GameSpec["services"]>[string]>;
type Footprints = Partial<Record<Environment, { minReplicas?: number; maxReplicas?: number }>>;

const bounds = (b: { minReplicas?: number; maxReplicas?: number } | undefined, from: string): Bounds | undefined =>
  typeof b?.minReplicas === "number" && typeof b.maxReplicas === "number" ? { min: b.minReplicas, max: b.maxReplicas, from } : undefined;

/**
 * What a service runs in an environment: in production game.yaml's bounds; elsewhere the service's own bounds for that
 * environment, else the platform's footprint for its autoscaler (a fixed replica count keeps the production bounds).
 */
function expectedBounds(service: string, declared: ServiceSpec, env: Environment, footprints: Footprints): { scaled?: Bounds; fixed?: Bounds } {
  const production = bounds(declared, `game.yaml services.${service}`);
  if (env === "production") return { scaled: production, fixed: production };
  const own = bounds(declared.environments?.[env], `game.yaml services.${service}.environments.${env}`);
  return { scaled: own ?? bounds(footprints[env], `parameters.footprints.${env} in policies/config.yaml`), fixed: own ?? production };
}

const range = (b: Bounds) => `${b.min}..${b.max}`;

/** Each enabled service's autoscaler (or fixed replica count) spans exactly the bounds declared for the environment. */
function boundsDiffer(objects: K8sObject[], game: RepoFile<GameSpec>, target: Target, footprints: Footprints): Violation[] {
  const out: Violation[] = [];
  const env = target.environment ?? "production";
  const scalers = scalersIn(objects);
  for (const [service, declared] of Object.entries(game.spec.services ?? {})) {
    if (!declared || declared.enabled === false) continue;
    const expected = expectedBounds(service, declared, env, footprints);
    if (!expected.scaled && !expected.fixed) continue;
    const workloads = workloadsOf(objects, service);
    if (workloads.length === 0) {
      out.push({
        message: `game ${game.spec.name} enables ${service} with ${range((expected.fixed ?? expected.scaled)!)} replicas, but ${target.path} renders no workload for it`,
        file: game.file,
        path: `/services/${escapePointer(service)}`,
        target: target.path,
      });
      continue;
    }
    // A canary Rollout takes over from the Deployment it references (scaled to 0): the autoscaled workload counts.
    const named = workloads.filter((w) => w.metadata?.name === service);
    const pool = named.length > 0 ? named : workloads;
    const scaler = pool.map((w) => scalerFor(w, scalers)).find((s) => s !== undefined);
    const want = expected.scaled;
    if (scaler && want && (scaler.min !== want.min || scaler.max !== want.max))
      out.push({
        object: scaler.scaler,
        message: `${scaler.scaler.kind} ${String(scaler.scaler.metadata?.name)} scales ${service} ${scaler.min}..${scaler.max}${env === "production" ? "" : ` in ${env}`}, but game ${game.spec.name} declares ${range(want)} (${want.from})`,
        path: scaler.min !== want.min ? scaler.minPointer : scaler.maxPointer,
      });
    const fixed = expected.fixed;
    if (!scaler && fixed) {
      const workload = pool.find((w) => declaredReplicas(w) > 0) ?? pool[0];
      const replicas = declaredReplicas(workload);
      if (replicas < fixed.min || replicas > fixed.max)
        out.push({
          object: workload,
          message: `${workload.kind} ${String(workload.metadata?.name)} runs ${replicas} replicas without an autoscaler${env === "production" ? "" : ` in ${env}`}, outside game ${game.spec.name}'s ${range(fixed)} (${fixed.from})`,
          path: "/spec/replicas",
        });
    }
  }
  return out;
}

/** The tier components mark the quota with their tier (gaia.tech/tier), which a footprint outside production keeps. */
function tierDiffers(objects: K8sObject[], game: RepoFile<GameSpec>, env: Environment): Violation[] {
  const fix = `Include base/components/tier-${game.spec.tier} (and no other tier component) in the game's kustomization, or change the tier in game.yaml.`;
  const marked: Violation[] = objects
    .filter((o) => o.kind === "ResourceQuota" && typeof o.metadata?.annotations?.[TIER] === "string")
    .filter((q) => q.metadata?.annotations?.[TIER] !== game.spec.tier)
    .map((q) => ({
      object: q,
      message: `ResourceQuota ${String(q.metadata?.name)} comes from tier ${String(q.metadata?.annotations?.[TIER])}, but game ${game.spec.name} declares tier ${game.spec.tier}`,
      path: `/metadata/annotations/${escapePointer(TIER)}`,
      fix,
    }));
  if (env !== "production") return marked;
  return marked.concat(sizedForDiffers(objects, game, fix));
}

function sizedForDiffers(objects: K8sObject[], game: RepoFile<GameSpec>, fix: string): Violation[] {
  return objects
    .filter((o) => o.kind === "ResourceQuota" && typeof o.metadata?.annotations?.[SIZED_FOR] === "string")
    .filter((q) => q.metadata?.annotations?.[SIZED_FOR] !== `tier-${game.spec.tier}`)
    .map((q) => ({
      object: q,
      message: `ResourceQuota ${String(q.metadata?.name)} is sized for ${String(q.metadata?.annotations?.[SIZED_FOR])}, but game ${game.spec.name} declares tier ${game.spec.tier}`,
      path: `/metadata/annotations/${escapePointer(SIZED_FOR)}`,
      fix,
    }));
}

export const rule: TargetRule = {
  id: "game-intent-matches-render",
  title: "What game.yaml declares (disabled services, replica bounds per environment, tier) is what the game's targets render",
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
    const footprints = (ctx.shared.footprints ?? {}) as Footprints;
    const out = [...tierDiffers(objects, game, ctx.target.environment ?? "production"), ...boundsDiffer(objects, game, ctx.target, footprints)];
    if (ownsGameFile(ctx, game.spec.name)) out.push(...disabledButRendered(ctx, game));
    return out;
  },
};
