// Per-target summaries: the few facts of a rendered target that the repository-wide rules read (quota totals,
// autoscaled workloads, service demand, Argo CD deployers). Every run makes them as targets are checked; a sharded run
// writes its own targets' summaries into its JSON report, and `gaia report merge` runs the repository-wide rules over
// the union, so no shard renders another shard's targets and the merged report equals the unsharded one.
import type { LocatedObject, ObjectRef, RenderedTarget, SourceLocation, Target } from "../types.ts";
import { objectRef } from "../types.ts";
import { serviceDemands, type ServiceDemand } from "../cost/model.ts";
import { deployerOf, sourcePathPattern } from "./k8s/argocd.ts";
import { parseQuantity } from "./k8s/quantity.ts";
import { groupOf, SCALABLE_KINDS, scalerFor, scalersIn } from "./k8s/scaling.ts";
import { IGNORE_ANNOTATION } from "./ignore.ts";

export type CapacityKey = "cpu" | "memory" | "pods" | "gpu";
export type Totals = Record<CapacityKey, number>;

/** ResourceQuota `hard` keys counted per capacity, first present wins. */
export const QUOTA_HARD_KEYS: Record<CapacityKey, string[]> = {
  cpu: ["requests.cpu", "cpu"],
  memory: ["requests.memory", "memory"],
  pods: ["pods"],
  gpu: ["requests.nvidia.com/gpu"],
};

/** A rendered object a repository-wide rule may report on, with its sources located while the target was at hand. */
export interface ObjectFacts {
  ref: ObjectRef;
  /** The target it was rendered in. */
  target: string;
  /** The object's gaia.tech/ignore annotation, if any. */
  ignore?: string;
  /** JSON pointer → where that field is written; "" is the object itself. */
  sources: Record<string, SourceLocation>;
}

export interface WorkloadFacts {
  group: string;
  kind: string;
  name: string;
  namespace?: string;
}

/** An Argo CD Application (or ApplicationSet template) of a cluster target. */
export interface DeployerFacts {
  object: ObjectFacts;
  /** Pointer of the Application spec inside the object. */
  base: string;
  /** Source paths as written (ApplicationSet placeholders included). */
  sourcePaths: string[];
  ignoreDifferences: unknown[];
  hasSyncPolicy: boolean;
  syncOptions?: unknown[];
}

export interface TargetFacts {
  target: Target;
  status: "ok" | "failed";
  /** Σ of the target's unscoped ResourceQuotas; absent when it has none. */
  quota?: Totals;
  /** Workloads an autoscaler in the target scales. */
  autoscaled: WorkloadFacts[];
  /** Game targets: what each service requests at its autoscalers' maxima (priced by the budget rule). */
  demand: ServiceDemand[];
  /** Cluster targets: their Argo CD Applications and ApplicationSets. */
  deployers: DeployerFacts[];
}

type Locate = (lo: LocatedObject, pointer: string) => SourceLocation;

function quotaTotals(rt: RenderedTarget): Totals | undefined {
  const quotas = rt.objects.map((lo) => lo.object as any).filter((o) => o.kind === "ResourceQuota" && !o.spec?.scopes?.length && !o.spec?.scopeSelector);
  if (quotas.length === 0) return undefined;
  const totals: Totals = { cpu: 0, memory: 0, pods: 0, gpu: 0 };
  for (const q of quotas) {
    const hard = (q.spec?.hard ?? {}) as Record<string, unknown>;
    for (const key of Object.keys(totals) as CapacityKey[])
      totals[key] += parseQuantity(QUOTA_HARD_KEYS[key].map((h) => hard[h]).find((v) => v !== undefined)) ?? 0;
  }
  return totals;
}

function autoscaled(rt: RenderedTarget): WorkloadFacts[] {
  const objects = rt.objects.map((lo) => lo.object);
  const scalers = scalersIn(objects);
  if (scalers.length === 0) return [];
  return objects
    .filter((w) => SCALABLE_KINDS.includes(w.kind) && scalerFor(w, scalers))
    .map((w) => ({
      group: groupOf(w.apiVersion),
      kind: w.kind,
      name: String(w.metadata?.name ?? ""),
      ...(w.metadata?.namespace ? { namespace: String(w.metadata.namespace) } : {}),
    }));
}

function deployers(rt: RenderedTarget, locate: Locate): DeployerFacts[] {
  const out: DeployerFacts[] = [];
  for (const lo of rt.objects) {
    const d = deployerOf(lo.object);
    if (!d || d.paths.length === 0) continue;
    const pointers = [d.base];
    if (d.spec.ignoreDifferences) pointers.push(`${d.base}/ignoreDifferences`);
    if (d.spec.syncPolicy) pointers.push(`${d.base}/syncPolicy`);
    if (d.spec.syncPolicy?.syncOptions) pointers.push(`${d.base}/syncPolicy/syncOptions`);
    const ignore = lo.object.metadata?.annotations?.[IGNORE_ANNOTATION];
    out.push({
      object: {
        ref: objectRef(lo.object),
        target: rt.target.path,
        ...(typeof ignore === "string" ? { ignore } : {}),
        sources: Object.fromEntries(pointers.map((p) => [p, locate(lo, p)])),
      },
      base: d.base,
      sourcePaths: d.sourcePaths,
      ignoreDifferences: Array.isArray(d.spec.ignoreDifferences) ? d.spec.ignoreDifferences : [],
      hasSyncPolicy: !!d.spec.syncPolicy,
      ...(d.spec.syncPolicy?.syncOptions !== undefined ? { syncOptions: d.spec.syncPolicy.syncOptions } : {}),
    });
  }
  return out;
}

/** The summary of one target; `locate` finds the lines a repository-wide finding about a deployer may point at. */
export function summariseTarget(rt: RenderedTarget, locate: Locate): TargetFacts {
  const facts: TargetFacts = { target: rt.target, status: rt.status, autoscaled: [], demand: [], deployers: [] };
  if (rt.status !== "ok") return facts;
  const kind = rt.target.kind;
  if (kind === "game" || kind === "overlay") {
    const quota = quotaTotals(rt);
    if (quota) facts.quota = quota;
    facts.autoscaled = autoscaled(rt);
  }
  if (kind === "game") facts.demand = serviceDemands(rt.objects.map((lo) => lo.object));
  if (kind === "cluster") facts.deployers = deployers(rt, locate);
  return facts;
}

const patterns = new WeakMap<DeployerFacts, RegExp[]>();

/** Whether the deployer's sources include the target path. */
export function deploysTarget(d: DeployerFacts, targetPath: string): boolean {
  let list = patterns.get(d);
  if (!list) patterns.set(d, (list = d.sourcePaths.map(sourcePathPattern)));
  return list.some((re) => re.test(targetPath));
}

/** The deployers of the summaries' cluster targets. */
export const deployersOf = (summaries: readonly TargetFacts[]): DeployerFacts[] => summaries.flatMap((s) => s.deployers);
