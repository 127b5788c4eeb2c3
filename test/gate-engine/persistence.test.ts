// Learned state across restarts: the periodic persister, the file store, and the service with the ConfigMap store
// (against a local 127.0.0.1 server speaking the ConfigMap part of the Kubernetes API; no cluster runs here).
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { bundleService } from "../../scripts/image/bundle.ts";
import { startGateEngine } from "../../gate-engine/src/app.ts";
import { ConfigMapStateStore } from "../../gate-engine/src/configmap-store.ts";
import { createStore, readConfig } from "../../gate-engine/src/config.ts";
import { GateEngine } from "../../gate-engine/src/engine.ts";
import { FileStateStore, type StateStore } from "../../gate-engine/src/file-store.ts";
import { createMetrics } from "../../gate-engine/src/metrics.ts";
import { StatePersister } from "../../gate-engine/src/persister.ts";
import { startFakeKubeApi, type FakeKubeApi } from "./fake-kube-api.ts";
import { catalogOf, quietLog, REPO_ROOT, tempDirWith, THREE_LAYER } from "./support.ts";

let api: FakeKubeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

const until = async (check: () => boolean, ms = 3000): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
};

const merge = (changes: Record<string, string>) => (data: Record<string, string>) => ({ ...data, ...changes });

describe("file state store", () => {
  it("loads nothing from a missing file and merges saves into the file", async () => {
    const file = join(await tempDirWith({}), "deep", "state.json");
    const store = new FileStateStore(file);
    expect(await store.load()).toEqual({});
    await store.update(merge({ b: "2", a: "1" }));
    await store.update(merge({ a: "3" }));
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual({ a: "3", b: "2" });
    expect(store.description).toBe(`file ${file}`);
  });

  it("rejects files that are not a JSON object of strings, and unreadable paths", async () => {
    const dir = await tempDirWith({ "bad.json": "{oops", "nums.json": '{"a": 1}' });
    await expect(new FileStateStore(join(dir, "bad.json")).load()).rejects.toThrow(`cannot read state file ${dir}/bad.json`);
    await expect(new FileStateStore(join(dir, "nums.json")).load()).rejects.toThrow("must hold a JSON object of strings");
    await expect(new FileStateStore(dir).load()).rejects.toThrow("EISDIR");
  });
});

const confidenceOf = (text: string | undefined): number => Number(text?.replace("confidence:", "") ?? NaN);

/** A store in memory, counting its calls; `fail` makes the next writes throw. */
function memoryStore(initial: Record<string, string> = {}) {
  const store = {
    description: "memory",
    data: { ...initial },
    writes: 0,
    failWrites: 0,
    load: async () => ({ ...store.data }),
    async update(change: (current: Record<string, string>) => Record<string, string>) {
      store.writes++;
      if (store.failWrites > 0) {
        store.failWrites--;
        throw new Error("disk full");
      }
      store.data = change({ ...store.data });
      return { ...store.data };
    },
  };
  return store;
}

