// The HTTP API, run in-process on 127.0.0.1 with a temporary manifests folder and file state store.
import { readFile } from "node:fs/promises";
import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateEngine, type RunningGateEngine } from "../../gate-engine/src/app.ts";
import { readConfig } from "../../gate-engine/src/config.ts";
import { MAX_COMPILED_WIDTH } from "../../gate-engine/src/compiled-network.ts";
import { GateEngine } from "../../gate-engine/src/engine.ts";
import type { GateNetwork } from "../../gate-engine/src/model.ts";
import { createMetrics } from "../../gate-engine/src/metrics.ts";
import { RouteTable } from "../../gate-engine/src/routes.ts";
import { createGateService } from "../../gate-engine/src/service.ts";
import { catalogOf, quietLog, tempDirWith, THREE_LAYER } from "./support.ts";

let running: RunningGateEngine;
let base: string;
let stateFile: string;

beforeAll(async () => {
  const dir = await tempDirWith({ "networks.yaml": THREE_LAYER });
  stateFile = join(dir, "state", "state.json");
  const env = {
    PORT: "0",
    METRICS_PORT: "0",
    HOST: "127.0.0.1",
    GATE_ENGINE_MANIFESTS: dir,
    GATE_ENGINE_STATE_FILE: stateFile,
    GATE_ENGINE_BODY_LIMIT: "1024",
    GATE_ENGINE_SHUTDOWN_DELAY_MS: "0",
  };
  running = await startGateEngine(readConfig(env), { log: quietLog });
  base = `http://127.0.0.1:${running.port}`;
});
afterAll(() => running.shutdown());

const post = (path: string, body: unknown) =>
  fetch(`${base}${path}`, { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body), headers: { "content-type": "application/json" } });

