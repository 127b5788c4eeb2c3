import { targetIndex } from "../../index/target-index.ts";
import type { TargetRule, Violation } from "../../types.ts";
import { defaultNamespace } from "../../k8s/namespaces.ts";
import { appEndpoint, describeGroup, dnsEndpoint, namespacesWithPods, podGroups } from "../../../network/endpoints.ts";
import { decide, networkPolicies, peerMisses } from "../../../network/policies.ts";

export const rule: TargetRule = {
  id: "network-dns-egress",
  title: "Pods whose egress is restricted can still reach cluster DNS",
  category: "network",
  scope: "target",
  defaultSeverity: "error",
  rationale:
    "Once a default-deny isolates egress, every name lookup fails unless a policy allows port 53 towards kube-dns; the pods then crash-loop or time out in ways that look like application bugs.",
  fix: "Add an egress NetworkPolicy selecting all pods (podSelector {}) that allows UDP and TCP port 53 to namespace kube-system, pods k8s-app=kube-dns.",
  kinds: ["NetworkPolicy"],
  params: {
    requireTcp: { description: "Also require TCP 53 (DNS falls back to TCP for large answers).", default: true },
    ipBlockCountsAsDns: { description: "Count port 53 towards an ipBlock as DNS (NodeLocal DNSCache listens on a link-local address).", default: true },
  },
  check(ctx) {
    const objects = targetIndex(ctx).objects;
    const protocols = ctx.params.requireTcp === false ? ["UDP"] : ["UDP", "TCP"];
    // With NodeLocal DNSCache the resolver is an address outside any namespace, which only ipBlock peers name.
    const dns = { ...dnsEndpoint(), outsideCluster: ctx.params.ipBlockCountsAsDns !== false };
    const out: Violation[] = [];
    for (const ns of namespacesWithPods(objects, defaultNamespace(ctx.target))) {
      const policies = networkPolicies(objects, ns);
      for (const group of podGroups(objects, ns)) {
        const pod = appEndpoint(group);
        const probes = protocols.map((protocol) => ({ port: 53, protocol, name: protocol === "UDP" ? "dns" : "dns-tcp" }));
        const decisions = probes.map((probe) => ({ protocol: probe.protocol, probe, d: decide("egress", policies, pod, dns, probe) }));
        const blocked = decisions.filter((x) => !x.d.allowed);
        if (blocked.length === 0) continue;
        // A DNS rule whose peer misses kube-dns (a label added to its podSelector): that entry is what broke it.
        const causes = blocked.flatMap((b) => peerMisses("egress", policies, pod, dns, b.probe));
        const missed = [...new Set(causes.map((c) => `NetworkPolicy ${String(c.object.metadata?.name)} ${c.path}`))];
        out.push({
          message: `${describeGroup(group)} cannot resolve names: its egress policies (${blocked[0].d.policies.join(", ")}) allow no traffic to kube-dns (kube-system, k8s-app=kube-dns) on ${blocked.map((b) => `53/${b.protocol}`).join(" and ")}${missed.length ? `; kube-dns fails ${missed.join(", ")}` : ""}`,
          object: group.object,
          path: `${group.metadataPointer}/labels`,
          causes,
        });
      }
    }
    return out;
  },
};
