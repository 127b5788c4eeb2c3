// Selector rules name, as causes, the selector entries no pod of the namespace has: the entries a transformer may have
// written, where the engine blames the finding when one did.
import { describe, expect, it } from "vitest";
import type { K8sObject, LocatedObject, Target } from "../../../scripts/lib/types.ts";
import type { TargetContext, TargetRule } from "../../../scripts/lib/policy/types.ts";
import { allRules } from "../../../scripts/lib/policy/rules/index.ts";

const target: Target = { path: "games/g/production", kind: "game", game: "g", environment: "production" };
const rules = new Map(allRules().map((r) => [r.id, r as TargetRule]));

function causes(id: string, objects: K8sObject[]): string[][] {
  const rule = rules.get(id)!;
  const located: LocatedObject[] = objects.map((object, i) => ({ object, source: { file: "objects.yaml", line: i + 1 } }));
  const params = Object.fromEntries(Object.entries(rule.params ?? {}).map(([k, p]) => [k, p.default]));
  const repo = { root: "/repo", games: new Map(), clusters: new Map(), targets: [], readText: () => undefined, listFiles: () => [] };
  const ctx: TargetContext = { environment: "production", params, shared: {}, repo, kubernetesVersion: "1.30.0", target, objects: located };
  return rule.check(ctx).map((v) => (v.causes ?? []).map((c) => `${String(c.object.kind)} ${c.path}`));
}

const web: K8sObject = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "g" },
  spec: { selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web", team: "red" } }, spec: { containers: [] } } },
};
const policy = (spec: Record<string, unknown>): K8sObject => ({
  apiVersion: "networking.k8s.io/v1",
  kind: "NetworkPolicy",
  metadata: { name: "p", namespace: "g" },
  spec,
});

describe("selector rules' causes", () => {
  it("network-peer-selects-pods: the peer entries no pod has", () => {
    const p = policy({ podSelector: {}, ingress: [{ from: [{ podSelector: { matchLabels: { app: "web", tier: "gold" } } }] }] });
    expect(causes("network-peer-selects-pods", [web, p])).toEqual([["NetworkPolicy /spec/ingress/0/from/0/podSelector/matchLabels/tier"]]);
  });

  it("network-policy-selects-pods: the podSelector entries no pod has", () => {
    const p = policy({ podSelector: { matchLabels: { app: "web", team: "blue" } }, policyTypes: ["Ingress"] });
    expect(causes("network-policy-selects-pods", [web, p])).toEqual([["NetworkPolicy /spec/podSelector/matchLabels/team"]]);
  });

  it("service-selector-matches: the selector keys no pod has; none when some pod has each (the combination misses)", () => {
    const service = (selector: Record<string, string>): K8sObject => ({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "web", namespace: "g" },
      spec: { selector, ports: [{ port: 80 }] },
    });
    expect(causes("service-selector-matches", [web, service({ app: "web", tier: "gold" })])).toEqual([["Service /spec/selector/tier"]]);
    const api = structuredClone(web);
    (api.spec as any).template.metadata.labels = { app: "api", tier: "gold" };
    expect(causes("service-selector-matches", [web, api, service({ app: "web", tier: "gold" })])).toEqual([[]]);
  });
});
