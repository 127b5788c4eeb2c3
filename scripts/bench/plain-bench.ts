// Plain-manifest figures for `npm run bench`: one file of N Deployments validated by gaia (every check on, cold) and by
// the real kubeconform -strict with the same schemas, measured in alternating rounds (best of each) in one run.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { $ } from "zx";
import { plainDeployments } from "./plain-manifests.ts";
import { kubeconformBinary } from "./flux-bench.ts";
import { kubeconformArgs } from "../lib/schema/kubeconform.ts";
import { KUBERNETES_VERSION } from "../lib/schema/kubernetes-schemas.ts";
import { TOOLKIT_ROOT } from "../lib/util/paths.ts";

export interface PlainResult {
  objects: number;
  gaiaSeconds: number;
  /** Peak resident set of the gaia process in MiB (undefined where GNU time is not installed). */
  gaiaPeakRssMiB?: number;
  kubeconformSeconds?: number;
}

export interface PlainFigures {
  bySize: PlainResult[];
  /** gaia over kubeconform -strict on the largest size (goal ≤ 2.0); undefined when kubeconform is absent. */
  plainVsKubeconform?: number;
  /** Time for the largest size over the time for half of it (goal ≤ 2.2 for a doubling). */
  plainScaling?: number;
}

const GNU_TIME = "/usr/bin/time";

async function timed(cmd: string[]): Promise<{ ms: number; rssMiB?: number; stdout: string }> {
  const withTime = existsSync(GNU_TIME);
  const argv = withTime ? [GNU_TIME, "-f", "gaia-bench-rss %M", ...cmd] : cmd;
  const started = performance.now();
  const run = await $({ nothrow: true, quiet: true })`${argv}`;
  const ms = performance.now() - started;
  const rss = /gaia-bench-rss (\d+)/.exec(run.stderr)?.[1];
  return { ms, stdout: run.stdout, ...(rss ? { rssMiB: Math.round(Number(rss) / 1024) } : {}) };
}

const seconds = (ms: number) => Math.round(ms) / 1000;
const ratio = (a: number, b: number) => Math.round((a / b) * 1000) / 1000;

/** A timing only counts when gaia really validated every object of the file. */
function assertValidatedAll(stdout: string, objects: number): void {
  let checked: unknown;
  try {
    checked = (JSON.parse(stdout) as { summary?: { objects?: unknown } }).summary?.objects;
  } catch {
    checked = undefined;
  }
  if (checked !== objects) throw new Error(`bench: gaia validated ${String(checked)} of ${objects} objects; the plain-manifest figure would be meaningless`);
}

/** Measures one file of each size (sorted ascending); the scaling figure compares the two largest sizes. */
export async function measurePlain(sizes: number[], rounds: number): Promise<PlainFigures> {
  // Inside the repository: gaia refuses to read files outside the root it validates.
  mkdirSync(join(TOOLKIT_ROOT, ".cache"), { recursive: true });
  const dir = mkdtempSync(join(TOOLKIT_ROOT, ".cache", "bench-plain-"));
  const kubeconform = kubeconformBinary();
  try {
    const bySize: PlainResult[] = [];
    for (const n of [...sizes].sort((a, b) => a - b)) {
      const file = join(dir, `deployments-${n}.yaml`);
      writeFileSync(file, plainDeployments(n));
      const gaia = ["node", join(TOOLKIT_ROOT, "bin", "gaia.js"), "validate", "--root", TOOLKIT_ROOT, file, "--format", "json", "--no-progress", "--no-cache"];
      let best = { ms: Infinity } as { ms: number; rssMiB?: number };
      let kc = Infinity;
      for (let round = 0; round < rounds; round++) {
        const g = await timed(gaia);
        assertValidatedAll(g.stdout, n);
        if (g.ms < best.ms) best = g;
        if (kubeconform) kc = Math.min(kc, (await timed([kubeconform, ...kubeconformArgs(TOOLKIT_ROOT, KUBERNETES_VERSION, file)])).ms);
      }
      bySize.push({
        objects: n,
        gaiaSeconds: seconds(best.ms),
        ...(best.rssMiB !== undefined ? { gaiaPeakRssMiB: best.rssMiB } : {}),
        ...(kubeconform ? { kubeconformSeconds: seconds(kc) } : {}),
      });
    }
    const last = bySize[bySize.length - 1];
    const before = bySize[bySize.length - 2];
    return {
      bySize,
      ...(last?.kubeconformSeconds ? { plainVsKubeconform: ratio(last.gaiaSeconds, last.kubeconformSeconds) } : {}),
      ...(before ? { plainScaling: ratio(last.gaiaSeconds, before.gaiaSeconds) } : {}),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printPlain(figures: PlainFigures): void {
  console.log(`\nplain manifests: one file of N Deployments, gaia with every check (cold) against kubeconform -strict, same schemas`);
  for (const r of figures.bySize) {
    const kc = r.kubeconformSeconds !== undefined ? `, kubeconform ${r.kubeconformSeconds.toFixed(2)} s` : ", kubeconform not found";
    const rss = r.gaiaPeakRssMiB !== undefined ? `, peak RSS ${r.gaiaPeakRssMiB} MiB` : "";
    console.log(`  ${String(r.objects).padStart(6)} objects: gaia ${r.gaiaSeconds.toFixed(2)} s${rss}${kc}`);
  }
  if (figures.plainVsKubeconform !== undefined) console.log(`  plainVsKubeconform  ${figures.plainVsKubeconform.toFixed(3)}   (goal ≤ 2.0)`);
  if (figures.plainScaling !== undefined) console.log(`  plainScaling        ${figures.plainScaling.toFixed(3)}   (goal ≤ 2.2 for double the objects)`);
}
