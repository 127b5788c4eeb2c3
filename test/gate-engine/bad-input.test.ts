// The gate engine under bad input: atomic feedback, clients that hang up, slow clients, parser errors, wrong
// methods, float round trips, bounded pattern memory and ConfigMap size, persistence switched off per gate.
import { connect } from "node:net";
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateEngine, type RunningGateEngine } from "../../gate-engine/src/app.ts";
import { readConfig } from "../../gate-engine/src/config.ts";
import { ConfigMapStateStore, dataBytes } from "../../gate-engine/src/configmap-store.ts";
import { GateEngine } from "../../gate-engine/src/engine.ts";
import { evaluateGate } from "../../gate-engine/src/gates.ts";
import { decodeState, encodeState } from "../../gate-engine/src/state-codec.ts";
import type { GateState } from "../../gate-engine/src/model.ts";
import { startFakeKubeApi } from "./fake-kube-api.ts";
import { catalogOf, quietLog, tempDirWith, THREE_LAYER } from "./support.ts";

let running: RunningGateEngine;
let port: number;

beforeAll(async () => {
  const dir = await tempDirWith({ "networks.yaml": THREE_LAYER });
  const env = {
    PORT: "0",
    HOST: "127.0.0.1",
    GATE_ENGINE_MANIFESTS: dir,
    GATE_ENGINE_STATE_FILE: `${dir}/state.json`,
    GATE_ENGINE_SHUTDOWN_DELAY_MS: "0",
    GATE_ENGINE_HEADERS_TIMEOUT_MS: "300",
    GATE_ENGINE_REQUEST_TIMEOUT_MS: "600",
    GATE_ENGINE_MAX_CONNECTIONS: "4",
  };
  running = await startGateEngine(readConfig(env), { log: quietLog });
  port = running.port;
});
afterAll(() => running.shutdown());

/** Sends raw bytes and returns everything the server answers before it closes the connection. */
function raw(text: string, waitMs = 2000): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(text));
    let answer = "";
    socket.on("data", (d) => (answer += d.toString()));
    socket.on("close", () => resolve(answer));
    socket.on("error", () => resolve(answer));
    setTimeout(() => socket.destroy(), waitMs);
  });
}

describe("feedback is all or nothing", () => {
  it("leaves every gate as it was when one entry of the request is bad", () => {
    const e = new GateEngine(catalogOf(THREE_LAYER));
    const before = e.exportState();
    expect(() => e.feedback("tri", [1, 1, 1], { all: 0, pat: 0, ghost: 1 })).toThrow('network "tri" has no gate "ghost"');
    expect(() => e.feedback("tri", [1, 1, 1], { all: 0, pat: 2 })).toThrow('expected bit for gate "pat" must be 0 or 1');
    expect(() => e.feedback("tri", [1, 1, 1], { all: 0, in: 1 })).toThrow('no LearningPolicy selects BUFFER gates (gate "in")');
    expect(e.exportState()).toEqual(before);
    e.feedback("tri", [1, 1, 1], { all: 0 });
    expect(e.exportState()).not.toEqual(before);
  });
});

