// Shared test support for the gate engine suite: paths, temp folders and a small example network.
import { mkdtempSync, rmSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { collectManifests } from "../../gate-engine/src/manifests.ts";
import type { Catalog } from "../../gate-engine/src/model.ts";

export const REPO_ROOT = new URL("../../", import.meta.url).pathname;
export const EXAMPLES_DIR = join(REPO_ROOT, "base/gate-engine");

export function catalogOf(yaml: string): Catalog {
  return collectManifests(yaml, "test.yaml", { networks: [], policies: [], endpoints: [] });
}

let root: string | undefined;

/** One folder per test file, removed after the file's tests. */
function testRoot(): string {
  root ??= mkdtempSync(join(tmpdir(), "gate-engine-test-"));
  return root;
}

afterAll(() => {
  if (root !== undefined) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

export async function tempDirWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(testRoot(), "case-"));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

export const quietLog = { info: (): void => undefined, error: (): void => undefined };

/** A small network that exercises every gate type: 3 input bits → BUFFER → PATTERN + ADAPTIVE_AND → THRESHOLD. */
export const THREE_LAYER = `
apiVersion: gaia.tech/v1
kind: GateNetwork
metadata: {name: tri}
spec:
  inputBits: 3
  gates:
    - {name: in, type: BUFFER, replicas: 3}
    - {name: pat, type: PATTERN, replicas: 2, patterns: {"101": 1, "110": 0, "011": 1}}
    - {name: all, type: ADAPTIVE_AND, replicas: 2, confidence: 0.85}
    - {name: out, type: THRESHOLD, weights: [0.7, 0.3], threshold: 0.5}
  connections:
    - {from: in, to: pat, loadBalancer: round-robin}
    - {from: in, to: all, loadBalancer: round-robin}
    - {from: pat, to: out, loadBalancer: hash-based}
    - {from: all, to: out, loadBalancer: hash-based}
---
apiVersion: gaia.tech/v1
kind: LearningPolicy
metadata: {name: adaptive}
spec:
  updateInterval: 100ms
  gates: {selector: {type: ADAPTIVE_AND}}
  training: {mode: continuous, feedback: external, learningRate: 0.5, confidenceBounds: {min: 0.1, max: 0.9}}
  persistence: {enabled: true, storage: configmap}
---
apiVersion: gaia.tech/v1
kind: LearningPolicy
metadata: {name: patterns}
spec:
  updateInterval: 1s
  gates: {selector: {type: PATTERN}}
  persistence: {enabled: true, storage: configmap}
---
apiVersion: gaia.tech/v1
kind: EndpointGate
metadata: {name: api}
spec:
  routes:
    - {path: /users/*, gate: tri}
    - {path: /exact/path, gate: tri}
`;
