// Learning with several replicas loses nothing: engines sharing one ConfigMap (a local 127.0.0.1 server speaking the
// ConfigMap part of the Kubernetes API, no cluster), each taught different facts, with injected 409 Conflicts,
// 500s and restarts in random order. After all saves and a full restart every fact is known.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigMapStateStore } from "../../gate-engine/src/configmap-store.ts";
import { GateEngine } from "../../gate-engine/src/engine.ts";
import { createMetrics } from "../../gate-engine/src/metrics.ts";
import { StatePersister } from "../../gate-engine/src/persister.ts";
import type { Bit } from "../../gate-engine/src/model.ts";
import { startFakeKubeApi, type FakeKubeApi } from "./fake-kube-api.ts";
import { catalogOf, quietLog } from "./support.ts";

const FACTS = `
apiVersion: gaia.tech/v1
kind: GateNetwork
metadata: {name: facts}
spec:
  inputBits: 4
  gates:
    - {name: in, type: BUFFER}
    - {name: pat, type: PATTERN, patterns: {"0000": 0}}
    - {name: thr, type: THRESHOLD, weights: [0.1, 0.2, 0.3, 0.4], threshold: 0.5}
    - {name: all, type: ADAPTIVE_AND, confidence: 0.5}
  connections:
    - {from: in, to: pat}
    - {from: in, to: thr}
    - {from: in, to: all}
---
apiVersion: gaia.tech/v1
kind: LearningPolicy
metadata: {name: everything}
spec:
  updateInterval: 1h
  training: {learningRate: 0.01, confidenceBounds: {min: 0.05, max: 0.99}}
  persistence: {enabled: true, storage: configmap}
`;

const NS = "games";
const NAME = "gate-engine-state";
let api: FakeKubeApi;
beforeAll(async () => (api = await startFakeKubeApi()));
afterAll(() => api.close());

interface Replica {
  engine: GateEngine;
  persister: StatePersister;
}

function startReplica(): Replica {
  const engine = new GateEngine(catalogOf(FACTS));
  const store = new ConfigMapStateStore(api.kubeConfig, { name: NAME, namespace: NS, maxAttempts: 8, sleep: async () => undefined });
  return { engine, persister: new StatePersister(engine, store, createMetrics({ processMetrics: false }), quietLog) };
}

/** Syncs until it succeeds (a failed sync keeps its increments for the next one). */
async function syncUntilSaved(r: Replica): Promise<void> {
  for (let i = 0; i < 20; i++) if (await r.persister.flush()) return;
  throw new Error("sync kept failing");
}

const bitsOf = (n: number): Bit[] => [3, 2, 1, 0].map((shift) => ((n >> shift) & 1) as Bit);
const weightsOf = (e: GateEngine) => e.exportState()["facts.thr"].split(",").map(Number);
const confidenceOf = (e: GateEngine) => Number(e.exportState()["facts.all"].split(":")[1]);

type Step =
  | { op: "teach"; replica: number; pattern: number; bit: Bit; thr: Bit; all: Bit }
  | { op: "sync"; replica: number; conflicts: number; failures: number }
  | { op: "restart"; replica: number };

const REPLICAS = 3;
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    op: fc.constant("teach" as const),
    replica: fc.nat(REPLICAS - 1),
    pattern: fc.nat(4),
    bit: fc.constantFrom<Bit>(0, 1),
    thr: fc.constantFrom<Bit>(0, 1),
    all: fc.constantFrom<Bit>(0, 1),
  }),
  fc.record({ op: fc.constant("sync" as const), replica: fc.nat(REPLICAS - 1), conflicts: fc.nat(3), failures: fc.nat(1) }),
  fc.record({ op: fc.constant("restart" as const), replica: fc.nat(REPLICAS - 1) }),
);

