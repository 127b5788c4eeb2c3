// Persistence through the Kubernetes API with @kubernetes/client-node. No cluster can run here, so these tests run
// against a local HTTP server on 127.0.0.1 that speaks the ConfigMap part of the API (GET, PUT, 409 when stale).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigMapStateStore } from "../../gate-engine/src/configmap-store.ts";
import { startFakeKubeApi, type FakeKubeApi } from "./fake-kube-api.ts";

let api: FakeKubeApi;
const noSleep = async (): Promise<void> => undefined;

beforeEach(async () => {
  api = await startFakeKubeApi();
  api.put("games", "gate-engine-state", { "tri.all": "confidence:0.85", "other.gate": "0.5,0.5" });
});
afterEach(() => api.close());

const store = (extra: Partial<ConstructorParameters<typeof ConfigMapStateStore>[1]> = {}) =>
  new ConfigMapStateStore(api.kubeConfig, { name: "gate-engine-state", namespace: "games", sleep: noSleep, ...extra });

const merge = (changes: Record<string, string>) => (data: Record<string, string>) => ({ ...data, ...changes });

describe("ConfigMap state store against a local 127.0.0.1 server speaking the ConfigMap API (no cluster)", () => {
  it("loads the ConfigMap's data with GET", async () => {
    expect(await store().load()).toEqual({ "tri.all": "confidence:0.85", "other.gate": "0.5,0.5" });
    expect(api.requests).toEqual(["GET /api/v1/namespaces/games/configmaps/gate-engine-state"]);
  });

  it("saves changes with PUT carrying the resourceVersion it read, keeping other keys", async () => {
    const s = store();
    await s.load();
    await s.update(merge({ "tri.all": "confidence:0.9" }));
    await s.update(merge({ "tri.pat": "101:1" }));
    expect(api.configMaps.get("games/gate-engine-state")?.data).toEqual({ "tri.all": "confidence:0.9", "other.gate": "0.5,0.5", "tri.pat": "101:1" });
    expect(api.requests.filter((r) => r.startsWith("PUT"))).toHaveLength(2);
    expect(api.requests.filter((r) => r.startsWith("GET"))).toHaveLength(1);
  });

  it("on 409 Conflict re-reads, merges the other writer's change and retries with backoff", async () => {
    const delays: number[] = [];
    const s = store({ sleep: async (ms) => void delays.push(ms) });
    await s.load();
    api.interleaveWrites(2, { "other.gate": "0.9,0.1" });
    await s.update(merge({ "tri.all": "confidence:0.6" }));
    expect(api.configMaps.get("games/gate-engine-state")?.data).toEqual({ "tri.all": "confidence:0.6", "other.gate": "0.9,0.1" });
    expect(delays).toEqual([50, 100]);
    expect(api.requests.slice(1)).toEqual([
      "PUT /api/v1/namespaces/games/configmaps/gate-engine-state",
      "GET /api/v1/namespaces/games/configmaps/gate-engine-state",
      "PUT /api/v1/namespaces/games/configmaps/gate-engine-state",
      "GET /api/v1/namespaces/games/configmaps/gate-engine-state",
      "PUT /api/v1/namespaces/games/configmaps/gate-engine-state",
    ]);
  });

  it("gives up after maxAttempts conflicts with a clear error", async () => {
    const s = store({ maxAttempts: 3 });
    await s.load();
    api.interleaveWrites(10, { "other.gate": "1,1" });
    await expect(s.update(merge({ "tri.all": "confidence:0.6" }))).rejects.toThrow("ConfigMap games/gate-engine-state: still conflicting after 3 attempts");
  });

  it("reads the ConfigMap first when saving before any load", async () => {
    await store().update(merge({ "tri.all": "confidence:0.7" }));
    expect(api.requests.map((r) => r.split(" ")[0])).toEqual(["GET", "PUT"]);
  });

  it("says the ConfigMap is missing on 404", async () => {
    const s = new ConfigMapStateStore(api.kubeConfig, { name: "absent", namespace: "games" });
    await expect(s.load()).rejects.toThrow("ConfigMap games/absent does not exist; it ships with base/gate-engine");
  });

  it("reports other API errors on read and on write", async () => {
    api.failNext(1);
    await expect(store().load()).rejects.toThrow("cannot read ConfigMap games/gate-engine-state: HTTP-Code: 500");
    const s = store();
    await s.load();
    api.failNext(1);
    await expect(s.update(merge({ "tri.all": "confidence:0.6" }))).rejects.toThrow("cannot update ConfigMap games/gate-engine-state: HTTP-Code: 500");
  });

  it("describes itself by namespace and name", () => {
    expect(store().description).toBe("ConfigMap games/gate-engine-state");
  });
});
