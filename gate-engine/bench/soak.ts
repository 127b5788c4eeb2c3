// The soak benchmark: the service under sustained load while its networks are swapped, to show that memory settles
// and that no request is lost to a swap. The warm-up runs the same mix as the measured window (load and swaps), so
// the window starts from the steady state: V8 sizes its young generation and compiles the hot code during the
// warm-up, not inside the window.
import { readFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundleBenchServers, load, round, startServer, stopServer, type BenchServer } from "./run-bench.ts";

export interface SoakOptions {
  soakSec: number;
  /** Seconds of the same load and swaps before the window opens. */
  warmupSec: number;
  connections: number;
  network: string;
  inputs: number[];
  manifestsDir: string;
  /** Network swaps (SIGHUP: the networks are read again and swapped in) per second, in the warm-up and the window. */
  swapsPerSec?: number;
  serversBundle?: string;
  /** Node options the service runs with (those the Deployment sets); `--expose-gc` is added for the heap figures. */
  nodeOptions?: readonly string[];
}

export interface SoakFigures {
  soakSec: number;
  warmupSec: number;
  /** The service's Node options (without the `--expose-gc` the benchmark adds). */
  nodeOptions: string;
  /** RSS when the window opens (after the warm-up and a full GC): the baseline. */
  rssAfterWarmupMb: number;
  rssEndMb: number;
  /** Highest RSS sampled (every 250 ms) in the window. */
  rssPeakMb: number;
  /** (end − baseline) / baseline; goal < 0.1 over 60 s. */
  rssGrowth: number;
  /** RSS after a full GC at the end, and its growth over the baseline: both ends at the same point of V8's GC cycle. */
  rssEndAfterGcMb: number;
  rssGrowthAfterGc: number;
  /** V8 heap in use right after a full GC, when the window opens and when it closes: what the service retains. */
  heapUsedAfterGcStartMb: number;
  heapUsedAfterGcEndMb: number;
  requests: number;
  swaps: number;
  /** Requests in the window that got no 2xx answer (errors, timeouts, other status codes); goal 0. */
  lost: number;
  warmupRequests: number;
  warmupSwaps: number;
  warmupLost: number;
}

/** Resident set size of a process in MiB, from /proc (Linux). */
export async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
  if (!Number.isFinite(kb)) throw new Error(`no VmRSS for process ${pid}`);
  return kb / 1024;
}

/** RSS once V8 has had a moment to hand the pages a GC freed back to the system (it unmaps them in the background). */
async function rssAfterRelease(pid: number): Promise<number> {
  await new Promise((r) => setTimeout(r, 500));
  return rssMb(pid);
}

/** Asks the service for a full GC (SIGUSR2, see servers.ts) and returns the heap in use after it, in MiB. */
export async function heapUsedAfterGc(service: BenchServer, timeoutMs = 10_000): Promise<number> {
  const answers = () => service.output().match(/^heap .*$/gm) ?? [];
  const seen = answers().length;
  service.child.kill("SIGUSR2");
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lines = answers();
    if (lines.length > seen) {
      const bytes = Number(lines[lines.length - 1].slice(5));
      if (!Number.isFinite(bytes)) throw new Error(`the service did not report its heap after a GC (${lines[lines.length - 1]})`);
      return bytes / 1024 / 1024;
    }
    if (Date.now() > deadline) throw new Error("the service did not report its heap after a GC");
    await new Promise((r) => setTimeout(r, 20));
  }
}

interface Phase {
  requests: number;
  swaps: number;
  lost: number;
  peakRssMb: number;
}

/** Loads `url` for `seconds` while swapping the networks `swapsPerSec` times a second and sampling RSS. */
async function loadWithSwaps(service: BenchServer, url: string, body: string, seconds: number, options: SoakOptions): Promise<Phase> {
  const pid = service.child.pid as number;
  let swaps = 0;
  let peakRssMb = 0;
  const swapper = setInterval(
    () => {
      service.child.kill("SIGHUP");
      swaps++;
    },
    1000 / (options.swapsPerSec ?? 2),
  );
  const sampler = setInterval(() => {
    rssMb(pid).then(
      (mb) => (peakRssMb = Math.max(peakRssMb, mb)),
      () => undefined,
    );
  }, 250);
  try {
    const result = await load(url, options.connections, seconds, body);
    return { requests: result.requests.total, swaps, lost: result.errors + result.timeouts + result.non2xx, peakRssMb };
  } finally {
    clearInterval(swapper);
    clearInterval(sampler);
  }
}

