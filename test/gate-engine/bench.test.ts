// The benchmark command, in short runs: it measures both targets and prints the figures (as JSON with --json).
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readFile, writeFile } from "node:fs/promises";
import { benchCli, DEPLOYMENT, EXAMPLE_MANIFESTS } from "../../gate-engine/bench/cli.ts";
import { deploymentNodeOptions } from "../../gate-engine/bench/node-options.ts";
import { bundleBenchServers, combineRounds, formatFigures, startServer, stopServer } from "../../gate-engine/bench/run-bench.ts";
import { formatSoak, heapUsedAfterGc } from "../../gate-engine/bench/soak.ts";
import { tempDirWith } from "./support.ts";

let bundle: string;
beforeAll(async () => {
  bundle = await bundleBenchServers(join(await tempDirWith({}), "servers.mjs"));
});

describe("bench:gate-engine", () => {
  it("prints ratio, req/s and p50/p99 of /compute and the node:http baseline as one JSON object with --json", async () => {
    const out = await benchCli(["--json", "--duration", "2", "--rounds", "2", "--warmup", "0", "--connections", "4"], bundle);
    expect(out.split("\n")).toHaveLength(1);
    const figures = JSON.parse(out) as Record<string, number>;
    expect(Object.keys(figures)).toEqual(expect.arrayContaining(["ratio", "reqPerSec", "p50Ms", "p99Ms", "baselineReqPerSec"]));
    expect(figures.reqPerSec).toBeGreaterThan(0);
    expect(figures.baselineReqPerSec).toBeGreaterThan(0);
    expect(figures.ratio).toBeCloseTo(figures.reqPerSec / figures.baselineReqPerSec, 1);
    expect(figures.errors).toBe(0);
    expect(figures.rounds).toBe(2);
    expect(figures.nodeOptions).toBe((await deploymentNodeOptions(DEPLOYMENT)).join(" "));
  }, 30_000);

  it("combines rounds: req/s over the whole time, p50 weighted by requests, p99 of the worst round", () => {
    const round = (total: number, p50: number, p99: number, errors = 0) => ({
      requests: { total, average: 0, p50: 0, p99: 0 },
      latency: { average: 0, p50, p99 },
      errors,
      timeouts: 0,
      non2xx: 0,
    });
    expect(combineRounds([round(3000, 2, 8), round(1000, 6, 20, 1)], 2)).toEqual({ reqPerSec: 1000, p50Ms: 3, p99Ms: 20, errors: 1 });
    expect(combineRounds([round(0, 0, 0)], 1)).toEqual({ reqPerSec: 0, p50Ms: 0, p99Ms: 0, errors: 0 });
  });

  it("--soak warms up with the same load and swaps as its window, and reports RSS, heap after GC, swaps and requests lost", async () => {
    const out = await benchCli(["--json", "--soak", "2", "--warmup", "1", "--connections", "4"], bundle);
    const soak = JSON.parse(out) as Record<string, number | string>;
    expect(Object.keys(soak).sort()).toEqual(
      [
        "heapUsedAfterGcEndMb",
        "heapUsedAfterGcStartMb",
        "lost",
        "nodeOptions",
        "requests",
        "rssAfterWarmupMb",
        "rssEndAfterGcMb",
        "rssEndMb",
        "rssGrowth",
        "rssGrowthAfterGc",
        "rssPeakMb",
        "soakSec",
        "swaps",
        "warmupLost",
        "warmupRequests",
        "warmupSec",
        "warmupSwaps",
      ].sort(),
    );
    const n = soak as Record<string, number>;
    expect(n.requests).toBeGreaterThan(0);
    expect(n.swaps).toBeGreaterThanOrEqual(3);
    expect(n.warmupRequests).toBeGreaterThan(0);
    expect(n.warmupSwaps).toBeGreaterThanOrEqual(1);
    expect(n.lost + n.warmupLost).toBe(0);
    expect(n.rssAfterWarmupMb).toBeGreaterThan(10);
    expect(n.rssPeakMb).toBeGreaterThanOrEqual(n.rssEndMb);
    expect(n.rssGrowth).toBeCloseTo((n.rssEndMb - n.rssAfterWarmupMb) / n.rssAfterWarmupMb, 2);
    expect(n.rssGrowthAfterGc).toBeCloseTo((n.rssEndAfterGcMb - n.rssAfterWarmupMb) / n.rssAfterWarmupMb, 2);
    expect(n.heapUsedAfterGcStartMb).toBeGreaterThan(1);
    expect(n.heapUsedAfterGcStartMb).toBeLessThan(n.rssAfterWarmupMb);
    expect(soak.nodeOptions).toBe((await deploymentNodeOptions(DEPLOYMENT)).join(" "));
    await expect(benchCli(["--soak", "0"], bundle)).rejects.toThrow("--soak must be a positive number");
  }, 30_000);

  it("runs the servers with the Node options of the Deployment, and reads the heap after a GC when asked", async () => {
    const flags = await deploymentNodeOptions(DEPLOYMENT);
    expect(flags).toEqual(["--max-semi-space-size=8"]);
    const server = await startServer(bundle, "gate-engine", EXAMPLE_MANIFESTS, [...flags, "--expose-gc"]);
    try {
      const cmdline = (await readFile(`/proc/${server.child.pid}/cmdline`, "utf8")).split("\0");
      expect(cmdline).toEqual(expect.arrayContaining([...flags, "--expose-gc"]));
      const mb = await heapUsedAfterGc(server);
      expect(mb).toBeGreaterThan(1);
      expect(mb).toBeLessThan(500);
    } finally {
      await stopServer(server.child);
    }
    const plain = await startServer(bundle, "gate-engine", EXAMPLE_MANIFESTS);
    try {
      await expect(heapUsedAfterGc(plain)).rejects.toThrow("the service did not report its heap after a GC (heap unknown: start with --expose-gc)");
      await expect(heapUsedAfterGc({ ...plain, output: () => "" }, 100)).rejects.toThrow("the service did not report its heap after a GC");
    } finally {
      await stopServer(plain.child);
    }
  }, 30_000);

  it("reads NODE_OPTIONS of the gate-engine container from a Deployment manifest", async () => {
    const dir = await tempDirWith({});
    const deployment = (env: string) =>
      `apiVersion: v1\nkind: Service\nmetadata: {name: x}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      containers:\n        - name: sidecar\n          env: [{name: NODE_OPTIONS, value: "--jitless"}]\n        - name: gate-engine\n          env: ${env}\n`;
    const write = async (name: string, text: string) => {
      await writeFile(join(dir, name), text);
      return join(dir, name);
    };
    expect(await deploymentNodeOptions(await write("a.yaml", deployment('[{name: NODE_OPTIONS, value: " --a=1   --b "}]')))).toEqual(["--a=1", "--b"]);
    expect(await deploymentNodeOptions(await write("b.yaml", deployment("[{name: PORT, value: '8080'}]")))).toEqual([]);
    await expect(deploymentNodeOptions(await write("c.yaml", deployment("[{name: NODE_OPTIONS, value: 8}]")))).rejects.toThrow("NODE_OPTIONS must be a string");
    await expect(deploymentNodeOptions(await write("d.yaml", "apiVersion: v1\nkind: Service\n"))).rejects.toThrow("no Deployment in the file");
  });

  it("rejects bad options", async () => {
    await expect(benchCli(["--duration", "0"], bundle)).rejects.toThrow("--duration must be a positive number");
    await expect(benchCli(["--connections", "many"], bundle)).rejects.toThrow("--connections must be a positive number");
    await expect(benchCli(["--rounds", "0"], bundle)).rejects.toThrow("--rounds must be a positive number");
  });

  it("fails clearly when a benchmark server cannot start", async () => {
    await expect(startServer(bundle, "gate-engine", "/nonexistent")).rejects.toThrow("benchmark server gate-engine exited with 1");
    await expect(startServer(bundle, "nope", "/nonexistent")).rejects.toThrow("benchmark server nope exited with 1");
  }, 30_000);

  it("formats the soak figures with the goals beside them", () => {
    const text = formatSoak({
      soakSec: 60,
      warmupSec: 30,
      nodeOptions: "--max-semi-space-size=8",
      rssAfterWarmupMb: 100,
      rssEndMb: 104,
      rssPeakMb: 106,
      rssGrowth: 0.04,
      rssEndAfterGcMb: 101,
      rssGrowthAfterGc: 0.01,
      heapUsedAfterGcStartMb: 14.5,
      heapUsedAfterGcEndMb: 14.6,
      requests: 2000000,
      swaps: 120,
      lost: 0,
      warmupRequests: 1000000,
      warmupSwaps: 60,
      warmupLost: 0,
    });
    expect(text).toBe(
      [
        "soak 60 s after 30 s of the same load and swaps (node --max-semi-space-size=8):",
        "RSS 100 MiB at the start, 104 MiB at the end, 106 MiB at most; growth 0.04 (goal < 0.1 over 60 s)",
        "RSS after a full GC at the end: 101 MiB, growth 0.01",
        "heap in use after a full GC: 14.5 MiB at the start, 14.6 MiB at the end",
        "2000000 requests during 120 network swaps, 0 lost (goal 0); warm-up: 1000000 requests, 60 swaps, 0 lost",
      ].join("\n"),
    );
  });

  it("formats the figures with the goals beside them", () => {
    const text = formatFigures({
      ratio: 0.8,
      reqPerSec: 8000,
      p50Ms: 4,
      p99Ms: 9,
      baselineReqPerSec: 10000,
      baselineP50Ms: 3,
      baselineP99Ms: 8,
      connections: 50,
      durationSec: 10,
      rounds: 5,
      errors: 0,
      nodeOptions: "",
    });
    expect(text).toBe(
      [
        "gate engine /compute: 8000 req/s, p50 4 ms, p99 9 ms",
        "node:http hello-world: 10000 req/s, p50 3 ms, p99 8 ms",
        "ratio 0.8 (goal ≥ 0.7), p99 9 ms (goal < 10 ms) at 50 connections, 10 s each in 5 alternating rounds, 0 errors",
      ].join("\n"),
    );
  });
});
