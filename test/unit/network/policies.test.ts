import { describe, expect, it } from "vitest";
import { dnsEndpoint, externalEndpoint, monitoringEndpoint, type Endpoint } from "../../../scripts/lib/network/endpoints.ts";
import type { K8sObject } from "../../../scripts/lib/types.ts";
import { declaredFlows, flowCovers } from "../../../scripts/lib/network/flow-graph.ts";
import { isolationMisses, peerMatches, peerMisses, policyTypes, policyView, portMatches, probeLabel } from "../../../scripts/lib/network/policies.ts";

describe("policyTypes", () => {
  it("defaults to Ingress, adding Egress only when egress rules exist", () => {
    expect(policyTypes({})).toEqual({ ingress: true, egress: false });
    expect(policyTypes({ egress: [{}] })).toEqual({ ingress: true, egress: true });
    expect(policyTypes({ policyTypes: [] })).toEqual({ ingress: true, egress: false });
  });

  it("takes explicit policyTypes literally, ignoring rules of the other direction", () => {
    expect(policyTypes({ policyTypes: ["Egress"], ingress: [{}] })).toEqual({ ingress: false, egress: true });
  });
});

describe("portMatches", () => {
  const http = { port: 8080, protocol: "TCP", name: "http" };
  it("matches numbers, names, ranges and protocol", () => {
    expect(portMatches({ protocol: "TCP", port: 8080 }, http)).toBe(true);
    expect(portMatches({ protocol: "TCP", port: "8080" }, http)).toBe(true);
    expect(portMatches({ protocol: "TCP", port: "http" }, http)).toBe(true);
    expect(portMatches({ protocol: "TCP", port: 8000, endPort: 8100 }, http)).toBe(true);
    expect(portMatches({ protocol: "TCP" }, http)).toBe(true);
    expect(portMatches({ protocol: "UDP", port: 8080 }, http)).toBe(false);
    expect(portMatches({ protocol: "TCP", port: "grpc" }, http)).toBe(false);
    expect(portMatches({ protocol: "TCP", port: 9000, endPort: 9100 }, http)).toBe(false);
  });

  it("never lets a port-specific rule stand for every port", () => {
    expect(portMatches({ protocol: "TCP", port: 443 }, { port: "*", protocol: "TCP" })).toBe(false);
    expect(portMatches({ protocol: "TCP", port: 443 }, { port: "metrics", protocol: "TCP", name: "metrics" })).toBe(false);
  });
});

describe("peerMatches", () => {
  it("lets ipBlock peers select only what is outside the cluster", () => {
    expect(peerMatches({ ipBlock: { cidr: "0.0.0.0/0" } }, "gaia-demo", externalEndpoint())).toBe(true);
    expect(peerMatches({ ipBlock: { cidr: "0.0.0.0/0" } }, "gaia-demo", monitoringEndpoint())).toBe(false);
  });

  it("requires the pod labels to match when they are known (kube-dns)", () => {
    const ns = { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } };
    expect(peerMatches({ namespaceSelector: ns, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }, "gaia-demo", dnsEndpoint())).toBe(true);
    expect(peerMatches({ namespaceSelector: ns, podSelector: { matchLabels: { "k8s-app": "metrics-server" } } }, "gaia-demo", dnsEndpoint())).toBe(false);
    expect(peerMatches({ podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }, "gaia-demo", dnsEndpoint())).toBe(false);
  });
});

