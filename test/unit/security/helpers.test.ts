// The version-dependent and parsing parts of the security rules that rule fixtures cannot reach
// (fixtures always run with the configured Kubernetes version), plus the peer check lists' consistency.
import { describe, expect, it } from "vitest";
import type { K8sObject } from "../../../scripts/lib/types.ts";
import { isSha256Digest, parseImage } from "../../../scripts/lib/policy/k8s/images.ts";
import { versionAtLeast } from "../../../scripts/lib/policy/k8s/pod-security.ts";
import { grants, grantsEverything } from "../../../scripts/lib/policy/k8s/rbac.ts";
import { PEER_CHECKS } from "../../../scripts/lib/policy/peers.ts";
import { hostCovered } from "../../../scripts/lib/policy/rules/ingress-tls/rule.ts";
import { safeSysctls } from "../../../scripts/lib/policy/rules/pss-sysctls/rule.ts";
import { rule as selinux } from "../../../scripts/lib/policy/rules/pss-selinux/rule.ts";
import { securityRules } from "../../../scripts/lib/policy/rules/security.ts";
import type { TargetContext } from "../../../scripts/lib/policy/types.ts";

describe("versionAtLeast", () => {
  it.each([
    ["1.30", 1, 29, true],
    ["v1.31.2", 1, 31, true],
    ["1.28", 1, 29, false],
    ["2.0", 1, 99, true],
  ] as const)("%s >= %i.%i is %s", (v, major, minor, expected) => expect(versionAtLeast(v, major, minor)).toBe(expected));

  it("treats an unparseable version as current", () => expect(versionAtLeast("latest", 1, 99)).toBe(true));
});

describe("safe sysctls by Kubernetes version", () => {
  it("adds ip_local_reserved_ports in 1.27 and the TCP keepalive set in 1.29", () => {
    expect(safeSysctls("1.26")).not.toContain("net.ipv4.ip_local_reserved_ports");
    expect(safeSysctls("1.27")).toContain("net.ipv4.ip_local_reserved_ports");
    expect(safeSysctls("1.28")).not.toContain("net.ipv4.tcp_keepalive_time");
    expect(safeSysctls("1.29")).toEqual(
      expect.arrayContaining(["net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes"]),
    );
  });
});

describe("pss-selinux and container_engine_t", () => {
  const pod: K8sObject = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p" },
    spec: { containers: [{ name: "c", securityContext: { seLinuxOptions: { type: "container_engine_t" } } }] },
  };
  const ctx = (kubernetesVersion: string) => ({ kubernetesVersion, target: { path: "overlays/production", kind: "overlay" } }) as TargetContext;
  it("is forbidden before 1.31 and allowed from 1.31", () => {
    expect(selinux.check(pod, ctx("1.30"))).toHaveLength(1);
    expect(selinux.check(pod, ctx("1.31"))).toEqual([]);
  });
});

describe("parseImage", () => {
  it.each([
    ["nginx", { name: "nginx" }],
    ["nginx:1.25", { name: "nginx", tag: "1.25" }],
    ["registry:5000/team/app", { name: "registry:5000/team/app" }],
    ["registry:5000/team/app:2.0", { name: "registry:5000/team/app", tag: "2.0" }],
    ["r.io/app:1.0@sha256:abc", { name: "r.io/app", tag: "1.0", digest: "sha256:abc" }],
  ])("%s", (image, expected) => expect(parseImage(image)).toEqual(expected));

  it("accepts only full sha256 digests", () => {
    expect(isSha256Digest(`sha256:${"a".repeat(64)}`)).toBe(true);
    expect(isSha256Digest("sha256:abc")).toBe(false);
    expect(isSha256Digest(undefined)).toBe(false);
  });
});

describe("RBAC matching", () => {
  it("matches wildcards and */subresource like the API server", () => {
    expect(grants({ apiGroups: [""], resources: ["*"], verbs: ["get"] }, "", "pods/exec", "get")).toBe(true);
    expect(grants({ apiGroups: [""], resources: ["*/exec"], verbs: ["create"] }, "", "pods/exec", "create")).toBe(true);
    expect(grants({ apiGroups: [""], resources: ["*/exec"], verbs: ["create"] }, "", "secrets", "create")).toBe(false);
    expect(grants({ apiGroups: ["apps"], resources: ["secrets"], verbs: ["get"] }, "", "secrets", "get")).toBe(false);
  });

  it("recognises an all-powerful rule by wildcard verbs or the full verb list", () => {
    expect(grantsEverything({ apiGroups: ["*"], resources: ["*"], verbs: ["*"] })).toBe(true);
    expect(grantsEverything({ apiGroups: ["*"], resources: ["*"], verbs: ["get", "list"] })).toBe(false);
  });
});

describe("hostCovered", () => {
  it("matches exact hosts and single-label wildcards", () => {
    expect(hostCovered("a.example.com", ["*.example.com"])).toBe(true);
    expect(hostCovered("a.b.example.com", ["*.example.com"])).toBe(false);
    expect(hostCovered("example.com", ["*.example.com"])).toBe(false);
    expect(hostCovered("example.com", ["example.com"])).toBe(true);
  });
});

describe("PEER_CHECKS", () => {
  it("lists each check once, with a description and a reason", () => {
    for (const checks of Object.values(PEER_CHECKS)) {
      expect(new Set(checks.map((c) => c.id)).size).toBe(checks.length);
      for (const c of checks) {
        expect(c.description, c.id).not.toBe("");
        expect(c.whyNotCovered, c.id).not.toBe("");
      }
    }
  });

  it("knows every peer check the security rules claim", () => {
    for (const rule of securityRules) {
      for (const [tool, ids] of Object.entries(rule.covers ?? {})) {
        const known = PEER_CHECKS[tool as keyof typeof PEER_CHECKS].map((c) => c.id);
        for (const id of ids ?? []) expect(known, `${rule.id} claims ${tool}/${id}`).toContain(id);
      }
    }
  });
});
