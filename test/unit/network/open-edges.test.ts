import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { decidedEdges, openEdges } from "../../../scripts/lib/network/flow-graph.ts";
import { appEndpoint, fixedEndpoints, podGroups } from "../../../scripts/lib/network/endpoints.ts";
import { deployment, NS } from "./builders.ts";

const port = fc.record({
  name: fc.constantFrom(undefined, "http", "grpc"),
  containerPort: fc.constantFrom(80, 8080, 9090),
  protocol: fc.constantFrom(undefined, "TCP", "UDP"),
});
const workload = fc.record({ app: fc.constantFrom("a", "b", "c", "dns"), ports: fc.array(port, { maxLength: 3 }) });
const flows = fc.array(
  fc.record({ from: fc.constantFrom("a", "b", "external"), to: fc.constantFrom("a", "c", "dns"), port: fc.constantFrom(undefined, 80, "http") }),
  {
    maxLength: 3,
  },
);

describe("openEdges", () => {
  it("gives the edges, in the order, that deciding every flow gives when the namespace has no NetworkPolicy", () => {
    fc.assert(
      fc.property(fc.array(workload, { maxLength: 6 }), flows, (workloads, declared) => {
        const objects = workloads.map((w, i) => {
          const d = deployment(w.app, w.ports.map((p) => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined))) as never);
          d.metadata.name = `${w.app}-${i}`;
          return d;
        });
        const fixed = fixedEndpoints();
        const apps = podGroups(objects, NS)
          .map((g) => appEndpoint(g, {}))
          .map((e) => (fixed.some((f) => f.id === e.id) ? { ...e, id: `${e.id} (app)` } : e));
        const endpoints = [...apps, ...fixed];
        expect(openEdges(endpoints, declared)).toEqual(decidedEdges(endpoints, [], declared));
      }),
      { numRuns: 300 },
    );
  });
});