describe("state persister", () => {
  it("folds this replica's increments into the stored state, and writes nothing when nothing was learned", async () => {
    const engine = new GateEngine(catalogOf(THREE_LAYER));
    const store = memoryStore({ "tri.all": "confidence:0.5" });
    const persister = new StatePersister(engine, store, createMetrics({ processMetrics: false }), quietLog);
    expect(await persister.flush()).toBe(true);
    expect(persister.loaded).toBe(true);
    expect(store.writes).toBe(0);
    engine.feedback("tri", [1, 1, 1], { all: 1 });
    store.data["tri.all"] = "confidence:0.6"; // another replica learned meanwhile (+0.1)
    expect(await persister.flush()).toBe(true);
    expect(confidenceOf(store.data["tri.all"])).toBeCloseTo(0.8, 12); // 0.6 stored + this replica's +0.2
    expect(engine.exportState()["tri.all"]).toBe(store.data["tri.all"]);
    expect(store.writes).toBe(1);
  });

  it("counts a failed save, logs it, and sends the same increments next time, once", async () => {
    const engine = new GateEngine(catalogOf(THREE_LAYER));
    const store = memoryStore({ "tri.all": "confidence:0.5" });
    const errors: string[] = [];
    const metrics = createMetrics({ processMetrics: false });
    const persister = new StatePersister(engine, store, metrics, { info: () => undefined, error: (m) => errors.push(m) });
    await persister.flush();
    engine.feedback("tri", [1, 1, 1], { all: 1 });
    store.failWrites = 2;
    expect(await persister.flush()).toBe(false);
    expect(await persister.flush()).toBe(false);
    expect(confidenceOf(engine.exportState()["tri.all"])).toBeCloseTo(0.7, 12); // still used while unsaved
    expect(await persister.flush()).toBe(true);
    expect(await persister.flush()).toBe(true);
    expect(confidenceOf(store.data["tri.all"])).toBeCloseTo(0.7, 12);
    expect(errors[0]).toBe("saving learned state to memory failed: disk full");
    expect(await metrics.registry.getSingleMetricAsString("gate_engine_state_saves_total")).toContain('result="error"} 2');
    expect(Number((await metrics.registry.getSingleMetricAsString("gate_engine_state_last_success_timestamp_seconds")).split(" ").pop())).toBeGreaterThan(0);
  });

  it("does not queue syncs behind a slow store: ticks are skipped while one is under way", async () => {
    const engine = new GateEngine(catalogOf(THREE_LAYER));
    let calls = 0;
    let release: (data: Record<string, string>) => void = () => undefined;
    const store: StateStore = {
      description: "slow",
      load: () => {
        calls++;
        return new Promise((r) => (release = r));
      },
      update: async () => ({}),
    };
    const persister = new StatePersister(engine, store, createMetrics({ processMetrics: false }), quietLog);
    persister.start(10);
    await new Promise((r) => setTimeout(r, 150));
    persister.stop();
    expect(calls).toBe(1);
    release({});
  });

  it("logs stored keys that no longer fit their gate", async () => {
    const infos: string[] = [];
    await new StatePersister(new GateEngine(catalogOf(THREE_LAYER)), memoryStore({ "tri.pat": "1:1" }), createMetrics({ processMetrics: false }), {
      info: (m) => infos.push(m),
      error: () => undefined,
    }).flush();
    expect(infos).toEqual(["learned state loaded from memory", "ignored stored state that no longer fits its gate: tri.pat"]);
  });
});

const SERVICE_ENV = { PORT: "0", HOST: "127.0.0.1", GATE_ENGINE_SHUTDOWN_DELAY_MS: "0" };

