import { describe, expect, it } from "vitest";
import { flowGraph, type FlowGraph } from "../../../scripts/lib/network/flow-graph.ts";
import { app, DEFAULT_DENY, deployment, NS, policy } from "./builders.ts";

const chat = deployment("chat", [
  { name: "http", containerPort: 8080 },
  { name: "metrics", containerPort: 9090 },
]);
const auth = deployment("auth", [{ name: "grpc", containerPort: 9000 }]);
const gateway = deployment("gateway", [{ name: "http", containerPort: 8080 }]);

function has(graph: FlowGraph, from: string, to: string, port: number | string, protocol = "TCP"): boolean {
  return graph.edges.some((e) => e.from === from && e.to === to && e.port === port && e.protocol === protocol);
}

const chatToAuthEgress = policy("chat-egress", {
  podSelector: app("chat"),
  policyTypes: ["Egress"],
  egress: [{ to: [{ podSelector: app("auth") }], ports: [{ port: "grpc" }] }],
});
const authFromChat = policy("auth-ingress", {
  podSelector: app("auth"),
  policyTypes: ["Ingress"],
  ingress: [{ from: [{ podSelector: app("chat") }], ports: [{ port: 9000 }] }],
});

describe("flowGraph", () => {
  it("lets every pod talk to every port when no policy selects anything", () => {
    const g = flowGraph([chat, auth], NS);
    expect(has(g, "chat", "auth", 9000)).toBe(true);
    expect(has(g, "auth", "chat", 8080)).toBe(true);
    expect(has(g, "external", "chat", 8080)).toBe(true);
    expect(has(g, "chat", "external", "*", "*")).toBe(true);
    expect(has(g, "chat", "dns", 53, "UDP")).toBe(true);
    expect(g.edges.filter((e) => e.to !== "dns").every((e) => !e.declared && e.allowedBy.length === 0)).toBe(true);
  });

  it("has no flows at all under a default-deny policy alone", () => {
    expect(flowGraph([chat, auth, DEFAULT_DENY], NS).edges).toEqual([]);
  });

  it("needs both the destination's ingress and the source's egress once both sides are isolated", () => {
    expect(has(flowGraph([chat, auth, DEFAULT_DENY, authFromChat], NS), "chat", "auth", 9000)).toBe(false);
    expect(has(flowGraph([chat, auth, DEFAULT_DENY, chatToAuthEgress], NS), "chat", "auth", 9000)).toBe(false);
    const g = flowGraph([chat, auth, DEFAULT_DENY, authFromChat, chatToAuthEgress], NS);
    expect(has(g, "chat", "auth", 9000)).toBe(true);
    expect(g.edges.find((e) => e.from === "chat" && e.to === "auth")?.allowedBy.sort()).toEqual(["auth-ingress", "chat-egress"]);
    expect(g.edges.find((e) => e.from === "chat" && e.to === "auth")?.grants).toContainEqual({
      policy: "auth-ingress",
      direction: "ingress",
      pointer: "/spec/ingress/0",
    });
  });

  it("leaves pods that no policy of a direction selects unrestricted in that direction", () => {
    const g = flowGraph([chat, auth, gateway, authFromChat], NS);
    expect(has(g, "chat", "auth", 9000)).toBe(true);
    expect(has(g, "gateway", "auth", 9000)).toBe(false);
    expect(has(g, "auth", "gateway", 8080)).toBe(true);
    expect(has(g, "auth", "external", "*", "*")).toBe(true);
  });

  it("resolves named ports against the destination's container ports", () => {
    const scrape = policy("chat-scrape", {
      podSelector: app("chat"),
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } }], ports: [{ port: "metrics" }] }],
    });
    const g = flowGraph([chat, scrape], NS, { flows: [{ from: "monitoring", to: "chat", port: "metrics" }] });
    const edge = g.edges.find((e) => e.from === "monitoring" && e.to === "chat");
    expect(edge).toMatchObject({ port: 9090, portName: "metrics", declared: true });
    expect(has(g, "monitoring", "chat", 8080)).toBe(false);
    expect(
      flowGraph([chat, scrape], NS, { flows: [{ from: "monitoring", to: "chat", port: 9090 }] }).edges.find((e) => e.from === "monitoring")?.declared,
    ).toBe(true);
  });

  it("treats ipBlock peers as traffic from outside the cluster only", () => {
    const open = policy("gateway-ingress", {
      podSelector: app("gateway"),
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [{ port: "http" }] }],
    });
    const g = flowGraph([gateway, chat, open], NS);
    expect(has(g, "external", "gateway", 8080)).toBe(true);
    expect(has(g, "monitoring", "gateway", 8080)).toBe(false);
    expect(has(g, "chat", "gateway", 8080)).toBe(false);
  });

  it("matches namespaceSelector peers by namespace name, and {} as every namespace", () => {
    const anyNs = policy("chat-any", {
      podSelector: app("chat"),
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ port: 8080 }] }],
    });
    const g = flowGraph([chat, auth, anyNs], NS);
    expect(has(g, "external", "chat", 8080)).toBe(true);
    expect(has(g, "monitoring", "chat", 8080)).toBe(true);
    expect(has(g, "auth", "chat", 8080)).toBe(true);
    const ownNs = policy("chat-own", {
      podSelector: app("chat"),
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": NS } }, podSelector: app("auth") }] }],
    });
    const h = flowGraph([chat, auth, gateway, ownNs], NS);
    expect(has(h, "auth", "chat", 8080)).toBe(true);
    expect(has(h, "gateway", "chat", 8080)).toBe(false);
    expect(has(h, "external", "chat", 8080)).toBe(false);
  });

  it("defaults policyTypes to Ingress, plus Egress when egress rules are present", () => {
    const egressOnly = policy("chat-out", { podSelector: app("chat"), egress: [{ to: [{ podSelector: app("auth") }] }] });
    const g = flowGraph([chat, auth, gateway, egressOnly], NS);
    expect(has(g, "chat", "auth", 9000)).toBe(true);
    expect(has(g, "chat", "gateway", 8080)).toBe(false);
    expect(has(g, "auth", "chat", 8080)).toBe(false);
  });

  it("honours port ranges and protocols", () => {
    const game = deployment("game", [{ name: "udp", containerPort: 7777, protocol: "UDP" }]);
    const range = policy("game-in", {
      podSelector: app("game"),
      policyTypes: ["Ingress"],
      ingress: [{ ports: [{ protocol: "UDP", port: 7000, endPort: 8000 }] }],
    });
    expect(has(flowGraph([game, range], NS), "external", "game", 7777, "UDP")).toBe(true);
    const tcp = policy("game-in", { podSelector: app("game"), policyTypes: ["Ingress"], ingress: [{ ports: [{ port: 7777 }] }] });
    expect(has(flowGraph([game, tcp], NS), "external", "game", 7777, "UDP")).toBe(false);
  });

  it("names the egress ports of isolated pods towards endpoints outside the namespace", () => {
    const dns = policy("allow-dns", {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [
        {
          to: [
            { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } },
          ],
          ports: [
            { protocol: "UDP", port: 53 },
            { protocol: "TCP", port: 53 },
          ],
        },
      ],
    });
    const out = policy("chat-out", {
      podSelector: app("chat"),
      policyTypes: ["Egress"],
      egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [{ port: 443 }] }],
    });
    const g = flowGraph([chat, DEFAULT_DENY, dns, out], NS);
    expect(has(g, "chat", "dns", 53, "UDP")).toBe(true);
    expect(g.edges.find((e) => e.to === "dns")?.declared).toBe(true);
    expect(has(g, "chat", "external", 443)).toBe(true);
    expect(has(g, "chat", "external", 53, "UDP")).toBe(false);
  });

  it("reports declared flows that a side blocks, and which side", () => {
    const chatIn = policy("chat-in", {
      podSelector: app("chat"),
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ podSelector: app("gateway") }], ports: [{ port: "http" }] }],
    });
    const g = flowGraph([chat, gateway, auth, DEFAULT_DENY, chatIn], NS, {
      flows: [
        { from: "gateway", to: "chat", port: "http" },
        { from: "auth", to: "chat", port: 8080 },
        { from: "gateway", to: "chat", port: "grpc" },
        { from: "gateway", to: "ledger", port: 80 },
      ],
    });
    const byIndex = Object.fromEntries(g.declaredButBlocked.map((b) => [b.index, b]));
    expect(byIndex[0]).toMatchObject({ blockedBy: ["egress"], policies: { ingress: [], egress: ["default-deny"] } });
    expect(byIndex[0].reason).toContain("egress of gateway");
    expect(byIndex[1].blockedBy.sort()).toEqual(["egress", "ingress"]);
    expect(byIndex[1].reason).toContain("chat-in");
    expect(byIndex[2]).toMatchObject({ blockedBy: ["port"] });
    expect(byIndex[3]).toBeUndefined();
  });

  it("ignores objects of other namespaces and keeps workloads without a name label apart", () => {
    const other = { ...deployment("chat", [{ containerPort: 8080 }]), metadata: { name: "chat", namespace: "gaia-rival" } };
    const bare = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "debug" },
      spec: { containers: [{ name: "c", image: "x", ports: [{ containerPort: 1234 }] }] },
    };
    const g = flowGraph([other, bare], NS);
    expect(g.nodes.map((n) => n.id)).toContain("Pod/debug");
    expect(g.nodes.some((n) => n.id === "chat")).toBe(false);
  });
});

describe("flowGraph namespace labels", () => {
  it("matches namespaceSelectors against the labels of a rendered Namespace object", () => {
    const ns = { apiVersion: "v1", kind: "Namespace", metadata: { name: NS, labels: { "gaia.tech/tier": "indie" } } };
    const byTier = policy("chat-tier", {
      podSelector: app("chat"),
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { "gaia.tech/tier": "indie" } } }] }],
    });
    expect(has(flowGraph([chat, auth, ns, byTier], NS), "auth", "chat", 8080)).toBe(true);
    expect(has(flowGraph([chat, auth, byTier], NS), "auth", "chat", 8080)).toBe(false);
  });
});

describe("flowGraph node ids", () => {
  it("keeps an app named like a fixed endpoint apart from it", () => {
    const monitoringApp = deployment("monitoring", [{ name: "http", containerPort: 3000 }]);
    const g = flowGraph([monitoringApp], NS, { flows: [{ from: "monitoring", to: "monitoring", port: 3000 }] });
    expect(g.nodes.find((n) => n.id === "monitoring (app)")?.kind).toBe("app");
    expect(g.edges.find((e) => e.from === "monitoring" && e.to === "monitoring (app)")?.declared).toBe(false);
  });
});
