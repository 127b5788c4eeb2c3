// Measures /compute on a 3-layer network against a bare node:http hello-world, in the same run.
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
  network: string;
  inputs: number[];
  manifestsDir: string;
  /** A bundle of servers.ts made earlier (see bundleBenchServers); made afresh when absent. */
  serversBundle?: string;
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
  errors: number;
}

const SERVERS = fileURLToPath(new URL("./servers.ts", import.meta.url));

export async function startServer(bundle: string, kind: string, manifestsDir: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [bundle, kind], {
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
  return { child, port: Number(/port (\d+)/.exec(out)?.[1]) };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill("SIGTERM");
  await once(child, "exit");
}

async function load(url: string, options: BenchOptions, body?: string): Promise<Result> {
  const request = body === undefined ? { url } : { url, method: "POST", body, headers: { "content-type": "application/json" } };
  if (options.warmupSec > 0) await autocannon({ ...request, connections: options.connections, duration: options.warmupSec });
  return autocannon({ ...request, connections: options.connections, duration: options.durationSec });
}


const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;

/** Both targets run from one esbuild bundle under plain node, as the service runs in its image. */
export async function bundleBenchServers(outfile: string): Promise<string> {
  await bundleService(SERVERS, outfile);
  return outfile;
}

async function measureBoth(bundle: string, options: BenchOptions): Promise<[Result, Result]> {
  // Both servers start before any load, so a server that cannot start fails the run at once.
  const service = await startServer(bundle, "gate-engine", options.manifestsDir);
  try {
    const baseline = await startServer(bundle, "baseline", options.manifestsDir);
    try {
      const base = await load(`http://127.0.0.1:${baseline.port}/`, options);
      const body = JSON.stringify({ inputs: options.inputs });
      return [base, await load(`http://127.0.0.1:${service.port}/compute/${options.network}`, options, body)];
    } finally {
      await stopServer(baseline.child);
    }
  } finally {
    await stopServer(service.child);
  }
}

export async function runBenchmark(options: BenchOptions): Promise<BenchFigures> {
  let baseline: Result;
  let service: Result;
  if (options.serversBundle) [baseline, service] = await measureBoth(options.serversBundle, options);
  else {
    const dir = await mkdtemp(join(tmpdir(), "gate-engine-bench-"));
    try {
      [baseline, service] = await measureBoth(await bundleBenchServers(join(dir, "servers.mjs")), options);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  const errors = service.errors + service.timeouts + service.non2xx + baseline.errors + baseline.timeouts + baseline.non2xx;
  return {
    ratio: round(service.requests.average / baseline.requests.average, 3),
    reqPerSec: round(service.requests.average, 0),
    p50Ms: round(service.latency.p50),
    p99Ms: round(service.latency.p99),
    baselineReqPerSec: round(baseline.requests.average, 0),
    baselineP50Ms: round(baseline.latency.p50),
    baselineP99Ms: round(baseline.latency.p99),
    connections: options.connections,
    durationSec: options.durationSec,
    errors,
  };
}

export function formatFigures(f: BenchFigures): string {
  return [
    `gate engine /compute: ${f.reqPerSec} req/s, p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms`,
    `node:http hello-world: ${f.baselineReqPerSec} req/s, p50 ${f.baselineP50Ms} ms, p99 ${f.baselineP99Ms} ms`,
    `ratio ${f.ratio} (goal ≥ 0.7), p99 ${f.p99Ms} ms (goal < 10 ms) at ${f.connections} connections, ${f.durationSec} s each, ${f.errors} errors`,
  ].join("\n");
}
