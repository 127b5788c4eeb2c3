// npm run bench [-- --json] [-- --sizes 20,200,2000] [-- --plain-sizes 2000,4000] [-- --big-file] [-- --no-flow] [-- --no-plain]
// [-- --only-plain] [-- --help]: the whole pipeline against bare kustomize on synthetic repositories, measured in one run and reported as
// ratios (these machines are noisy; ratios within one run are what compare).
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { $ } from "zx";
import { writeSyntheticRepo, type SyntheticShape } from "./synthetic-repo.ts";
import { discoverTargets } from "../lib/discover/discover.ts";
import { resolveKustomize } from "../lib/kustomize/resolve.ts";
import { kustomizeBuilder } from "../lib/kustomize/build.ts";
import { runPool } from "../lib/util/pool.ts";
import { validateRepository } from "../lib/pipeline.ts";
import { allRules } from "../lib/policy/rules/index.ts";
import { SchemaValidator } from "../lib/schema/validator.ts";
import { TOOLKIT_ROOT } from "../lib/util/paths.ts";
import { measureFlow, type FlowResult } from "./flow-bench.ts";
import { measurePlain, printPlain } from "./plain-bench.ts";
import { BIG_FILE_OBJECTS, measureBigFile, printBigFile } from "./big-file-bench.ts";
import { countKustomizeProcesses, fluxStyleRun, kubeconformBinary } from "./flux-bench.ts";

interface SizeResult {
  shape: SyntheticShape;
  games: number;
  targets: number;
  objects: number;
  bareRenderSeconds: number;
  coldValidateSeconds: number;
  /** Cold validate with one kustomize process per target (--no-batch): like for like with bare kustomize. */
  noBatchColdSeconds: number;
  warmValidateSeconds: number;
  /** The render stage's own time inside a cold in-process run. */
  renderStageSeconds: number;
  schemaSeconds: number;
  policySeconds: number;
  pipelineSeconds: number;
  /** kustomize processes a cold run starts (renders, no-op probes, Argo CD sources), batched and with --no-batch. */
  kustomizeProcesses: number;
  noBatchKustomizeProcesses: number;
  /** Flux's example way (bare kustomize | kubeconform -strict per target, two at a time); undefined without kubeconform. */
  fluxStyleSeconds?: number;
  fullOverRender: number;
  noBatchOverRender: number;
  /** Flux-style time over gaia's cold validate (goal ≥ 12). */
  fluxStyleRatio?: number;
  warmOverCold: number;
  schemaObjectsPerSecond: number;
  policyShare: number;
}

const seconds = (ms: number) => Math.round(ms) / 1000;
const ratio = (a: number, b: number) => Math.round((a / b) * 1000) / 1000;

async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

