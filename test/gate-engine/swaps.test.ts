// Many network swaps leave nothing behind: timers, listening sockets and metric series stay as many as after the
// first swap, whether the networks come from the mounted files (SIGHUP) or from the API (stand-in server).
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startGateEngine, type RunningGateEngine } from "../../gate-engine/src/app.ts";
import { readConfig } from "../../gate-engine/src/config.ts";
import { GATE_PLURALS } from "../../gate-engine/src/kube-source.ts";
import type { GateKind } from "../../gate-engine/src/resources.ts";
import { startFakeKubeApi, type CustomObject, type FakeKubeApi } from "./fake-kube-api.ts";
import { quietLog, tempDirWith, THREE_LAYER } from "./support.ts";

const SWAPS = 150;
let running: RunningGateEngine | undefined;
let api: FakeKubeApi | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await running?.shutdown().catch(() => undefined);
  await api?.close();
  running = api = undefined;
});

/** Intervals set and not cleared since the spy was installed (unref'd ones too, which the resource list leaves out). */
function liveIntervals(): () => number {
  const live = new Set<unknown>();
  const [set, clear] = [globalThis.setInterval, globalThis.clearInterval];
  vi.spyOn(globalThis, "setInterval").mockImplementation((...args: Parameters<typeof setInterval>) => {
    const handle = set(...args);
    live.add(handle);
    return handle;
  });
  vi.spyOn(globalThis, "clearInterval").mockImplementation((handle) => {
    live.delete(handle);
    clear(handle);
  });
  return () => live.size;
}

/** Timers and listening sockets that keep this process running, by kind. */
function resources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) if (kind === "Timeout" || kind === "TCPServerWrap") counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

/**
 * Listening sockets stay exactly as they were; timers may differ by the few that come and go on their own (a watch
 * reconnect, a keep-alive), never by a number that grows with the swaps.
 */
function expectNoGrowth(before: Record<string, number>, after: Record<string, number>): void {
  expect(after.TCPServerWrap).toBe(before.TCPServerWrap);
  expect(after.Timeout ?? 0).toBeLessThanOrEqual((before.Timeout ?? 0) + TRANSIENT_TIMERS);
}

const TRANSIENT_TIMERS = 2;

/** The gate engine's own metric series (not the process metrics, whose series appear as the process runs). */
async function seriesCount(base: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  return text.split("\n").filter((line) => /^gate_engine_(evaluation|requests|learning|pattern|state|client)/.test(line)).length;
}

/** Computes, teaches and saves once, so that every series the service keeps exists. */
async function useOnce(base: string): Promise<void> {
  expect((await fetch(`${base}/compute/tri`, { method: "POST", body: '{"inputs":[1,0,1]}' })).status).toBe(200);
  const feedback = { network: "tri", inputs: [1, 0, 1], expected: { all: 0, pat: 0 } };
  expect((await fetch(`${base}/feedback`, { method: "POST", body: JSON.stringify(feedback) })).status).toBe(200);
  expect(await running?.persister.flush()).toBe(true);
}

/** The example network with one threshold and one policy interval changed, so every swap changes both. */
const variant = (i: number) =>
  THREE_LAYER.replace("threshold: 0.5", `threshold: 0.${5 + (i % 2)}`).replace("updateInterval: 100ms", `updateInterval: ${100 + (i % 2) * 100}ms`);

describe("network swaps", () => {
  it(`${SWAPS} reloads of the mounted files leave timers, listeners and metric series as they were after the first`, async () => {
    const dir = await tempDirWith({ "n.yaml": variant(0) });
    const env = { PORT: "0", HOST: "127.0.0.1", GATE_ENGINE_MANIFESTS: dir, GATE_ENGINE_STATE_FILE: join(dir, "s.json"), GATE_ENGINE_SHUTDOWN_DELAY_MS: "0" };
    running = await startGateEngine(readConfig(env), { log: quietLog });
    const base = `http://127.0.0.1:${running.port}`;
    await writeFile(join(dir, "n.yaml"), variant(1));
    await running.reload();
    await useOnce(base);
    const [before, seriesBefore, intervals] = [resources(), await seriesCount(base), liveIntervals()];
    for (let i = 2; i < SWAPS + 2; i++) {
      await writeFile(join(dir, "n.yaml"), variant(i));
      const previous = running.engine;
      await running.reload();
      expect(running.engine).not.toBe(previous);
    }
    await useOnce(base);
    // Each swap changes the persistence interval, so the state sync is rescheduled: one interval at a time.
    expect(intervals()).toBeLessThanOrEqual(1);
    expectNoGrowth(before, resources());
    expect(await seriesCount(base)).toBe(seriesBefore);
  }, 60_000);

  it(`${SWAPS} changes from the API (stand-in API server on 127.0.0.1) leave timers, listeners and metric series as they were`, async () => {
    api = await startFakeKubeApi();
    const dir = await tempDirWith({ "n.yaml": THREE_LAYER });
    const env = {
      PORT: "0",
      HOST: "127.0.0.1",
      GATE_ENGINE_MANIFESTS: dir,
      GATE_ENGINE_SOURCE: "kubernetes",
      GATE_ENGINE_STATE_FILE: join(dir, "s.json"),
      POD_NAMESPACE: "games",
      GATE_ENGINE_SHUTDOWN_DELAY_MS: "0",
    };
    running = await startGateEngine(readConfig(env), { log: quietLog, kubeConfig: api.kubeConfig });
    const base = `http://127.0.0.1:${running.port}`;
    const apply = async (i: number) => {
      const previous = running?.engine;
      for (const doc of parseAllDocuments(variant(i))) {
        const object = doc.toJS() as CustomObject;
        api?.apply(GATE_PLURALS[object.kind as GateKind], { ...object, metadata: { ...object.metadata, namespace: "games" } });
      }
      for (const end = Date.now() + 5000; running?.engine === previous; await new Promise((r) => setTimeout(r, 2))) {
        if (Date.now() > end) throw new Error(`change ${i} was not applied within 5 s`);
      }
    };
    await apply(1);
    await useOnce(base);
    const [before, seriesBefore, intervals] = [resources(), await seriesCount(base), liveIntervals()];
    for (let i = 2; i < SWAPS + 2; i++) await apply(i);
    await useOnce(base);
    // Each swap changes the persistence interval, so the state sync is rescheduled: one interval at a time.
    expect(intervals()).toBeLessThanOrEqual(1);
    expectNoGrowth(before, resources());
    expect(await seriesCount(base)).toBe(seriesBefore);
  }, 60_000);
});