describe("service with the ConfigMap store, against a local 127.0.0.1 server speaking the ConfigMap API (no cluster)", () => {
  it("loads state after start, saves learned state every updateInterval, and on shutdown", async () => {
    api = await startFakeKubeApi();
    api.put("games", "gate-engine-state", { "tri.all": "confidence:0.3", "someone.else": "1,1" });
    const dir = await tempDirWith({ "n.yaml": THREE_LAYER });
    const config = readConfig({ ...SERVICE_ENV, GATE_ENGINE_MANIFESTS: dir, GATE_ENGINE_STATE_STORE: "configmap", POD_NAMESPACE: "games" });
    const store = new ConfigMapStateStore(api.kubeConfig, { name: "gate-engine-state", namespace: "games" });
    const running = await startGateEngine(config, { log: quietLog, store });
    await until(() => running.persister.loaded);
    expect(running.engine.exportState()["tri.all"]).toBe("confidence:0.3");
    const res = await fetch(`http://127.0.0.1:${running.port}/feedback`, {
      method: "POST",
      body: JSON.stringify({ network: "tri", inputs: [1, 1, 1], expected: { all: 1 } }),
    });
    expect(res.status).toBe(200);
    const data = () => api?.configMaps.get("games/gate-engine-state")?.data ?? {};
    await until(() => Math.abs(confidenceOf(data()["tri.all"]) - 0.6) < 1e-9); // the 100ms policy interval, no shutdown yet
    expect(data()["someone.else"]).toBe("1,1");
    await fetch(`http://127.0.0.1:${running.port}/feedback`, {
      method: "POST",
      body: JSON.stringify({ network: "tri", inputs: [0, 0, 0], expected: { pat: 1 } }),
    });
    await running.shutdown();
    expect(data()["tri.pat"]).toMatch(/^000:1:\d{13},011:1,101:1,110:0$/);
  });

  it("serves /compute from the manifests while the API hangs or the ConfigMap is missing, and loads state once it can", async () => {
    api = await startFakeKubeApi();
    api.hangNext(1);
    const dir = await tempDirWith({ "n.yaml": THREE_LAYER });
    const store = new ConfigMapStateStore(api.kubeConfig, { name: "gate-engine-state", namespace: "games", timeoutMs: 200 });
    const errors: string[] = [];
    const running = await startGateEngine(readConfig({ ...SERVICE_ENV, GATE_ENGINE_MANIFESTS: dir }), {
      log: { info: () => undefined, error: (m) => errors.push(m) },
      store,
    });
    const base = `http://127.0.0.1:${running.port}`;
    const computed = await fetch(`${base}/compute/tri`, { method: "POST", body: '{"inputs":[1,1,1]}' });
    expect(computed.status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, waitingFor: [], learnedState: "loading from ConfigMap games/gate-engine-state (not waited for)" });
    await until(() => errors.some((e) => e.includes("no answer within 200 ms")));
    await until(() => errors.some((e) => e.includes("does not exist")));
    api.put("games", "gate-engine-state", { "tri.all": "confidence:0.4" });
    await until(() => running.persister.loaded);
    expect(running.engine.exportState()["tri.all"]).toBe("confidence:0.4");
    expect(((await (await fetch(`${base}/readyz`)).json()) as { learnedState: string }).learnedState).toBe("loaded");
    await running.shutdown();
  });

  it("fails shutdown loudly when the last save cannot be written, and ends within the final-save deadline when the API hangs", async () => {
    api = await startFakeKubeApi();
    api.put("games", "gate-engine-state", {});
    const dir = await tempDirWith({
      "n.yaml": THREE_LAYER.replace("updateInterval: 100ms", "updateInterval: 1h").replace("updateInterval: 1s", "updateInterval: 1h"),
    });
    const store = new ConfigMapStateStore(api.kubeConfig, { name: "gate-engine-state", namespace: "games" });
    const running = await startGateEngine(readConfig({ ...SERVICE_ENV, GATE_ENGINE_MANIFESTS: dir }), { log: quietLog, store });
    await until(() => running.persister.loaded);
    running.engine.feedback("tri", [1, 1, 1], { all: 0 });
    api.failNext(5);
    await expect(running.shutdown()).rejects.toThrow("learned state was not saved to ConfigMap games/gate-engine-state");
    api.failNext(0);

    const hanging = new ConfigMapStateStore(api.kubeConfig, { name: "gate-engine-state", namespace: "games", timeoutMs: 60_000 });
    const config = readConfig({ ...SERVICE_ENV, GATE_ENGINE_MANIFESTS: dir, GATE_ENGINE_FINAL_SAVE_TIMEOUT_MS: "300" });
    const second = await startGateEngine(config, { log: quietLog, store: hanging });
    await until(() => second.persister.loaded);
    second.engine.feedback("tri", [1, 1, 1], { all: 0 });
    api.hangNext(10);
    const started = Date.now();
    await expect(second.shutdown()).rejects.toThrow("learned state was not saved");
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe("the service process (esbuild bundle of gate-engine/src/main.ts, as in the image)", () => {
  let bundle: string;
  beforeAll(async () => {
    bundle = join(await tempDirWith({}), "gate-engine.mjs");
    await bundleService(join(REPO_ROOT, "gate-engine/src/main.ts"), bundle);
  });

  it("starts with the example networks, and on SIGTERM drains, saves state and exits 0", async () => {
    const dir = await tempDirWith({});
    const stateFile = join(dir, "state.json");
    const child = spawn(process.execPath, [bundle], {
      cwd: REPO_ROOT,
      env: { ...process.env, PORT: "0", HOST: "127.0.0.1", GATE_ENGINE_STATE_FILE: stateFile, KUBERNETES_SERVICE_HOST: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    await until(() => /listening on (\d+)/.test(out), 15_000);
    expect(out).toContain("3 network(s), 2 route(s), state in file");
    const port = /listening on (\d+)/.exec(out)?.[1];
    const res = await fetch(`http://127.0.0.1:${port}/feedback`, {
      method: "POST",
      body: JSON.stringify({ network: "text-processor", inputs: [1, 1, 1], expected: { "all-set": 0 } }),
    });
    expect(res.status).toBe(200);
    child.kill("SIGTERM");
    const [code] = (await once(child, "exit")) as [number];
    expect(code).toBe(0);
    expect(out).toContain("SIGTERM: draining and saving state");
    expect(JSON.parse(await readFile(stateFile, "utf8"))["text-processor.all-set"]).toBe("confidence:0.77");
  });

  it("exits 1 with a clear message when it cannot start", async () => {
    const child = spawn(process.execPath, [bundle], {
      cwd: REPO_ROOT,
      env: { ...process.env, PORT: "99999" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const [code] = (await once(child, "exit")) as [number];
    expect(code).toBe(1);
    expect(err).toContain('gate engine failed to start: PORT=\\"99999\\" is not a port number');
  });
});

describe("configuration from the environment", () => {
  it("defaults to port 8080, the example folder and a file store outside a cluster", () => {
    expect(readConfig({})).toEqual({
      port: 8080,
      host: "0.0.0.0",
      metricsPort: undefined,
      manifestsDir: "base/gate-engine",
      source: "files",
      bodyLimitBytes: 65_536,
      store: { kind: "file", file: ".cache/gate-engine/state.json" },
      namespace: undefined,
      drainTimeoutMs: 10_000,
      shutdownDelayMs: 5_000,
      finalSaveTimeoutMs: 5_000,
      apiTimeoutMs: 5_000,
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      maxConnections: 1024,
      patternLimit: 4096,
    });
  });

  it("uses the ConfigMap store in a cluster, with the namespace from POD_NAMESPACE or the service account", () => {
    expect(readConfig({ KUBERNETES_SERVICE_HOST: "10.0.0.1", POD_NAMESPACE: "games" }).store).toEqual({
      kind: "configmap",
      name: "gate-engine-state",
      namespace: "games",
    });
    expect(readConfig({ KUBERNETES_SERVICE_HOST: "10.0.0.1" }, () => "platform\n").store).toMatchObject({ namespace: "platform" });
  });

  it("creates the store the configuration names", async () => {
    expect(createStore(readConfig({ GATE_ENGINE_STATE_FILE: "/tmp/x.json" })).description).toBe("file /tmp/x.json");
    api = await startFakeKubeApi();
    const store = createStore(readConfig({ GATE_ENGINE_STATE_STORE: "configmap", POD_NAMESPACE: "games" }), api.kubeConfig);
    expect(store.description).toBe("ConfigMap games/gate-engine-state");
  });

  it("reads networks from the API in a cluster or when asked, in the pod's namespace", () => {
    expect(readConfig({ KUBERNETES_SERVICE_HOST: "10.0.0.1", POD_NAMESPACE: "games" })).toMatchObject({ source: "kubernetes", namespace: "games" });
    expect(readConfig({ GATE_ENGINE_SOURCE: "kubernetes", POD_NAMESPACE: "dev" })).toMatchObject({ source: "kubernetes", namespace: "dev" });
    expect(() => readConfig({ GATE_ENGINE_SOURCE: "etcd" })).toThrow('GATE_ENGINE_SOURCE="etcd" must be files or kubernetes');
  });

  it("rejects bad values with the variable named", () => {
    const noFile = () => {
      throw new Error("ENOENT");
    };
    expect(() => readConfig({ PORT: "http" })).toThrow('PORT="http" is not a port number');
    expect(() => readConfig({ METRICS_PORT: "70000" })).toThrow('METRICS_PORT="70000" is not a port number');
    expect(() => readConfig({ GATE_ENGINE_BODY_LIMIT: "-1" })).toThrow('GATE_ENGINE_BODY_LIMIT="-1" must be a positive integer');
    expect(() => readConfig({ GATE_ENGINE_STATE_STORE: "etcd" })).toThrow('GATE_ENGINE_STATE_STORE="etcd" must be file or configmap');
    expect(() => readConfig({ GATE_ENGINE_STATE_STORE: "configmap" }, noFile)).toThrow("set POD_NAMESPACE (or mount the service account)");
  });
});