describe("learning with several replicas against a local 127.0.0.1 server speaking the ConfigMap API (no cluster)", () => {
  it("keeps every fact any replica was taught, whatever the interleaving of syncs, 409s, 500s and restarts (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 30 }), async (steps) => {
        api.put(NS, NAME, {});
        api.conflictNext(0);
        api.failNext(0);
        const replicas = Array.from({ length: REPLICAS }, startReplica);
        for (const r of replicas) await syncUntilSaved(r);
        const patterns = new Map<string, Bit>([["0000", 0]]);
        const weights = [0.1, 0.2, 0.3, 0.4];
        let confidence = 0.5;
        for (const s of steps) {
          const r = replicas[s.replica];
          if (s.op === "teach") {
            // Replicas are taught disjoint patterns (pattern p goes to replica p mod 3), so each fact has one teacher.
            const input = bitsOf(s.pattern * REPLICAS + s.replica + 1);
            const [w0, c0] = [weightsOf(r.engine), confidenceOf(r.engine)];
            r.engine.feedback("facts", input, { pat: s.bit, thr: s.thr, all: s.all });
            patterns.set(input.join(""), s.bit);
            weightsOf(r.engine).forEach((w, i) => (weights[i] += w - w0[i]));
            confidence += confidenceOf(r.engine) - c0;
          } else if (s.op === "sync") {
            api.conflictNext(s.conflicts);
            api.failNext(s.failures);
            await r.persister.flush();
            api.conflictNext(0);
            api.failNext(0);
          } else {
            await syncUntilSaved(r);
            replicas[s.replica] = startReplica();
            await syncUntilSaved(replicas[s.replica]);
          }
        }
        for (const r of replicas) await syncUntilSaved(r);
        const fresh = startReplica();
        await syncUntilSaved(fresh);
        for (const [pattern, bit] of patterns) {
          const trace = fresh.engine.evaluate("facts", [...pattern].map(Number)).trace;
          expect(trace.find((t) => t.gate === "pat")?.output).toEqual([bit]);
        }
        weightsOf(fresh.engine).forEach((w, i) => expect(w).toBeCloseTo(weights[i], 9));
        expect(confidenceOf(fresh.engine)).toBeCloseTo(confidence, 9);
        // Every replica, after one more read, runs the same state.
        for (const r of replicas) {
          await syncUntilSaved(r);
          expect(r.engine.exportState()).toEqual(fresh.engine.exportState());
        }
      }),
      { numRuns: 25 },
    );
  });

  it("resolves two replicas teaching one pattern different bits by the later teaching, the same way on every replica", async () => {
    api.put(NS, NAME, {});
    const [a, b] = [startReplica(), startReplica()];
    await syncUntilSaved(a);
    await syncUntilSaved(b);
    b.engine.feedback("facts", [1, 1, 1, 1], { pat: 1 });
    await new Promise((r) => setTimeout(r, 5));
    a.engine.feedback("facts", [1, 1, 1, 1], { pat: 0 });
    await syncUntilSaved(a); // the later teaching is saved first
    await syncUntilSaved(b);
    await syncUntilSaved(a);
    for (const r of [a, b]) expect(r.engine.evaluate("facts", [1, 1, 1, 1]).trace.find((t) => t.gate === "pat")?.output).toEqual([0]);
  });

  it("picks up another replica's learning with its next sync (one read)", async () => {
    api.put(NS, NAME, {});
    const [a, b] = [startReplica(), startReplica()];
    await syncUntilSaved(a);
    await syncUntilSaved(b);
    a.engine.feedback("facts", [0, 1, 0, 1], { pat: 1 });
    await syncUntilSaved(a);
    expect(b.engine.evaluate("facts", [0, 1, 0, 1]).trace.find((t) => t.gate === "pat")?.output).toEqual([0]);
    const before = api.requests.length;
    await syncUntilSaved(b);
    expect(api.requests.slice(before)).toEqual([`GET /api/v1/namespaces/${NS}/configmaps/${NAME}`]);
    expect(b.engine.evaluate("facts", [0, 1, 0, 1]).trace.find((t) => t.gate === "pat")?.output).toEqual([1]);
  });
});