describe("gate engine HTTP API", () => {
  it("answers health and readiness", async () => {
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: "ok" });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
  });

  it("computes a network by name, with a per-gate trace on request", async () => {
    const plain = await post("/compute/tri", { inputs: [1, 0, 1] });
    expect(plain.status).toBe(200);
    expect(plain.headers.get("content-type")).toBe("application/json");
    expect(await plain.text()).toBe(JSON.stringify({ network: "tri", outputs: { out: [1] } }));
    const traced = (await (await post("/compute/tri", { inputs: [1, 0, 1], trace: true })).json()) as { trace: { gate: string }[] };
    expect(traced.trace.map((t) => t.gate)).toEqual(["in", "pat", "all", "out"]);
    const byQuery = (await (await post("/compute/tri?trace=1", { inputs: [1, 0, 1] })).json()) as { trace: unknown[] };
    expect(byQuery.trace).toHaveLength(4);
  });

  it("computes through EndpointGate routes", async () => {
    expect(await (await post("/users/42", { inputs: [1, 1, 0] })).json()).toEqual({ network: "tri", outputs: { out: [0] } });
    expect((await post("/exact/path", { inputs: [1, 1, 0] })).status).toBe(200);
  });

  it("lists the loaded networks and their gates", async () => {
    const body = (await (await fetch(`${base}/networks`)).json()) as { networks: { name: string; gates: { name: string; type: string }[] }[]; routes: number };
    expect(body.routes).toBe(2);
    expect(body.networks[0].name).toBe("tri");
    expect(body.networks[0].gates.map((g) => `${g.name}:${g.type}`)).toEqual(["in:BUFFER", "pat:PATTERN", "all:ADAPTIVE_AND", "out:THRESHOLD"]);
  });

  it("answers bad input with 400 and a JSON error", async () => {
    const cases: [unknown, string][] = [
      [{ inputs: [1, 0] }, "inputs has 2 bit(s); the network takes 3"],
      [{ inputs: [1, 0, 7] }, "inputs must be an array of 0 and 1"],
      ["{not json", "request body is not valid JSON"],
      ["[1,0,1]", "request body must be a JSON object"],
      ["", "request body must be a JSON object"],
    ];
    for (const [body, message] of cases) {
      const res = await post("/compute/tri", body);
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toBe("application/json");
      expect(((await res.json()) as { error: string }).error).toContain(message);
    }
  });

  it("answers the compact body (compiled network), spaced JSON and a trace alike, for every input", async () => {
    for (let n = 0; n < 8; n++) {
      const inputs = [(n >> 2) & 1, (n >> 1) & 1, n & 1];
      const compact = await (await post("/compute/tri", `{"inputs":[${inputs.join(",")}]}`)).text();
      const spaced = await (await post("/compute/tri", `{ "inputs": [${inputs.join(", ")}] }`)).text();
      const traced = (await (await post("/compute/tri", { inputs, trace: true })).json()) as { outputs: unknown };
      expect(spaced).toBe(compact);
      expect(JSON.parse(compact)).toEqual({ network: "tri", outputs: traced.outputs });
    }
  });

  it("answers 404 for unknown networks and paths, 405 for the wrong method", async () => {
    expect((await post("/compute/ghost", { inputs: [1] })).status).toBe(404);
    const unknown = await post("/nowhere", { inputs: [1] });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: "no route for POST /nowhere" });
    expect((await fetch(`${base}/compute/tri`)).status).toBe(405);
    expect(await (await fetch(`${base}/feedback`)).json()).toEqual({ error: "/feedback takes POST" });
    const malformed = await post("/compute/%E0%A4%A", { inputs: [1] });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({ error: "malformed path /compute/%E0%A4%A" });
  });

  it("refuses bodies over the size limit with 413", async () => {
    const res = await post("/compute/tri", { inputs: [1, 0, 1], padding: "x".repeat(2000) });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: "request body exceeds 1024 bytes" });
  });

  it("refuses a streamed body that grows past the limit, and survives a client that hangs up mid-body", async () => {
    const { port } = new URL(base);
    const streamed = await new Promise<number>((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port, path: "/compute/tri", method: "POST", headers: { "transfer-encoding": "chunked" } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.write("x".repeat(700));
      req.write("x".repeat(700));
    });
    expect(streamed).toBe(413);
    await new Promise<void>((resolve) => {
      const req = request({ host: "127.0.0.1", port, path: "/compute/tri", method: "POST", headers: { "content-length": "500" } });
      req.on("error", () => resolve());
      req.write('{"inputs": [1,', () => setTimeout(() => req.destroy(), 50));
      req.on("close", () => resolve());
    });
    expect((await post("/compute/tri", { inputs: [1, 0, 1] })).status).toBe(200);
  });

  it("answers an unexpected failure with 500 and logs it", async () => {
    const errors: string[] = [];
    const boom = () => {
      throw new TypeError("boom");
    };
    // Both ways a network is evaluated (compiled, and the reference evaluation with a trace) fail unexpectedly.
    const engine = Object.assign(Object.create(GateEngine.prototype) as GateEngine, { hasNetwork: () => true, evaluate: boom, compiled: boom });
    const routes = new RouteTable([], new Set());
    const service = createGateService({
      engine,
      routes,
      metrics: createMetrics({ processMetrics: false }),
      log: { info: () => undefined, error: (m) => errors.push(m) },
      bodyLimitBytes: 1024,
    });
    await new Promise<void>((r) => service.server.listen(0, "127.0.0.1", r));
    try {
      const res = await fetch(`http://127.0.0.1:${(service.server.address() as AddressInfo).port}/compute/x`, { method: "POST", body: '{"inputs":[1]}' });
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ error: "internal error" });
      expect(errors[0]).toContain("POST /compute/x: TypeError: boom");
      const ready = await fetch(`http://127.0.0.1:${(service.server.address() as AddressInfo).port}/readyz`);
      expect(ready.status).toBe(503);
    } finally {
      await new Promise((r) => service.server.close(r));
    }
  });

  it("learns from POST /feedback and reports the steps", async () => {
    const res = await post("/feedback", { network: "tri", inputs: [0, 0, 0], expected: { pat: 1 } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ network: "tri", steps: [{ gate: "pat", type: "PATTERN", correct: false, delta: 1, state: "000:1,011:1,101:1,110:0" }] });
    const after = (await (await post("/compute/tri", { inputs: [0, 0, 0], trace: true })).json()) as { trace: { gate: string; output: number[] }[] };
    expect(after.trace.find((t) => t.gate === "pat")?.output).toEqual([1]);
  });

  it("rejects feedback without a network or with bad expectations", async () => {
    expect(((await (await post("/feedback", { inputs: [1, 1, 1] })).json()) as { error: string }).error).toBe("network must name a loaded GateNetwork");
    const res = await post("/feedback", { network: "tri", inputs: [1, 1, 1], expected: { out: 1 } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain("no LearningPolicy selects THRESHOLD gates");
  });

  it("exposes gate_engine_ metrics on /metrics and on the metrics port", async () => {
    await post("/feedback", { network: "tri", inputs: [1, 0, 1], expected: { pat: 1, all: 0 } });
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(/gate_engine_evaluation_duration_seconds_count\{network="tri"\} \d+/);
    expect(text).toMatch(/gate_engine_requests_total\{network="tri",code="200"\} \d+/);
    expect(text).toMatch(/gate_engine_requests_total\{network="tri",code="400"\} \d+/);
    expect(text).toMatch(/gate_engine_requests_total\{network="unknown",code="404"\} \d+/);
    expect(text).not.toContain('network="ghost"');
    expect(text).toMatch(/gate_engine_learning_convergence_delta\{network="tri",gate="all"\} 0\.\d+/);
    expect(text).toMatch(/gate_engine_pattern_accuracy_ratio\{network="tri",gate="pat"\} 0\.5/);
    expect(text).toContain("gate_engine_process_cpu_seconds_total");
    const metricsPort = await fetch(`http://127.0.0.1:${running.metricsPort}/metrics`);
    expect(await metricsPort.text()).toContain("gate_engine_requests_total");
    expect((await fetch(`http://127.0.0.1:${running.metricsPort}/healthz`)).status).toBe(404);
  });

  it("saves learned state on shutdown and loads it on the next start", async () => {
    await running.shutdown();
    const saved = JSON.parse(await readFile(stateFile, "utf8")) as Record<string, string>;
    expect(saved["tri.pat"]).toMatch(/^000:1:\d{13},011:1,101:1:\d{13},110:0$/);
    expect(saved["tri.all"]).toMatch(/^confidence:0\.\d+$/);
    const dir = join(stateFile, "..", "..");
    running = await startGateEngine(
      readConfig({ PORT: "0", HOST: "127.0.0.1", GATE_ENGINE_SHUTDOWN_DELAY_MS: "0", GATE_ENGINE_MANIFESTS: dir, GATE_ENGINE_STATE_FILE: stateFile }),
      {
        log: quietLog,
      },
    );
    base = `http://127.0.0.1:${running.port}`;
    expect(running.metricsPort).toBeUndefined();
    for (let i = 0; i < 100 && !running.persister.loaded; i++) await new Promise((r) => setTimeout(r, 20));
    const traced = (await (await post("/compute/tri", { inputs: [0, 0, 0], trace: true })).json()) as { trace: { gate: string; output: number[] }[] };
    expect(traced.trace.find((t) => t.gate === "pat")?.output).toEqual([1]);
  });
});

