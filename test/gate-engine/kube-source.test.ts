// Networks from the Kubernetes API, against a local 127.0.0.1 server speaking the API's list, streaming watch,
// status subresource and Events (no cluster): changes apply without a restart, invalid objects never replace valid
// ones and are reported in status and Events, learned state follows the gate's shape, watches survive 410 and 500.
import { writeFile } from "node:fs/promises";
import { request } from "node:http";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { afterEach, describe, expect, it } from "vitest";
import { startGateEngine, type RunningGateEngine } from "../../gate-engine/src/app.ts";
import { readConfig } from "../../gate-engine/src/config.ts";
import { GATE_PLURALS } from "../../gate-engine/src/kube-source.ts";
import type { GateKind } from "../../gate-engine/src/resources.ts";
import { startFakeKubeApi, type CustomObject, type FakeKubeApi } from "./fake-kube-api.ts";
import { tempDirWith, THREE_LAYER } from "./support.ts";

let api: FakeKubeApi | undefined;
let running: RunningGateEngine | undefined;
afterEach(async () => {
  await running?.shutdown().catch(() => undefined);
  await api?.close();
  running = api = undefined;
});

const until = async (check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
};

const NS = "games";
const objectsOf = (yaml: string): CustomObject[] =>
  parseAllDocuments(yaml).map((d) => {
    const o = d.toJS() as CustomObject;
    return { ...o, metadata: { ...o.metadata, namespace: NS } };
  });
const applyAll = (yaml: string) => {
  for (const o of objectsOf(yaml)) api?.apply(GATE_PLURALS[o.kind as GateKind], o);
};

async function start(logs: string[] = []): Promise<string> {
  api = await startFakeKubeApi();
  const dir = await tempDirWith({ "n.yaml": THREE_LAYER });
  const config = readConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    GATE_ENGINE_MANIFESTS: dir,
    GATE_ENGINE_SOURCE: "kubernetes",
    GATE_ENGINE_STATE_STORE: "file",
    GATE_ENGINE_STATE_FILE: `${dir}/state.json`,
    POD_NAMESPACE: NS,
    GATE_ENGINE_SHUTDOWN_DELAY_MS: "0",
  });
  const log = { info: (m: string) => logs.push(m), error: (m: string) => logs.push(m) };
  running = await startGateEngine(config, { log, kubeConfig: api.kubeConfig });
  return `http://127.0.0.1:${running.port}`;
}

const compute = (base: string, path: string, inputs: number[]) => fetch(`${base}${path}`, { method: "POST", body: JSON.stringify({ inputs }) });
const NOT = `
apiVersion: gaia.tech/v1
kind: GateNetwork
metadata: {name: flip}
spec:
  inputBits: 1
  gates:
    - {name: p, type: PATTERN, patterns: {"0": 1, "1": 0}}
`;

