// `npm run bench:gate-engine [-- --json] [-- --duration 10 --connections 50]`
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { formatFigures, runBenchmark } from "./run-bench.ts";

const program = new Command("bench-gate-engine")
  .description("Load-test POST /compute on the 3-layer example network against a node:http hello-world")
  .option("--json", "print the figures as one JSON object")
  .option("--duration <seconds>", "measured seconds per target", "10")
  .option("--warmup <seconds>", "warm-up seconds per target", "2")
  .option("--connections <n>", "concurrent connections", "50");

async function main(): Promise<void> {
  program.parse();
  const opts = program.opts<{ json?: boolean; duration: string; warmup: string; connections: string }>();
  const figures = await runBenchmark({
    connections: Number(opts.connections),
    durationSec: Number(opts.duration),
    warmupSec: Number(opts.warmup),
    network: "text-processor",
    inputs: [1, 0, 1],
    manifestsDir: fileURLToPath(new URL("../../base/gate-engine", import.meta.url)),
  });
  console.log(opts.json ? JSON.stringify(figures) : formatFigures(figures));
}

main().catch((err: Error) => {
  console.error(`bench-gate-engine: ${err.message}`);
  process.exit(1);
});
