// gate-network-valid end to end: the gate engine's own validator, run by `gaia validate` on objects rendered by the
// real kustomize, reports each problem at the line of the offending field.
import { afterEach, describe, expect, it } from "vitest";
import { fixtureRepo, gaia, type FixtureRepo } from "./repo.ts";

let repo: FixtureRepo;
afterEach(() => repo?.dispose());

const NETWORKS = `apiVersion: gaia.tech/v1
kind: GateNetwork
metadata:
  name: loop
spec:
  inputBits: 1
  gates:
    - name: a
      type: BUFFER
    - name: b
      type: BUFFER
  connections:
    - from: a
      to: b
    - from: b
      to: b
---
apiVersion: gaia.tech/v1
kind: GateNetwork
metadata:
  name: scorer
spec:
  inputBits: 3
  gates:
    - name: t
      type: THRESHOLD
      weights: [0.5, 0.5]
      threshold: 1
---
apiVersion: gaia.tech/v1
kind: EndpointGate
metadata:
  name: api
spec:
  routes:
    - path: /score/*
      gate: scorer-v2
`;

describe("gate-network-valid through gaia validate (real kustomize)", () => {
  it("reports a cycle, a fan-in arity and a route to a missing network at their fields' lines", async () => {
    repo = fixtureRepo();
    repo.write("base/web/networks.yaml", NETWORKS);
    repo.write("base/web/kustomization.yaml", repo.read("base/web/kustomization.yaml").replace("resources:\n", "resources:\n  - networks.yaml\n"));
    const r = await gaia(["validate", "--root", repo.root, "--format", "json", "--no-cache", "--no-progress", "--ignore-missing-schemas"], { cwd: repo.root });
    expect(r.exitCode).toBe(1);
    const found = r.json.findings.filter((f: any) => f.ruleId === "gate-network-valid" && f.target === "overlays/production");
    const at = (name: string) => found.find((f: any) => f.object.name === name);
    expect(found).toHaveLength(3);
    expect(at("loop")).toMatchObject({ path: "/spec/connections/1", source: { file: "base/web/networks.yaml", line: 15 } });
    expect(at("loop").message).toBe('GateNetwork "loop": has a cycle: b → b');
    expect(at("scorer")).toMatchObject({ path: "/spec/gates/0/weights", source: { file: "base/web/networks.yaml", line: 27 } });
    expect(at("scorer").message).toContain("fan-in arity of THRESHOLD gate");
    expect(at("api")).toMatchObject({ path: "/spec/routes/0/gate", source: { file: "base/web/networks.yaml", line: 37 } });
    expect(at("api").message).toBe('EndpointGate "api" route /score/*: no GateNetwork named "scorer-v2"');
  });

  it("stays quiet on valid networks", async () => {
    repo = fixtureRepo();
    const valid = NETWORKS.replace("    - from: b\n      to: b\n", "")
      .replace("weights: [0.5, 0.5]", "weights: [0.5, 0.5, 0.5]")
      .replace("scorer-v2", "scorer");
    repo.write("base/web/networks.yaml", valid);
    repo.write("base/web/kustomization.yaml", repo.read("base/web/kustomization.yaml").replace("resources:\n", "resources:\n  - networks.yaml\n"));
    const r = await gaia(["validate", "--root", repo.root, "--format", "json", "--no-cache", "--no-progress", "--ignore-missing-schemas"], { cwd: repo.root });
    expect(r.json.findings.filter((f: any) => f.ruleId === "gate-network-valid")).toEqual([]);
  });
});