describe("networks from the API (local 127.0.0.1 server speaking list, watch, status and Events; no cluster)", () => {
  it("serves the mounted networks at start, then the API's, and applies a change without a restart", async () => {
    const base = await start();
    expect((await compute(base, "/compute/tri", [1, 0, 1])).status).toBe(200);
    applyAll(THREE_LAYER + "---" + NOT);
    await until(() => running?.engine.hasNetwork("flip") === true);
    expect(await (await compute(base, "/compute/flip", [0])).json()).toEqual({ network: "flip", outputs: { p: [1] } });
    applyAll(`${NOT}    - {name: q, type: BUFFER}\n  connections:\n    - {from: p, to: q}\n`);
    await until(async () => JSON.stringify(await (await compute(base, "/compute/flip", [0])).json()) === '{"network":"flip","outputs":{"q":[1]}}');
    api?.remove("gatenetworks", NS, "flip");
    await until(async () => (await compute(base, "/compute/flip", [0])).status === 404);
    const status = api?.custom("gatenetworks", NS, "tri")?.status as { observedGeneration: number; conditions: { type: string; status: string }[] };
    expect(status.observedGeneration).toBe(1);
    expect(status.conditions[0]).toMatchObject({ type: "Ready", status: "True", reason: "Loaded" });
  });

  it("keeps the last valid version of an invalid object, with Ready=False, observedGeneration and a Warning Event", async () => {
    const base = await start();
    applyAll(THREE_LAYER + "---" + NOT);
    await until(() => running?.engine.hasNetwork("flip") === true);
    applyAll(NOT.replace("inputBits: 1", "inputBits: 2"));
    const condition = () =>
      (api?.custom("gatenetworks", NS, "flip")?.status as { observedGeneration?: number; conditions?: Record<string, unknown>[] } | undefined) ?? {};
    await until(() => condition().conditions?.[0]?.status === "False");
    expect(condition().observedGeneration).toBe(2);
    expect(condition().conditions?.[0]).toMatchObject({
      reason: "InvalidSpec",
      message: 'GateNetwork "flip": fan-in arity of PATTERN gate "p" is 2 input bit(s), it needs 1 (at /spec/gates/0); the last valid version keeps running',
    });
    expect(await (await compute(base, "/compute/flip", [0])).json()).toEqual({ network: "flip", outputs: { p: [1] } });
    await until(() => (api?.events.length ?? 0) > 0);
    expect(api?.events[0]).toMatchObject({ type: "Warning", reason: "InvalidSpec", involvedObject: { kind: "GateNetwork", name: "flip", namespace: NS } });
    applyAll(NOT);
    await until(() => condition().conditions?.[0]?.status === "True");
    expect(condition().observedGeneration).toBe(3);
  });

  it("keeps learned state across a change that keeps the gate's shape, and drops it (logged) when the shape changes", async () => {
    const logs: string[] = [];
    const base = await start(logs);
    applyAll(THREE_LAYER);
    await until(() => api?.custom("gatenetworks", NS, "tri")?.status !== undefined);
    await fetch(`${base}/feedback`, { method: "POST", body: JSON.stringify({ network: "tri", inputs: [0, 0, 0], expected: { pat: 1, all: 0 } }) });
    const learned = running?.engine.exportState()["tri.all"];
    applyAll(THREE_LAYER.replace("replicas: 3", "replicas: 4"));
    await until(() => (api?.custom("gatenetworks", NS, "tri")?.status as { observedGeneration: number }).observedGeneration === 2);
    expect(running?.engine.exportState()["tri.all"]).toBe(learned);
    expect(running?.engine.evaluate("tri", [0, 0, 0]).trace.find((t) => t.gate === "pat")?.output).toEqual([1]);
    applyAll(
      THREE_LAYER.replace("replicas: 3", "replicas: 4")
        .replace('{"101": 1, "110": 0, "011": 1}', '{"1": 1}')
        .replace("{from: in, to: pat, loadBalancer: round-robin}", "{from: all, to: pat}"),
    );
    await until(() => logs.some((l) => l.startsWith("learned state dropped")));
    expect(logs).toContain("learned state dropped because the gate's shape changed: tri.pat");
    expect(running?.engine.exportState()["tri.all"]).toBe(learned);
  });

  it("re-lists after 410 Gone, resuming with what changed while the watch was down", async () => {
    const base = await start();
    applyAll(THREE_LAYER);
    await until(() => api?.custom("gatenetworks", NS, "tri")?.status !== undefined);
    const listsBefore = api?.requests.filter((r) => /gatenetworks$/.test(r)).length ?? 0;
    api?.expireWatches();
    applyAll(NOT);
    await until(async () => (await compute(base, "/compute/flip", [1])).status === 200);
    expect(api?.requests.filter((r) => /gatenetworks$/.test(r)).length).toBeGreaterThan(listsBefore);
  });

  it("retries with back-off when listing fails (500) or hangs, serving the mounted networks meanwhile", async () => {
    const logs: string[] = [];
    api = await startFakeKubeApi();
    api.failNext(2);
    api.hangNext(0);
    const dir = await tempDirWith({ "n.yaml": THREE_LAYER });
    running = await startGateEngine(
      readConfig({
        PORT: "0",
        HOST: "127.0.0.1",
        GATE_ENGINE_MANIFESTS: dir,
        GATE_ENGINE_SOURCE: "kubernetes",
        GATE_ENGINE_STATE_STORE: "file",
        GATE_ENGINE_STATE_FILE: `${dir}/s.json`,
        POD_NAMESPACE: NS,
        GATE_ENGINE_SHUTDOWN_DELAY_MS: "0",
      }),
      { log: { info: () => undefined, error: (m) => logs.push(m) }, kubeConfig: api.kubeConfig },
    );
    const base = `http://127.0.0.1:${running.port}`;
    expect((await compute(base, "/compute/tri", [1, 1, 1])).status).toBe(200);
    await until(() => logs.some((l) => /^watching \w+ failed .*retrying in 500 ms$/.test(l)));
    applyAll(NOT);
    await until(() => running?.engine.hasNetwork("flip") === true, 8000);
  });

  it("runs from a laptop against any cluster: $KUBECONFIG for the informers and the ConfigMap store", async () => {
    api = await startFakeKubeApi();
    api.put(NS, "gate-engine-state", { "tri.all": "confidence:0.25" });
    applyAll(NOT);
    const dir = await tempDirWith({ "n.yaml": THREE_LAYER });
    const kubeconfig = join(dir, "kubeconfig");
    await writeFile(
      kubeconfig,
      `apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "${api.url}", insecure-skip-tls-verify: true}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n`,
    );
    const saved = process.env.KUBECONFIG;
    process.env.KUBECONFIG = kubeconfig;
    try {
      running = await startGateEngine(
        readConfig({
          PORT: "0",
          HOST: "127.0.0.1",
          GATE_ENGINE_MANIFESTS: dir,
          GATE_ENGINE_SOURCE: "kubernetes",
          GATE_ENGINE_STATE_STORE: "configmap",
          POD_NAMESPACE: NS,
          GATE_ENGINE_SHUTDOWN_DELAY_MS: "0",
        }),
        { log: { info: () => undefined, error: () => undefined } },
      );
    } finally {
      if (saved === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = saved;
    }
    await until(() => running?.engine.hasNetwork("flip") === true);
    applyAll(THREE_LAYER);
    await until(() => running?.persister.loaded === true && running.engine.exportState()["tri.all"] === "confidence:0.25");
  });

  it("reloads the mounted files on request (SIGHUP), keeping the running networks when the files are invalid", async () => {
    const logs: string[] = [];
    const dir = await tempDirWith({ "n.yaml": THREE_LAYER });
    running = await startGateEngine(
      readConfig({ PORT: "0", HOST: "127.0.0.1", GATE_ENGINE_MANIFESTS: dir, GATE_ENGINE_STATE_FILE: `${dir}/s.json`, GATE_ENGINE_SHUTDOWN_DELAY_MS: "0" }),
      { log: { info: (m) => logs.push(m), error: (m) => logs.push(m) } },
    );
    await writeFile(join(dir, "flip.yaml"), NOT);
    await running.reload();
    expect(running.engine.hasNetwork("flip")).toBe(true);
    await writeFile(join(dir, "flip.yaml"), NOT.replace("inputBits: 1", "inputBits: 2"));
    await running.reload();
    expect(running.engine.hasNetwork("flip")).toBe(true);
    expect(logs.at(-1)).toMatch(/^networks not reloaded, the previous ones keep running: .*flip\.yaml GateNetwork "flip": fan-in arity/);
  });

  it("finishes a request in flight on the networks it started with", async () => {
    const base = await start();
    applyAll(THREE_LAYER + "---" + NOT);
    await until(() => running?.engine.hasNetwork("flip") === true);
    const { port } = new URL(base);
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port, path: "/compute/flip", method: "POST", headers: { "transfer-encoding": "chunked" } }, (res) => {
        let body = "";
        res.on("data", (d: Buffer) => (body += d.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on("error", reject);
      req.write('{"inputs":');
      setTimeout(() => {
        api?.remove("gatenetworks", NS, "flip");
        void until(() => running?.engine.hasNetwork("flip") === false).then(() => req.end("[0]}"));
      }, 50);
    });
    expect(await answer).toEqual({ status: 200, body: '{"network":"flip","outputs":{"p":[1]}}' });
    expect((await compute(base, "/compute/flip", [0])).status).toBe(404);
  });
});