describe("answers of the compiled networks", () => {
  async function serve(engine: GateEngine) {
    const service = createGateService({
      engine,
      routes: new RouteTable([], new Set()),
      metrics: createMetrics({ processMetrics: false }),
      log: quietLog,
      bodyLimitBytes: 1024,
    });
    await new Promise<void>((r) => service.server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(service.server.address() as AddressInfo).port}`;
    const compute = async (network: string, body: string) => (await fetch(`${url}/compute/${network}`, { method: "POST", body })).text();
    return { service, compute, close: () => new Promise((r) => service.server.close(r)) };
  }

  it("are kept per version of a network: after a swap the same name answers from the new one", async () => {
    const { service, compute, close } = await serve(new GateEngine(catalogOf(THREE_LAYER)));
    try {
      expect(await compute("tri", '{"inputs":[1,0,1]}')).toBe('{"network":"tri","outputs":{"out":[1]}}');
      // The same name, another output gate: its answer for these inputs has the same output code (1) as before.
      const next = new GateEngine(
        catalogOf(`
apiVersion: gaia.tech/v1
kind: GateNetwork
metadata: {name: tri}
spec:
  inputBits: 3
  gates:
    - {name: other, type: THRESHOLD, replicas: 1, weights: [1, 0, 0], threshold: 0.5}
`),
      );
      service.swap(next, new RouteTable([], new Set()));
      expect(await compute("tri", '{"inputs":[1,0,1]}')).toBe('{"network":"tri","outputs":{"other":[1]}}');
    } finally {
      await close();
    }
  });

  it("come from the reference evaluation for a network too wide to compile", async () => {
    const width = MAX_COMPILED_WIDTH + 2;
    const wide: GateNetwork = { name: "wide", inputBits: width, gates: [{ name: "b", type: "BUFFER", replicas: 1 }], connections: [] };
    const engine = new GateEngine({ networks: [wide], policies: [], endpoints: [] });
    expect(engine.compiled("wide")).toBeUndefined();
    const { compute, close } = await serve(engine);
    try {
      const inputs = Array.from({ length: width }, (_, i) => i % 2);
      expect(JSON.parse(await compute("wide", JSON.stringify({ inputs })))).toEqual({ network: "wide", outputs: { b: inputs } });
      expect(JSON.parse(await compute("wide", '{"inputs":[1,0]}'))).toEqual({ error: `inputs has 2 bit(s); the network takes ${width}` });
    } finally {
      await close();
    }
  });
});
