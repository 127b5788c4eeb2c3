// The shared validator (gate-engine/src/check.ts): per-object verdicts with JSON pointers, names defined twice,
// routes checked against the networks that run, and the last valid version standing in for an invalid one.
import { describe, expect, it } from "vitest";
import { checkGateObjects, firstProblem } from "../../gate-engine/src/check.ts";
import { readGateObject } from "../../gate-engine/src/resources.ts";

const network = (name: string, spec: unknown) => ({ apiVersion: "gaia.tech/v1", kind: "GateNetwork", metadata: { name }, spec });
const endpoint = (name: string, routes: unknown[]) => ({ apiVersion: "gaia.tech/v1", kind: "EndpointGate", metadata: { name }, spec: { routes } });
const BUFFER = { inputBits: 1, gates: [{ name: "a", type: "BUFFER" }] };

describe("checkGateObjects", () => {
  it("gives every gaia.tech object a verdict, ignores other objects, and keeps only valid ones in the catalog", () => {
    const checked = checkGateObjects([
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x" } },
      network("ok", BUFFER),
      network("bad", { inputBits: 1, gates: [{ name: "a", type: "BUFFER" }], connections: [{ from: "a", to: "b" }] }),
    ]);
    expect(checked.verdicts.map((v) => [v.index, v.name, v.problem?.path])).toEqual([
      [1, "ok", undefined],
      [2, "bad", "/spec/connections/0/to"],
    ]);
    expect(checked.catalog.networks.map((n) => n.name)).toEqual(["ok"]);
  });

  it("points at the offending field for reading and compiling problems", () => {
    const pathOf = (spec: unknown) => checkGateObjects([network("n", spec)]).verdicts[0].problem?.path;
    expect(pathOf({ gates: [{ name: "a", type: "XOR" }] })).toBe("/spec/gates/0/type");
    expect(pathOf({ gates: [{ name: "a", type: "BUFFER", replicas: 0 }] })).toBe("/spec/gates/0/replicas");
    expect(pathOf({ inputBits: 2, gates: [{ name: "p", type: "PATTERN", patterns: { "10": 1, "1x": 0 } }] })).toBe("/spec/gates/0/patterns/1x");
    expect(
      pathOf({
        inputBits: 1,
        gates: [
          { name: "a", type: "BUFFER" },
          { name: "a", type: "BUFFER" },
        ],
      }),
    ).toBe("/spec/gates/1/name");
    expect(pathOf({ inputBits: 0, gates: [{ name: "a", type: "BUFFER" }] })).toBe("/spec/inputBits");
    expect(pathOf({ inputBits: 2, gates: [{ name: "t", type: "THRESHOLD", weights: [1, 1] }] })).toBe("/spec/gates/0");
    expect(pathOf({ inputBits: 1, gates: [{ name: "c", type: "ADAPTIVE_AND", confidence: 2 }] })).toBe("/spec/gates/0/confidence");
    const cycle = {
      inputBits: 1,
      gates: ["a", "b"].map((name) => ({ name, type: "BUFFER" })),
      connections: [
        { from: "a", to: "b" },
        { from: "b", to: "a" },
      ],
    };
    expect(pathOf(cycle)).toBe("/spec/connections/1");
    expect(checkGateObjects([{ apiVersion: "gaia.tech/v1", kind: "GateNetwork", metadata: {} }]).verdicts[0].problem?.path).toBe("/metadata/name");
    expect(checkGateObjects([{ ...network("n", {}), spec: undefined }]).verdicts[0].problem).toEqual({ path: "", message: "GateNetwork/n: spec is missing" });
  });

  it("reports a name defined twice at the second object's name", () => {
    const [first, second] = checkGateObjects([network("n", BUFFER), network("n", BUFFER)]).verdicts;
    expect(first.problem).toBeUndefined();
    expect(second.problem).toEqual({ path: "/metadata/name", message: "GateNetwork/n is defined twice" });
  });

  it("checks routes against running networks and earlier EndpointGates, by name order", () => {
    const checked = checkGateObjects([
      network("users", BUFFER),
      endpoint("b-late", [{ path: "/users/*", gate: "users" }]),
      endpoint("a-first", [{ path: "/users/*", gate: "users" }]),
      endpoint("c-ghost", [
        { path: "/ok/*", gate: "users" },
        { path: "/x", gate: "ghost" },
      ]),
    ]);
    const byName = Object.fromEntries(checked.verdicts.map((v) => [v.name, v.problem]));
    expect(byName["a-first"]).toBeUndefined();
    expect(byName["b-late"]).toEqual({
      path: "/spec/routes/0/path",
      message: 'EndpointGate "b-late" route /users/*: the path is already routed by EndpointGate "a-first"',
    });
    expect(byName["c-ghost"]?.path).toBe("/spec/routes/1/gate");
    expect(checked.catalog.endpoints.map((e) => e.name)).toEqual(["a-first"]);
  });

  it("runs the last valid version of an invalid object when one is given, and drops it when it no longer fits", () => {
    const previous = readGateObject(network("n", BUFFER));
    const oldRoutes = readGateObject(endpoint("api", [{ path: "/n", gate: "n" }]));
    const lastValid = (kind: string, name: string) =>
      kind === "GateNetwork" && name === "n" ? previous : kind === "EndpointGate" && name === "api" ? oldRoutes : undefined;
    const checked = checkGateObjects([network("n", { gates: [] }), endpoint("api", [{ path: "/n", gate: "missing" }])], { lastValid });
    expect(checked.verdicts.map((v) => v.problem?.path)).toEqual(["/spec/gates", "/spec/routes/0/gate"]);
    expect(checked.catalog.networks).toEqual([previous.value]);
    expect(checked.catalog.endpoints).toEqual([oldRoutes.value]);
    const withoutNetwork = checkGateObjects([endpoint("api", [{ path: "/n", gate: "missing" }])], { lastValid });
    expect(withoutNetwork.catalog.endpoints).toEqual([]);
  });

  it("turns the first problem into an error naming its source", () => {
    const checked = checkGateObjects([network("ok", BUFFER), network("n", { gates: [] })]);
    const err = firstProblem(checked, (i) => `file-${i}.yaml`);
    expect(err?.message).toBe('file-1.yaml GateNetwork "n": has no gates');
    expect(err?.path).toBe("/spec/gates");
    expect(firstProblem(checkGateObjects([network("ok", BUFFER)]), () => "x")).toBeUndefined();
  });
});
