import { describe, expect, it } from "vitest";
import { flowGraph } from "../../../scripts/lib/network/flow-graph.ts";
import { renderGraph, toDot, toMermaid } from "../../../scripts/lib/network/render.ts";
import { app, DEFAULT_DENY, deployment, NS, policy } from "./builders.ts";

const gateway = deployment("gateway", [{ name: "http", containerPort: 8080 }]);
const chat = deployment("chat", [{ name: "http", containerPort: 8080 }]);
const gatewayIn = policy("gateway-in", {
  podSelector: app("gateway"),
  policyTypes: ["Ingress"],
  ingress: [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } } }], ports: [{ port: "http" }] }],
});
const chatIn = policy("chat-in", {
  podSelector: app("chat"),
  policyTypes: ["Ingress"],
  ingress: [{ from: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [{ port: "http" }] }],
});
const flows = [
  { from: "external", to: "gateway", port: "http" },
  { from: "gateway", to: "chat", port: "http" },
];
const graph = flowGraph([gateway, chat, DEFAULT_DENY, gatewayIn, chatIn], NS, { flows });

describe("toMermaid", () => {
  const text = toMermaid(graph);
  const lines = text.split("\n");
  const edgeLines = lines.filter((l) => l.includes("-->") || l.includes("-.->"));

  it("draws a left-to-right flowchart with one node per endpoint", () => {
    expect(lines[0]).toBe("flowchart LR");
    expect(text).toContain('n_external(["external"])');
    expect(text).toContain('n_gateway["gateway"]');
  });

  it("styles undeclared flows red by their link index and leaves declared ones plain", () => {
    const undeclared = edgeLines.findIndex((l) => l.startsWith("  n_external -->") && l.includes("n_chat"));
    expect(edgeLines[undeclared]).toContain("undeclared: 8080/TCP (http)");
    expect(text).toContain(`linkStyle ${undeclared} stroke:#d62728`);
    const declared = edgeLines.findIndex((l) => l.includes("n_gateway") && l.startsWith("  n_external"));
    expect(text).not.toContain(`linkStyle ${declared} `);
  });

  it("draws declared but blocked flows dashed", () => {
    const blocked = edgeLines.findIndex((l) => l.includes("-.->"));
    expect(edgeLines[blocked]).toBe('  n_gateway -.->|"blocked: http"| n_chat');
    expect(text).toContain(`linkStyle ${blocked} stroke:#7f7f7f,stroke-dasharray:5 5`);
  });

  it("escapes quotes and odd characters in ids", () => {
    const odd = toMermaid({ namespace: NS, nodes: [{ id: 'Pod/a"b', kind: "app", workloads: [] }], edges: [], declaredButBlocked: [] });
    expect(odd).toContain('n_Pod_a_b["Pod/a#quot;b"]');
  });
});

describe("toDot", () => {
  const text = toDot(graph);

  it("is a digraph named after the namespace", () => {
    expect(text.startsWith(`digraph "${NS}" {`)).toBe(true);
    expect(text.trimEnd().endsWith("}")).toBe(true);
  });

  it("draws undeclared flows red and bold, declared ones plain", () => {
    expect(text).toContain('"external" -> "chat" [label="undeclared: 8080/TCP (http)", color="#d62728", fontcolor="#d62728", style=bold, penwidth=2];');
    expect(text).toContain('"external" -> "gateway" [label="8080/TCP (http)"];');
  });

  it("draws blocked declared flows dashed", () => {
    expect(text).toContain('"gateway" -> "chat" [label="blocked: http", style=dashed, color="#7f7f7f"];');
  });
});

describe("edge grouping", () => {
  it("draws one arrow per pair of nodes and declared status, listing the ports", () => {
    const dns = policy("allow-dns", {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [
        {
          to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } } }],
          ports: [
            { protocol: "UDP", port: 53 },
            { protocol: "TCP", port: 53 },
          ],
        },
      ],
    });
    const g = flowGraph([chat, DEFAULT_DENY, dns], NS);
    expect(g.edges.filter((e) => e.to === "dns")).toHaveLength(2);
    expect(toMermaid(g)).toContain('n_chat -->|"53/TCP (dns-tcp), 53/UDP (dns)"| n_dns');
    expect(toDot(g)).toContain('"chat" -> "dns" [label="53/TCP (dns-tcp), 53/UDP (dns)"];');
  });
});

describe("renderGraph", () => {
  it("picks the renderer by format", () => {
    expect(renderGraph(graph, "mermaid")).toBe(toMermaid(graph));
    expect(renderGraph(graph, "dot")).toBe(toDot(graph));
  });
});