describe("HTTP edge cases", () => {
  it("answers a wrong method with 405 and Allow", async () => {
    const compute = await fetch(`http://127.0.0.1:${port}/compute/tri`);
    expect(compute.status).toBe(405);
    expect(compute.headers.get("allow")).toBe("POST");
    const health = await fetch(`http://127.0.0.1:${port}/healthz`, { method: "POST" });
    expect(health.status).toBe(405);
    expect(health.headers.get("allow")).toBe("GET, HEAD");
    expect(await health.json()).toEqual({ error: "/healthz takes GET" });
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  });

  it("answers errors of the HTTP parser as JSON", async () => {
    const answer = await raw("NOT A REQUEST\r\n\r\n");
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(answer).toContain("content-type: application/json");
    expect(JSON.parse(answer.split("\r\n\r\n")[1])).toEqual({ error: "malformed HTTP request (HPE_INVALID_METHOD)" });
    const huge = await raw(`GET /healthz HTTP/1.1\r\nhost: x\r\nx-big: ${"a".repeat(20_000)}\r\n\r\n`);
    expect(huge).toMatch(/^HTTP\/1\.1 431 /);
  });

  it("closes a connection whose headers do not arrive within the headers timeout, with 408 as JSON", async () => {
    const answer = await raw("POST /compute/tri HTTP/1.1\r\nhost: x\r\n", 5000);
    expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(answer).toContain('{"error":"request not received in time"}');
  });

  it("counts a client that hangs up mid-body apart, not as a 500", async () => {
    await new Promise<void>((resolve) => {
      const req = request({ host: "127.0.0.1", port, path: "/feedback", method: "POST", headers: { "content-length": "500" } });
      req.on("error", () => resolve());
      req.write('{"network": "tri",', () => setTimeout(() => req.destroy(), 50));
      req.on("close", () => resolve());
    });
    await new Promise((r) => setTimeout(r, 100));
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(text).toMatch(/^gate_engine_client_aborts_total 1$/m);
    expect(text).not.toContain('code="500"');
  });

  it("refuses connections over the cap", async () => {
    const held = await Promise.all(
      Array.from(
        { length: 4 },
        () =>
          new Promise<ReturnType<typeof connect>>((resolve) => {
            const socket = connect(port, "127.0.0.1", () => resolve(socket));
            socket.on("error", () => undefined);
          }),
      ),
    );
    await new Promise((r) => setTimeout(r, 20));
    const refused = await raw("GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n", 1000);
    expect(refused).toBe("");
    for (const socket of held) socket.destroy();
    await new Promise((r) => setTimeout(r, 50));
    expect(await raw("GET /healthz HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(() => readConfig({ GATE_ENGINE_MAX_CONNECTIONS: "0" })).toThrow('GATE_ENGINE_MAX_CONNECTIONS="0" must be a positive integer');
  });
});

describe("learned state", () => {
  it("round-trips THRESHOLD weights exactly, so no output flips after a restart", () => {
    // 0.1 + 0.2 = 0.30000000000000004: rounded to six places it would fall below a threshold of 0.30000000000000004.
    const spec = { name: "t", type: "THRESHOLD" as const, replicas: 1, weights: [0.1, 0.2], threshold: 0.30000000000000004 };
    const state: GateState = { kind: "weights", weights: [0.1 + 0.2, 1 / 3] };
    const back = decodeState(encodeState(state, true) as string, state) as GateState;
    expect(back).toEqual(state);
    expect(evaluateGate(spec, back, [1, 0])).toEqual(evaluateGate(spec, state, [1, 0]));
    expect(evaluateGate(spec, state, [1, 0])).toEqual([1]);
    expect(decodeState("1e-7,2.5E+3", state)).toEqual({ kind: "weights", weights: [1e-7, 2500] });
    expect(decodeState("0x10,1", state)).toBeUndefined();
  });

  it("keeps at most the pattern limit, evicting the least recently taught", () => {
    const e = new GateEngine(catalogOf(THREE_LAYER), { patternLimit: 4 });
    for (const input of [
      [0, 0, 0],
      [0, 0, 1],
      [1, 1, 1],
    ] as const)
      e.feedback("tri", [...input], { pat: 1 });
    const stored = e.exportState()["tri.pat"];
    expect(stored.split(",").map((p) => p.split(":")[0])).toEqual(["000", "001", "011", "111"]);
    // "011" came from the manifest (taught at time 0) and was evicted before "101" and "110" only by name order.
    expect(e.evaluate("tri", [1, 0, 1]).trace.find((t) => t.gate === "pat")?.output).toEqual([0]);
  });

  it("does not store or load gates whose LearningPolicy disables persistence", () => {
    const noPersist = THREE_LAYER.replace(
      "persistence: {enabled: true, storage: configmap}\n---\napiVersion: gaia.tech/v1\nkind: LearningPolicy\nmetadata: {name: patterns}",
      "persistence: {enabled: false}\n---\napiVersion: gaia.tech/v1\nkind: LearningPolicy\nmetadata: {name: patterns}",
    );
    const e = new GateEngine(catalogOf(noPersist));
    e.feedback("tri", [1, 1, 1], { all: 0, pat: 0 });
    expect([...e.takePending().keys()]).toEqual(["tri.pat"]);
    expect(e.importState({ "tri.all": "confidence:0.2" })).toEqual([]);
    expect(e.exportState()["tri.all"]).not.toBe("confidence:0.2");
  });

  it("refuses a ConfigMap write over the 1 MiB limit before sending it", async () => {
    const api = await startFakeKubeApi();
    try {
      api.put("games", "state", { a: "1" });
      const store = new ConfigMapStateStore(api.kubeConfig, { name: "state", namespace: "games" });
      await expect(store.update((d) => ({ ...d, big: "x".repeat(1024 * 1024) }))).rejects.toThrow(
        /not writing ConfigMap games\/state: its data would be 1048581 bytes, over the ConfigMap limit/,
      );
      expect(api.requests.filter((r) => r.startsWith("PUT"))).toEqual([]);
      expect(dataBytes({ ab: "cd", é: "" })).toBe(6);
    } finally {
      await api.close();
    }
  });
});