describe("declared flows", () => {
  it("keeps only entries with from and to", () => {
    expect(declaredFlows({ flows: [{ from: "a", to: "b", port: 80 }, { from: "a" }, null, "x"] })).toEqual([{ from: "a", to: "b", port: 80 }]);
    expect(declaredFlows({})).toEqual([]);
    expect(declaredFlows(undefined)).toEqual([]);
  });

  it("covers an edge by port number, port name, or any port, and by protocol when given", () => {
    const edge = { from: "a", to: "b", port: 9090, portName: "metrics", protocol: "TCP" };
    expect(flowCovers({ from: "a", to: "b", port: 9090 }, edge)).toBe(true);
    expect(flowCovers({ from: "a", to: "b", port: "metrics" }, edge)).toBe(true);
    expect(flowCovers({ from: "a", to: "b" }, edge)).toBe(true);
    expect(flowCovers({ from: "a", to: "b", port: "*", protocol: "UDP" }, edge)).toBe(false);
    expect(flowCovers({ from: "b", to: "a", port: 9090 }, edge)).toBe(false);
    expect(flowCovers({ from: "a", to: "b", port: 443 }, { ...edge, port: "*", portName: undefined })).toBe(false);
  });

  it("labels probes for people", () => {
    expect(probeLabel({ port: "*", protocol: "*" })).toBe("any port");
    expect(probeLabel({ port: "*", protocol: "UDP" })).toBe("any UDP port");
    expect(probeLabel({ port: 53, protocol: "UDP", name: "dns" })).toBe("53/UDP (dns)");
  });
});

describe("peerMisses", () => {
  const policy = (to: unknown[]): K8sObject => ({
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: "allow-dns", namespace: "g" },
    spec: { podSelector: {}, policyTypes: ["Egress"], egress: [{ to, ports: [{ protocol: "UDP", port: 53 }] }] },
  });
  const pod: Endpoint = {
    id: "web",
    kind: "app",
    namespace: "g",
    namespaceLabels: { "kubernetes.io/metadata.name": "g" },
    podLabels: { app: "web" },
    outsideCluster: false,
    ports: [],
  };
  const udp = { port: 53, protocol: "UDP" };
  const misses = (to: unknown[], probe = udp) => peerMisses("egress", [policyView(policy(to), "g")], pod, dnsEndpoint(), probe).map((m) => m.path);
  const kubeSystem = { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } };

  it("names the selector entries of the peer that kube-dns fails, label by label", () => {
    expect(misses([{ namespaceSelector: kubeSystem, podSelector: { matchLabels: { "k8s-app": "kube-dns", team: "red" } } }])).toEqual([
      "/spec/egress/0/to/0/podSelector/matchLabels/team",
    ]);
    expect(misses([{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-sys" } } }])).toEqual([
      "/spec/egress/0/to/0/namespaceSelector/matchLabels/kubernetes.io~1metadata.name",
    ]);
    expect(misses([{ namespaceSelector: kubeSystem, podSelector: { matchExpressions: [{ key: "k8s-app", operator: "In", values: ["coredns"] }] } }])).toEqual([
      "/spec/egress/0/to/0/podSelector/matchExpressions/0",
    ]);
  });

  it("names nothing for peers that match, ipBlocks, same-namespace-only peers of another namespace, or rules whose ports differ", () => {
    expect(misses([{ namespaceSelector: kubeSystem, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }])).toEqual([]);
    expect(misses([{ ipBlock: { cidr: "169.254.20.10/32" } }])).toEqual([]);
    expect(misses([{ podSelector: { matchLabels: { "k8s-app": "kube-dns", team: "red" } } }])).toEqual([]);
    expect(misses([{ namespaceSelector: kubeSystem, podSelector: { matchLabels: { team: "red" } } }], { port: 53, protocol: "TCP" })).toEqual([]);
  });
});

describe("isolationMisses", () => {
  const pod: Endpoint = { id: "web", kind: "app", namespace: "g", namespaceLabels: {}, podLabels: { app: "web" }, outsideCluster: false, ports: [] };
  const deny = (podSelector: unknown, namespace = "g"): K8sObject => ({
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: "default-deny", namespace },
    spec: { podSelector, policyTypes: ["Ingress"] },
  });
  const misses = (o: K8sObject, direction: "ingress" | "egress" = "ingress") => isolationMisses(direction, [policyView(o, "g")], pod).map((m) => m.path);

  it("names the podSelector entries of the namespace's policies of that direction that the pod fails", () => {
    expect(misses(deny({ matchLabels: { app: "web", tier: "gold" } }))).toEqual(["/spec/podSelector/matchLabels/tier"]);
    expect(misses(deny({}))).toEqual([]);
    expect(misses(deny({ matchLabels: { tier: "gold" } }), "egress")).toEqual([]);
    expect(misses(deny({ matchLabels: { tier: "gold" } }, "other"))).toEqual([]);
  });
});