async function measure(games: number, jobs: number, rounds: number, shape: SyntheticShape, kubeconform: string | undefined): Promise<SizeResult> {
  const root = mkdtempSync(join(tmpdir(), `gaia-bench-${games}-`));
  try {
    writeSyntheticRepo(root, games, shape);
    const kustomize = await resolveKustomize({ root, env: process.env });
    const build = kustomizeBuilder(kustomize);
    const targets = discoverTargets(root);
    const gaia = join(TOOLKIT_ROOT, "bin", "gaia.js");
    const cli = (env: NodeJS.ProcessEnv = process.env) =>
      $({ nothrow: true, quiet: true, env })`node ${gaia} validate --root ${root} --format json --no-progress --jobs ${jobs}`;
    // Alternating rounds, best of each: background load then hits both sides alike and one slow moment decides nothing.
    let bare = Infinity;
    let cold = Infinity;
    let warm = Infinity;
    let noBatch = Infinity;
    let flux = Infinity;
    const noBatchCli = (env: NodeJS.ProcessEnv = process.env) =>
      $({ nothrow: true, quiet: true, env })`node ${gaia} validate --root ${root} --format json --no-progress --no-cache --no-batch --jobs ${jobs}`;
    for (let round = 0; round < rounds; round++) {
      bare = Math.min(bare, await timeIt(() => runPool(targets, jobs, async (t) => void (await build(join(root, t.path))))));
      rmSync(join(root, ".cache"), { recursive: true, force: true });
      cold = Math.min(cold, await timeIt(cli));
      warm = Math.min(warm, await timeIt(cli));
      noBatch = Math.min(noBatch, await timeIt(noBatchCli));
      if (kubeconform) flux = Math.min(flux, await timeIt(() => fluxStyleRun(root, targets, kustomize, kubeconform)));
    }
    rmSync(join(root, ".cache"), { recursive: true, force: true });
    const kustomizeProcesses = await countKustomizeProcesses(kustomize, cli);
    const noBatchKustomizeProcesses = await countKustomizeProcesses(kustomize, noBatchCli);
    rmSync(join(root, ".cache"), { recursive: true, force: true });
    const inProcess = await validateRepository({
      root,
      paths: [],
      environment: "production",
      jobs,
      cache: true,
      batch: true,
      kustomizeVersion: kustomize.version,
      build,
      rules: allRules(),
      today: new Date().toISOString().slice(0, 10),
    });
    const objects = inProcess.rendered.flatMap((r) => r.objects.map((o) => o.object));
    const validator = new SchemaValidator({ root });
    const schema = await timeIt(() => Promise.resolve(objects.forEach((o) => validator.validate(o))));
    const policyRun = await validateRepository({
      root,
      paths: [],
      environment: "production",
      jobs,
      cache: true,
      batch: true,
      kustomizeVersion: kustomize.version,
      build,
      rules: allRules(),
      today: new Date().toISOString().slice(0, 10),
    });
    return {
      shape,
      games,
      targets: targets.length,
      objects: objects.length,
      bareRenderSeconds: seconds(bare),
      coldValidateSeconds: seconds(cold),
      noBatchColdSeconds: seconds(noBatch),
      warmValidateSeconds: seconds(warm),
      kustomizeProcesses,
      noBatchKustomizeProcesses,
      ...(kubeconform ? { fluxStyleSeconds: seconds(flux), fluxStyleRatio: ratio(flux, cold) } : {}),
      renderStageSeconds: seconds(inProcess.timings.render),
      schemaSeconds: seconds(schema),
      policySeconds: seconds(policyRun.timings.policy),
      pipelineSeconds: seconds(policyRun.report.summary.ms),
      fullOverRender: ratio(cold, bare),
      noBatchOverRender: ratio(noBatch, bare),
      warmOverCold: ratio(warm, cold),
      schemaObjectsPerSecond: Math.round(objects.length / (schema / 1000)),
      policyShare: ratio(policyRun.timings.policy, cold),
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const USAGE = `npm run bench [-- options]
  --sizes 20,200       synthetic repository sizes in games (2,000 is long)
  --plain-sizes 2000,4000
                       plain-manifest files of N Deployments, against kubeconform -strict
  --rounds 2           alternating rounds per figure (best of each)
  --jobs N             parallel kustomize processes (default: one per core)
  --big-file           also validate one file of ${BIG_FILE_OBJECTS} objects (about 30 MB): seconds and peak RSS
                       (goals < 60 s, < 2 GiB; JSON key bigFile)
  --no-flow            leave out the pull-request flow figures
  --no-plain           leave out the plain-manifest figures
  --only-plain         only the plain-manifest figures (and --big-file when given): no synthetic repositories
  --json               one JSON object instead of tables
  --help               this text`;

function parseArgs(argv: string[]): {
  json: boolean;
  sizes: number[];
  plainSizes: number[];
  jobs: number;
  rounds: number;
  bigFile: boolean;
  flow: boolean;
  plain: boolean;
  onlyPlain: boolean;
} {
  const plainAt = argv.indexOf("--plain-sizes");
  const sizesAt = argv.indexOf("--sizes");
  const jobsAt = argv.indexOf("--jobs");
  const roundsAt = argv.indexOf("--rounds");
  return {
    rounds: roundsAt >= 0 ? Number(argv[roundsAt + 1]) : 2,
    json: argv.includes("--json"),
    bigFile: argv.includes("--big-file"),
    flow: !argv.includes("--no-flow"),
    plain: !argv.includes("--no-plain"),
    onlyPlain: argv.includes("--only-plain"),
    sizes: sizesAt >= 0 ? argv[sizesAt + 1].split(",").map(Number) : [20, 200],
    plainSizes: plainAt >= 0 ? argv[plainAt + 1].split(",").map(Number) : [2000, 4000],
    jobs: jobsAt >= 0 ? Number(argv[jobsAt + 1]) : availableParallelism(),
  };
}

function printFlow(flow: FlowResult, small: number, large: number): void {
  console.log(`\npull-request flow (one changed game, cold cache; N=${large} over N=${small})`);
  console.log(`  validate --changed-since        ${flow.prFlatness.toFixed(3)}   (goal ≤ 1.3)`);
  console.log(`  diff --since                    ${flow.diffFlatness.toFixed(3)}   (goal ≤ 1.3)`);
  console.log(`  2 shards in turn / 1 full run   ${flow.shardSpeedup.toFixed(3)}   (goal ≤ 1.15; N=${large}, each cold)`);
}

function printTable(results: SizeResult[], jobs: number): void {
  console.log(`gaia validate benchmark (${jobs} jobs; synthetic repo: N games × 3 environments + 3 overlays; best of alternating rounds)`);
  for (const r of results) {
    console.log(`\nN=${r.games}, ${r.shape} shape: ${r.targets} targets, ${r.objects} objects`);
    console.log(`  bare kustomize, one process per target, parallel  ${r.bareRenderSeconds.toFixed(2)} s`);
    console.log(`  gaia validate, cold (empty cache)                 ${r.coldValidateSeconds.toFixed(2)} s`);
    console.log(`  gaia validate, warm (no change)                   ${r.warmValidateSeconds.toFixed(2)} s`);
    console.log(`  gaia validate --no-batch, cold                    ${r.noBatchColdSeconds.toFixed(2)} s`);
    console.log(`  render stage inside the cold validate             ${r.renderStageSeconds.toFixed(2)} s`);
    console.log(`  kustomize processes, cold / cold --no-batch       ${r.kustomizeProcesses} / ${r.noBatchKustomizeProcesses}`);
    if (r.fluxStyleSeconds !== undefined) console.log(`  Flux-style: kustomize | kubeconform -strict, 2 at a time ${r.fluxStyleSeconds.toFixed(2)} s`);
    console.log(`  full validate / bare render   ${r.fullOverRender.toFixed(3)}   (goal ≤ 0.5 at N=20, ≤ 0.4 at N=200)`);
    console.log(`  --no-batch / bare render      ${r.noBatchOverRender.toFixed(3)}   (like for like)`);
    console.log(`  warm / cold                   ${r.warmOverCold.toFixed(3)}   (goal ≤ 0.1)`);
    if (r.fluxStyleRatio !== undefined) console.log(`  fluxStyleRatio                ${r.fluxStyleRatio.toFixed(3)}   (goal ≥ 12)`);
    else console.log(`  fluxStyleRatio                not measured (kubeconform not found)`);
    console.log(`  schema stage alone            ${r.schemaObjectsPerSecond} objects/s`);
    console.log(`  policy engine / cold validate ${r.policyShare.toFixed(3)}   (goal ≤ 0.2; ${r.policySeconds.toFixed(2)} s)`);
  }
}

if (process.argv.includes("--help")) {
  console.log(USAGE);
  process.exit(0);
}
const args = parseArgs(process.argv.slice(2));
// The CLI rebuilds its bundle after a source change; do that before anything is timed.
await $({ nothrow: true, quiet: true })`node ${join(TOOLKIT_ROOT, "bin", "gaia.js")} --help`;
const results: SizeResult[] = [];
const kubeconform = kubeconformBinary();
const sizes = args.onlyPlain ? [] : args.sizes;
for (const n of sizes) for (const shape of ["template", "namespaced"] as const) results.push(await measure(n, args.jobs, args.rounds, shape, kubeconform));
const [small, large] = [Math.min(...args.sizes), Math.max(...args.sizes)];
const flow = args.flow && !args.onlyPlain ? await measureFlow(small, large, args.jobs) : undefined;
const plain = args.plain || args.onlyPlain ? await measurePlain(args.plainSizes, args.rounds) : undefined;
const bigFile = args.bigFile ? await measureBigFile() : undefined;
if (args.json) {
  const [first] = results;
  console.log(JSON.stringify({ ...first, jobs: args.jobs, bySize: results, ...flow, plain, ...(bigFile ? { bigFile } : {}) }));
} else {
  if (results.length > 0) printTable(results, args.jobs);
  if (flow) printFlow(flow, small, large);
  if (plain) printPlain(plain);
  if (bigFile) printBigFile(bigFile);
}
