// Measures /compute on a 3-layer network against a bare node:http hello-world, in the same run. The two targets
// take turns in short rounds, so that load from other processes on the machine weighs on both alike.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { bundleService } from "../../scripts/image/bundle.ts";

type Result = Awaited<ReturnType<typeof autocannon>>;

export interface BenchOptions {
  connections: number;
  durationSec: number;
  warmupSec: number;
  /** Turns each target gets; the measured time is split evenly over them. */
  rounds: number;
  network: string;
  inputs: number[];
  manifestsDir: string;
  /** A bundle of servers.ts made earlier (see bundleBenchServers); made afresh when absent. */
  serversBundle?: string;
  /** Node options both servers run with (those the Deployment sets, see deploymentNodeOptions). */
  nodeOptions?: readonly string[];
}

export interface BenchFigures {
  ratio: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  baselineReqPerSec: number;
  baselineP50Ms: number;
  baselineP99Ms: number;
  connections: number;
  durationSec: number;
  rounds: number;
  errors: number;
  /** The Node options both servers ran with. */
  nodeOptions: string;
}

/** One target's rounds combined: req/s over the whole time, p50 weighted by requests, p99 the worst round's. */
export interface Combined {
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

const SERVERS = fileURLToPath(new URL("./servers.ts", import.meta.url));

export interface BenchServer {
  child: ChildProcess;
  port: number;
  /** Everything the server printed on stdout so far. */
  output(): string;
}

/** Starts one benchmark server (`kind`: baseline or gate-engine) under plain node with `nodeOptions` (V8 and Node flags). */
export async function startServer(bundle: string, kind: string, manifestsDir: string, nodeOptions: readonly string[] = []): Promise<BenchServer> {
  const child = spawn(process.execPath, [...nodeOptions, bundle, kind], {
    env: { ...process.env, GATE_ENGINE_MANIFESTS: manifestsDir },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  const deadline = Date.now() + 30_000;
  while (!/port (\d+)/.test(out)) {
    if (child.exitCode !== null) throw new Error(`benchmark server ${kind} exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error(`benchmark server ${kind} did not start within 30 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, port: Number(/port (\d+)/.exec(out)?.[1]), output: () => out };
}

export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  await once(child, "exit");
}

export async function load(url: string, connections: number, seconds: number, body?: string): Promise<Result> {
  const request = body === undefined ? { url } : { url, method: "POST", body, headers: { "content-type": "application/json" } };
  return autocannon({ ...request, connections, duration: seconds });
}

export function combineRounds(results: readonly Result[], secondsPerRound: number): Combined {
  const total = results.reduce((sum, r) => sum + r.requests.total, 0);
  return {
    reqPerSec: total / (secondsPerRound * results.length),
    p50Ms: total === 0 ? 0 : results.reduce((sum, r) => sum + r.latency.p50 * r.requests.total, 0) / total,
    p99Ms: Math.max(...results.map((r) => r.latency.p99)),
    errors: results.reduce((sum, r) => sum + r.errors + r.timeouts + r.non2xx, 0),
  };
}

export const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;

/** Both targets run from one esbuild bundle under plain node, as the service runs in its image. */
export async function bundleBenchServers(outfile: string): Promise<string> {
  await bundleService(SERVERS, outfile);
  return outfile;
}

async function measureBoth(bundle: string, options: BenchOptions): Promise<[Result[], Result[], number]> {
  // Both servers start before any load, so a server that cannot start fails the run at once.
  const service = await startServer(bundle, "gate-engine", options.manifestsDir, options.nodeOptions);
  try {
    const baseline = await startServer(bundle, "baseline", options.manifestsDir, options.nodeOptions);
    try {
      // The same request to both: the hello-world reads the POST body and answers, the service computes the network.
      const body = JSON.stringify({ inputs: options.inputs });
      const targets: [string, string | undefined][] = [
        [`http://127.0.0.1:${baseline.port}/compute/${options.network}`, body],
        [`http://127.0.0.1:${service.port}/compute/${options.network}`, body],
      ];
      if (options.warmupSec > 0) for (const [url, body] of targets) await load(url, options.connections, options.warmupSec, body);
      const rounds = Math.max(1, Math.min(options.rounds, Math.floor(options.durationSec)));
      const seconds = options.durationSec / rounds;
      const results: [Result[], Result[]] = [[], []];
      for (let i = 0; i < rounds; i++) {
        for (const [t, [url, body]] of targets.entries()) results[t].push(await load(url, options.connections, seconds, body));
      }
      return [...results, seconds];
    } finally {
      await stopServer(baseline.child);
    }
  } finally {
    await stopServer(service.child);
  }
}

export async function runBenchmark(options: BenchOptions): Promise<BenchFigures> {
  let measured: [Result[], Result[], number];
  if (options.serversBundle) measured = await measureBoth(options.serversBundle, options);
  else {
    const dir = await mkdtemp(join(tmpdir(), "gate-engine-bench-"));
    try {
      measured = await measureBoth(await bundleBenchServers(join(dir, "servers.mjs")), options);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  const [baselineRounds, serviceRounds, seconds] = measured;
  const baseline = combineRounds(baselineRounds, seconds);
  const service = combineRounds(serviceRounds, seconds);
  return {
    ratio: round(service.reqPerSec / baseline.reqPerSec, 3),
    reqPerSec: round(service.reqPerSec, 0),
    p50Ms: round(service.p50Ms),
    p99Ms: round(service.p99Ms),
    baselineReqPerSec: round(baseline.reqPerSec, 0),
    baselineP50Ms: round(baseline.p50Ms),
    baselineP99Ms: round(baseline.p99Ms),
    connections: options.connections,
    durationSec: options.durationSec,
    rounds: serviceRounds.length,
    errors: service.errors + baseline.errors,
    nodeOptions: (options.nodeOptions ?? []).join(" "),
  };
}

export function formatFigures(f: BenchFigures): string {
  return [
    `gate engine /compute: ${f.reqPerSec} req/s, p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms`,
    `node:http hello-world: ${f.baselineReqPerSec} req/s, p50 ${f.baselineP50Ms} ms, p99 ${f.baselineP99Ms} ms`,
    `ratio ${f.ratio} (goal ≥ 0.7), p99 ${f.p99Ms} ms (goal < 10 ms) at ${f.connections} connections, ${f.durationSec} s each in ${f.rounds} alternating rounds, ${f.errors} errors`,
  ].join("\n");
}
