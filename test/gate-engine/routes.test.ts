// EndpointGate routing: exact and prefix routes resolved through hash maps.
import { describe, expect, it, vi } from "vitest";
import type { EndpointGate } from "../../gate-engine/src/model.ts";
import { RouteTable } from "../../gate-engine/src/routes.ts";

const networks = new Set(["users", "orders", "admin"]);
const table = (routes: EndpointGate["routes"]) => new RouteTable([{ name: "api", routes }], networks);

describe("RouteTable", () => {
  const t = table([
    { path: "/users/*", gate: "users" },
    { path: "/users/admin/*", gate: "admin" },
    { path: "/orders", gate: "orders" },
  ]);

  it("resolves prefix and exact routes, the most specific prefix first", () => {
    expect(t.resolve("/users/42")?.network).toBe("users");
    expect(t.resolve("/users/42/profile")?.network).toBe("users");
    expect(t.resolve("/users/admin/7")).toEqual({ network: "admin", pattern: "/users/admin/*", endpoint: "api" });
    expect(t.resolve("/orders")?.network).toBe("orders");
    expect(t.size).toBe(3);
  });

  it("does not match a wildcard without a further segment, nor unknown paths", () => {
    expect(t.resolve("/users")).toBeUndefined();
    expect(t.resolve("/orders/1")).toBeUndefined();
    expect(t.resolve("/")).toBeUndefined();
  });

  it("resolves in constant time: with ten thousand routes a lookup makes as few hash probes as with one", () => {
    const probes = (t: RouteTable, path: string) => {
      const get = vi.spyOn(Map.prototype, "get");
      try {
        t.resolve(path);
        return get.mock.calls.length;
      } finally {
        get.mockRestore();
      }
    };
    const many = table(Array.from({ length: 10_000 }, (_, i) => ({ path: `/r${i}/*`, gate: "users" })));
    const few = table([{ path: "/r0/*", gate: "users" }]);
    expect(many.resolve("/r9999/x")?.network).toBe("users");
    expect(probes(many, "/r9999/x")).toBe(probes(few, "/r0/x"));
    expect(probes(many, "/r9999/x")).toBe(2); // the exact table, then the one prefix depth
  });

  it("rejects bad routes with the EndpointGate and path named", () => {
    expect(() => table([{ path: "/x/*", gate: "ghost" }])).toThrow('EndpointGate "api" route /x/*: no GateNetwork named "ghost"');
    expect(() => table([{ path: "users/*", gate: "users" }])).toThrow("a path is /segment/... with an optional trailing /*");
    expect(() => table([{ path: "/a/*/b", gate: "users" }])).toThrow("a path is /segment/...");
    expect(() => table([{ path: "/a//b", gate: "users" }])).toThrow("a path is /segment/...");
    expect(() => table([{ path: "/metrics/*", gate: "users" }])).toThrow("/metrics is reserved by the service");
    expect(() => table([{ path: "/compute/x", gate: "users" }])).toThrow("/compute is reserved");
    expect(() =>
      table([
        { path: "/u/*", gate: "users" },
        { path: "/u/*", gate: "orders" },
      ]),
    ).toThrow('already routed by EndpointGate "api"');
  });
});
