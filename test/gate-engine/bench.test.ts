// The benchmark command, in short runs: it measures both targets and prints the figures (as JSON with --json).
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { benchCli } from "../../gate-engine/bench/cli.ts";
import { bundleBenchServers, combineRounds, formatFigures, startServer } from "../../gate-engine/bench/run-bench.ts";
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

  it("--soak loads the service while swapping its networks, and reports RSS growth and requests lost", async () => {
    const out = await benchCli(["--json", "--soak", "2", "--warmup", "1", "--connections", "4"], bundle);
    const soak = JSON.parse(out) as Record<string, number>;
    expect(Object.keys(soak).sort()).toEqual(["lost", "requests", "rssAfterWarmupMb", "rssEndMb", "rssGrowth", "soakSec", "swaps"]);
    expect(soak.requests).toBeGreaterThan(0);
    expect(soak.swaps).toBeGreaterThanOrEqual(3);
    expect(soak.lost).toBe(0);
    expect(soak.rssAfterWarmupMb).toBeGreaterThan(10);
    expect(soak.rssGrowth).toBeCloseTo((soak.rssEndMb - soak.rssAfterWarmupMb) / soak.rssAfterWarmupMb, 2);
    await expect(benchCli(["--soak", "0"], bundle)).rejects.toThrow("--soak must be a positive number");
  }, 30_000);

  it("rejects bad options", async () => {
    await expect(benchCli(["--duration", "0"], bundle)).rejects.toThrow("--duration must be a positive number");
    await expect(benchCli(["--connections", "many"], bundle)).rejects.toThrow("--connections must be a positive number");
    await expect(benchCli(["--rounds", "0"], bundle)).rejects.toThrow("--rounds must be a positive number");
  });

  it("fails clearly when a benchmark server cannot start", async () => {
    await expect(startServer(bundle, "gate-engine", "/nonexistent")).rejects.toThrow("benchmark server gate-engine exited with 1");
    await expect(startServer(bundle, "nope", "/nonexistent")).rejects.toThrow("benchmark server nope exited with 1");
  }, 30_000);

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
