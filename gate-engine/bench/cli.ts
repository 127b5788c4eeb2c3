// Command line of the benchmark: options in, printed figures out.
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { deploymentNodeOptions } from "./node-options.ts";
import { formatFigures, runBenchmark } from "./run-bench.ts";
import { formatSoak, runSoak } from "./soak.ts";

export const EXAMPLE_MANIFESTS = fileURLToPath(new URL("../../base/gate-engine", import.meta.url));
export const DEPLOYMENT = fileURLToPath(new URL("../../base/gate-engine/deployment.yaml", import.meta.url));

/** Warm-up seconds when --warmup is not given: a soak's warm-up must reach the steady state (see README). */
export const DEFAULT_WARMUP_SEC = 2;
export const DEFAULT_SOAK_WARMUP_SEC = 60;

/** Runs the benchmark for `argv` (user arguments only) and returns what to print. */
export async function benchCli(argv: string[], serversBundle?: string): Promise<string> {
  const program = new Command("bench-gate-engine")
    .description("Load-test POST /compute on the 3-layer example network against a node:http hello-world")
    .option("--json", "print the figures as one JSON object")
    .option("--duration <seconds>", "measured seconds per target", "10")
    .option("--warmup <seconds>", `warm-up seconds per target (default: ${DEFAULT_WARMUP_SEC}, with --soak ${DEFAULT_SOAK_WARMUP_SEC})`)
    .option("--connections <n>", "concurrent connections", "50")
    .option("--rounds <n>", "alternating turns per target", "5")
    .option(
      "--soak <seconds>",
      "instead: load the service this long, swapping its networks twice a second, after a warm-up doing the same; report RSS growth, heap after GC and requests lost",
    )
    .exitOverride();
  program.parse(argv, { from: "user" });
  const opts = program.opts<{ json?: boolean; duration: string; warmup?: string; connections: string; rounds: string; soak?: string }>();
  const numbers = {
    duration: Number(opts.duration),
    warmup: Number(opts.warmup ?? (opts.soak === undefined ? DEFAULT_WARMUP_SEC : DEFAULT_SOAK_WARMUP_SEC)),
    connections: Number(opts.connections),
    rounds: Number(opts.rounds),
    soak: Number(opts.soak ?? 1),
  };
  for (const [name, value] of Object.entries(numbers)) {
    if (!Number.isFinite(value) || value < 0 || (name !== "warmup" && value === 0)) throw new Error(`--${name} must be a positive number`);
  }
  const nodeOptions = await deploymentNodeOptions(DEPLOYMENT);
  if (opts.soak !== undefined) {
    const soak = await runSoak({
      soakSec: numbers.soak,
      warmupSec: numbers.warmup,
      connections: numbers.connections,
      network: "text-processor",
      inputs: [1, 0, 1],
      manifestsDir: EXAMPLE_MANIFESTS,
      serversBundle,
      nodeOptions,
    });
    return opts.json ? JSON.stringify(soak) : formatSoak(soak);
  }
  const figures = await runBenchmark({
    connections: numbers.connections,
    durationSec: numbers.duration,
    warmupSec: numbers.warmup,
    rounds: numbers.rounds,
    network: "text-processor",
    inputs: [1, 0, 1],
    manifestsDir: EXAMPLE_MANIFESTS,
    serversBundle,
    nodeOptions,
  });
  return opts.json ? JSON.stringify(figures) : formatFigures(figures);
}