async function soak(bundle: string, options: SoakOptions): Promise<SoakFigures> {
  const nodeOptions = options.nodeOptions ?? [];
  const service = await startServer(bundle, "gate-engine", options.manifestsDir, [...nodeOptions, "--expose-gc"]);
  try {
    const pid = service.child.pid as number;
    const url = `http://127.0.0.1:${service.port}/compute/${options.network}`;
    const body = JSON.stringify({ inputs: options.inputs });
    const warmup = options.warmupSec > 0 ? await loadWithSwaps(service, url, body, options.warmupSec, options) : { requests: 0, swaps: 0, lost: 0 };
    // The window opens on a collected heap: garbage that piles up in it until V8's next full GC counts as growth.
    const heapStart = await heapUsedAfterGc(service);
    const rssAfterWarmupMb = await rssAfterRelease(pid);
    const window = await loadWithSwaps(service, url, body, options.soakSec, options);
    const rssEndMb = await rssMb(pid);
    const heapEnd = await heapUsedAfterGc(service);
    const rssEndAfterGcMb = await rssAfterRelease(pid);
    return {
      soakSec: options.soakSec,
      warmupSec: options.warmupSec,
      nodeOptions: nodeOptions.join(" "),
      rssAfterWarmupMb: round(rssAfterWarmupMb),
      rssEndMb: round(rssEndMb),
      rssPeakMb: round(Math.max(window.peakRssMb, rssEndMb)),
      rssGrowth: round((rssEndMb - rssAfterWarmupMb) / rssAfterWarmupMb, 3),
      rssEndAfterGcMb: round(rssEndAfterGcMb),
      rssGrowthAfterGc: round((rssEndAfterGcMb - rssAfterWarmupMb) / rssAfterWarmupMb, 3),
      heapUsedAfterGcStartMb: round(heapStart),
      heapUsedAfterGcEndMb: round(heapEnd),
      requests: window.requests,
      swaps: window.swaps,
      lost: window.lost,
      warmupRequests: warmup.requests,
      warmupSwaps: warmup.swaps,
      warmupLost: warmup.lost,
    };
  } finally {
    await stopServer(service.child);
  }
}

/** Load for `soakSec` after a warm-up of the same load and swaps: RSS growth, heap after GC and requests lost. */
export async function runSoak(options: SoakOptions): Promise<SoakFigures> {
  if (options.serversBundle) return soak(options.serversBundle, options);
  const dir = await mkdtemp(join(tmpdir(), "gate-engine-soak-"));
  try {
    return await soak(await bundleBenchServers(join(dir, "servers.mjs")), options);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function formatSoak(f: SoakFigures): string {
  return [
    `soak ${f.soakSec} s after ${f.warmupSec} s of the same load and swaps${f.nodeOptions ? ` (node ${f.nodeOptions})` : ""}:`,
    `RSS ${f.rssAfterWarmupMb} MiB at the start, ${f.rssEndMb} MiB at the end, ${f.rssPeakMb} MiB at most; growth ${f.rssGrowth} (goal < 0.1 over 60 s)`,
    `RSS after a full GC at the end: ${f.rssEndAfterGcMb} MiB, growth ${f.rssGrowthAfterGc}`,
    `heap in use after a full GC: ${f.heapUsedAfterGcStartMb} MiB at the start, ${f.heapUsedAfterGcEndMb} MiB at the end`,
    `${f.requests} requests during ${f.swaps} network swaps, ${f.lost} lost (goal 0); warm-up: ${f.warmupRequests} requests, ${f.warmupSwaps} swaps, ${f.warmupLost} lost`,
  ].join("\n");
}
