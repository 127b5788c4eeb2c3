// The monthly cost of rendered targets at their autoscalers' maxima: requests × hours × the price table of
// policies/config.yaml (`parameters.prices`). Pure: targets and prices in, rows and totals out.
import type { K8sObject, RenderedTarget } from "../types.ts";
import { demands, type Demand } from "../policy/k8s/demand.ts";
import { GPU_RESOURCE } from "../policy/k8s/pod-resources.ts";
import { isLongRunning, labelsOf } from "../policy/k8s/workloads.ts";
import { UsageError } from "../util/errors.ts";

export interface Prices {
  cpuCoreHour: number;
  memoryGiBHour: number;
  gpuHour: number;
  storageGiBMonth: number;
  hoursPerMonth: number;
}

export const PRICE_KEYS: readonly (keyof Prices)[] = ["cpuCoreHour", "memoryGiBHour", "gpuHour", "storageGiBMonth", "hoursPerMonth"];

/** What the cost model reads from one rendered target. */
export interface CostTarget {
  game?: string;
  environment?: string;
  objects: K8sObject[];
}

export interface CostRow {
  game: string;
  environment: string;
  service: string;
  /** Pods at the autoscalers' maxima, summed over the service's workloads. */
  replicas: number;
  /** Requested cores at max replicas. */
  cpu: number;
  memoryGiB: number;
  gpu: number;
  storageGiB: number;
  monthlyUSD: number;
}

export const PLATFORM = "(platform)";

/** The rendered targets `gaia cost` prices: every game target (or one game's), plus the platform overlays if asked. */
export function costTargets(rendered: RenderedTarget[], options: { game?: string; includeOverlays?: boolean } = {}): CostTarget[] {
  return rendered
    .filter((r) => r.status === "ok")
    .filter(
      (r) =>
        (r.target.kind === "game" && (!options.game || r.target.game === options.game)) ||
        (options.includeOverlays && !options.game && r.target.kind === "overlay"),
    )
    .map((r) => ({ game: r.target.game, environment: r.target.environment, objects: r.objects.map((lo) => lo.object) }));
}
const GIB = 2 ** 30;
const ENV_ORDER = ["development", "staging", "production"];

/** Environments in promotion order (development, staging, production), others after them alphabetically. */
function compareEnvironments(a: string, b: string): number {
  const rank = (e: string) => (ENV_ORDER.includes(e) ? ENV_ORDER.indexOf(e) : ENV_ORDER.length);
  return rank(a) - rank(b) || a.localeCompare(b);
}

/** Validates `parameters.prices`; returns the problems found (empty when usable). */
export function priceProblems(raw: unknown): string[] {
  if (!raw || typeof raw !== "object") return ["parameters.prices is missing"];
  const p = raw as Record<string, unknown>;
  return PRICE_KEYS.filter((k) => typeof p[k] !== "number" || !Number.isFinite(p[k]) || p[k] < 0).map(
    (k) => `parameters.prices.${k} must be a non-negative number (got ${JSON.stringify(p[k])})`,
  );
}

export function asPrices(raw: unknown): Prices {
  const problems = priceProblems(raw);
  if (problems.length > 0) throw new UsageError(problems.join("; "));
  return raw as Prices;
}

/** The service a workload belongs to: its pods' app.kubernetes.io/name label, else its own, else its name. */
export function serviceOf(object: K8sObject): string {
  const template = (object as any).spec?.template?.metadata?.labels ?? (object as any).spec?.jobTemplate?.spec?.template?.metadata?.labels ?? {};
  return template["app.kubernetes.io/name"] ?? labelsOf(object)["app.kubernetes.io/name"] ?? object.metadata?.name ?? "(unnamed)";
}

export function monthlyCost(row: Pick<CostRow, "cpu" | "memoryGiB" | "gpu" | "storageGiB">, prices: Prices): number {
  const hourly = row.cpu * prices.cpuCoreHour + row.memoryGiB * prices.memoryGiBHour + row.gpu * prices.gpuHour;
  return hourly * prices.hoursPerMonth + row.storageGiB * prices.storageGiBMonth;
}

