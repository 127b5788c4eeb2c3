import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { flowGraph } from "../../../scripts/lib/network/flow-graph.ts";
import { undeclaredFlows } from "../../../scripts/lib/network/undeclared-flows.ts";
import { app, DEFAULT_DENY, deployment, NS, policy } from "./builders.ts";

const port = fc.record({
  name: fc.constantFrom(undefined, "http", "grpc"),
  containerPort: fc.constantFrom(80, 8080, 9090),
  protocol: fc.constantFrom(undefined, "TCP", "UDP"),
});
const workload = fc.record({ app: fc.constantFrom("a", "b", "c", "dns", "external"), ports: fc.array(port, { maxLength: 3 }) });
const flow = fc.record({
  from: fc.constantFrom("a", "b", "c", "external", "monitoring", "dns (app)"),
  to: fc.constantFrom("a", "b", "c", "dns", "external", "dns (app)"),
  port: fc.constantFrom(undefined, "*", 80, 8080, "http", "grpc"),
  protocol: fc.constantFrom(undefined, "TCP", "UDP"),
});
const policies = fc.constantFrom(
  [],
  [DEFAULT_DENY],
  [DEFAULT_DENY, policy("allow-a", { podSelector: app("a"), policyTypes: ["Ingress"], ingress: [{ from: [{ podSelector: app("b") }] }] })],
);

/** What the rule read from the whole graph before: undeclared edges with and without grants, the blocked flows. */
function fromGraph(objects: ReturnType<typeof deployment>[], shared: Record<string, unknown>, shown: number) {
  const graph = flowGraph(objects, NS, shared);
  const undeclared = graph.edges.filter((e) => !e.declared);
  const open = undeclared.filter((e) => e.grants.length === 0);
  return {
    granted: undeclared.filter((e) => e.grants.length > 0),
    open: { count: open.length, first: open.slice(0, shown) },
    declaredButBlocked: graph.declaredButBlocked,
  };
}

describe("undeclaredFlows", () => {
  it("gives what the whole flow graph gives, counting the flows of an open namespace without listing them", () => {
    fc.assert(
      fc.property(fc.array(workload, { maxLength: 7 }), fc.array(flow, { maxLength: 5 }), policies, fc.nat({ max: 6 }), (workloads, flows, netpols, shown) => {
        const objects = [
          ...workloads.map((w, i) => {
            const d = deployment(w.app, w.ports.map((p) => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined))) as never);
            d.metadata.name = `${w.app}-${i}`;
            return d;
          }),
          ...netpols,
        ];
        const shared = { flows };
        expect(undeclaredFlows(objects, NS, shared, shown)).toEqual(fromGraph(objects, shared, shown));
      }),
      { numRuns: 400 },
    );
  });

  it("stays linear in a large open namespace: the count of n² flows without n² edges", () => {
    const objects = Array.from({ length: 2000 }, (_, i) => deployment(`app-${i}`, [{ name: "http", containerPort: 8080 }]));
    const flows = undeclaredFlows(objects, NS, { flows: [{ from: "app-0", to: "app-1", port: "http" }] }, 5);
    // Each app reaches the 2,000 apps and the 3 fixed endpoints, each fixed endpoint the 2,000 apps; flows to dns and
    // the one declared flow are not counted.
    expect(flows.open.count).toBe(2000 * 2003 + 3 * 2000 - 2000 - 1);
    expect(flows.open.first).toHaveLength(5);
  });
});