// Jobs and CronJobs run for an unknown share of the month, so they are left out rather than priced as always-on.
function counted(d: Demand): boolean {
  return d.claimOnly || isLongRunning(d.object.kind);
}

/** What one service of a target requests at its autoscalers' maxima (a cost row before pricing). */
export type ServiceDemand = Pick<CostRow, "service" | "replicas" | "cpu" | "memoryGiB" | "gpu" | "storageGiB">;

/** One entry per service of the objects (long-running workloads and claims), in first-seen order. */
export function serviceDemands(objects: K8sObject[]): ServiceDemand[] {
  const rows = new Map<string, ServiceDemand>();
  for (const d of demands(objects).filter(counted)) {
    const service = serviceOf(d.object);
    const row = rows.get(service) ?? { service, replicas: 0, cpu: 0, memoryGiB: 0, gpu: 0, storageGiB: 0 };
    row.replicas += d.claimOnly ? 0 : d.replicas;
    row.cpu += d.replicas * d.perPod.requests.cpu;
    row.memoryGiB += (d.replicas * d.perPod.requests.memory) / GIB;
    row.gpu += d.replicas * d.perPod.requests[GPU_RESOURCE];
    row.storageGiB += (d.replicas * d.storagePerReplica) / GIB;
    rows.set(service, row);
  }
  return [...rows.values()];
}

/** Priced rows from per-target service demands: one row per game, environment and service, sorted. */
export function pricedRows(targets: Array<{ game?: string; environment?: string; demand: ServiceDemand[] }>, prices: Prices): CostRow[] {
  const rows = new Map<string, CostRow>();
  for (const t of targets) {
    const game = t.game ?? PLATFORM;
    const environment = t.environment ?? "-";
    for (const d of t.demand) {
      const key = JSON.stringify([game, environment, d.service]);
      const row = rows.get(key) ?? { game, environment, service: d.service, replicas: 0, cpu: 0, memoryGiB: 0, gpu: 0, storageGiB: 0, monthlyUSD: 0 };
      row.replicas += d.replicas;
      row.cpu += d.cpu;
      row.memoryGiB += d.memoryGiB;
      row.gpu += d.gpu;
      row.storageGiB += d.storageGiB;
      rows.set(key, row);
    }
  }
  const out = [...rows.values()].map((r) => ({ ...r, monthlyUSD: monthlyCost(r, prices) }));
  return out.sort((a, b) => a.game.localeCompare(b.game) || compareEnvironments(a.environment, b.environment) || a.service.localeCompare(b.service));
}

/** One row per game, environment and service, sorted; costs at the autoscalers' maxima. */
export function costRows(targets: CostTarget[], prices: Prices): CostRow[] {
  return pricedRows(
    targets.map((t) => ({ game: t.game, environment: t.environment, demand: serviceDemands(t.objects) })),
    prices,
  );
}

export type CostTotal = Omit<CostRow, "service" | "game" | "environment">;

export function sumRows(rows: CostRow[]): CostTotal {
  const total: CostTotal = { replicas: 0, cpu: 0, memoryGiB: 0, gpu: 0, storageGiB: 0, monthlyUSD: 0 };
  for (const r of rows) for (const k of Object.keys(total) as (keyof CostTotal)[]) total[k] += r[k];
  return total;
}

/** Totals per game and environment, sorted. */
export function totalsByGameAndEnvironment(rows: CostRow[]): Array<{ game: string; environment: string } & CostTotal> {
  const groups = new Map<string, CostRow[]>();
  for (const r of rows) {
    const key = JSON.stringify([r.game, r.environment]);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.entries()]
    .map(([key, list]) => {
      const [game, environment] = JSON.parse(key) as [string, string];
      return { game, environment, ...sumRows(list) };
    })
    .sort((a, b) => a.game.localeCompare(b.game) || compareEnvironments(a.environment, b.environment));
}
