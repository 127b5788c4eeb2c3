// Property: on random object sets, every rule that looks across objects through the per-target indexes reports exactly
// what its scanning version (test/property/scanning/, the rule before the indexes) reports, and the indexes answer
// like a filter over every item. Small vocabularies make names, labels and namespaces collide often.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { K8sObject, LocatedObject, Target } from "../../scripts/lib/types.ts";
import type { TargetContext, TargetRule } from "../../scripts/lib/policy/types.ts";
import { allRules } from "../../scripts/lib/policy/rules/index.ts";
import { LabelIndex, SelectorIndex } from "../../scripts/lib/policy/index/label-index.ts";
import { TargetIndex } from "../../scripts/lib/policy/index/target-index.ts";
import { matchesMap, matchesSelector } from "../../scripts/lib/policy/k8s/selectors.ts";
import { appEndpoint, dnsEndpoint, externalEndpoint, podGroups, scanPodGroups } from "../../scripts/lib/network/endpoints.ts";
import { networkPolicies, selectingPolicies, selects } from "../../scripts/lib/network/policies.ts";
import { rule as automountServiceAccountToken } from "./scanning/automount-service-account-token.ts";
import { rule as hpaNoFixedReplicas } from "./scanning/hpa-no-fixed-replicas.ts";
import { rule as hpaTargetExists } from "./scanning/hpa-target-exists.ts";
import { rule as namespaceQuotaPresent } from "./scanning/namespace-quota-present.ts";
import { rule as networkPeerSelectsPods } from "./scanning/network-peer-selects-pods.ts";
import { rule as networkPolicySelectsPods } from "./scanning/network-policy-selects-pods.ts";
import { rule as pdbNotBlocking } from "./scanning/pdb-not-blocking.ts";
import { rule as pdbPresent } from "./scanning/pdb-present.ts";
import { rule as serviceSelectorMatches } from "./scanning/service-selector-matches.ts";

const SCANNING: TargetRule[] = [
  automountServiceAccountToken,
  hpaNoFixedReplicas,
  hpaTargetExists,
  namespaceQuotaPresent,
  networkPeerSelectsPods,
  networkPolicySelectsPods,
  pdbNotBlocking,
  pdbPresent,
  serviceSelectorMatches,
];

const name = fc.constantFrom("a", "b", "c");
const namespace = fc.constantFrom(undefined, "gaia-g", "other");
const labelKey = fc.constantFrom("app", "tier", "k8s-app");
const labelValue = fc.constantFrom("x", "y", "z");
const labels = fc.dictionary(labelKey, labelValue, { maxKeys: 3 });
const expression = fc.record({
  key: labelKey,
  operator: fc.constantFrom("In", "NotIn", "Exists", "DoesNotExist"),
  values: fc.array(labelValue, { maxLength: 2 }),
});
const selector = fc.oneof(
  fc.record({ matchLabels: labels }, { requiredKeys: [] }),
  fc.record({ matchLabels: labels, matchExpressions: fc.array(expression, { maxLength: 2 }) }, { requiredKeys: [] }),
  fc.constant(undefined),
);
const metadata = (extra: Record<string, unknown> = {}) => fc.record({ name, namespace, labels }, { requiredKeys: ["name"] }).map((m) => ({ ...m, ...extra }));
const container = fc.record({
  name: fc.constant("main"),
  ports: fc.array(fc.record({ name: fc.constantFrom("http", "grpc"), containerPort: fc.constantFrom(80, 8080) }), { maxLength: 2 }),
});
const template = fc.record({
  metadata: fc.record({ labels }),
  spec: fc.record(
    { containers: fc.array(container, { minLength: 1, maxLength: 2 }), serviceAccountName: name, automountServiceAccountToken: fc.boolean() },
    { requiredKeys: ["containers"] },
  ),
});
const serviceAccount = fc.record(
  { apiVersion: fc.constant("v1"), kind: fc.constant("ServiceAccount"), metadata: metadata(), automountServiceAccountToken: fc.boolean() },
  { requiredKeys: ["apiVersion", "kind", "metadata"] },
);

const workload = fc.record({
  apiVersion: fc.constant("apps/v1"),
  kind: fc.constantFrom("Deployment", "StatefulSet", "ReplicaSet"),
  metadata: metadata(),
  spec: fc.record({ replicas: fc.constantFrom(1, 2, 3), selector, template }, { requiredKeys: ["template"] }),
});
const rollout = fc.record({
  apiVersion: fc.constant("argoproj.io/v1alpha1"),
  kind: fc.constant("Rollout"),
  metadata: metadata(),
  spec: fc.record({
    replicas: fc.constantFrom(1, 3),
    workloadRef: fc.record({ kind: fc.constant("Deployment"), name, apiVersion: fc.constantFrom("apps/v1", "v1") }),
  }),
});
const podTemplate = fc.record({ apiVersion: fc.constant("v1"), kind: fc.constant("PodTemplate"), metadata: metadata(), template });
const service = fc.record({
  apiVersion: fc.constant("v1"),
  kind: fc.constant("Service"),
  metadata: metadata(),
  spec: fc.record(
    {
      selector: labels,
      type: fc.constantFrom("ClusterIP", "ExternalName"),
      ports: fc.array(fc.record({ port: fc.constantFrom(80, 8080), targetPort: fc.constantFrom(80, 8080, "http", "grpc") }, { requiredKeys: ["port"] }), {
        maxLength: 2,
      }),
    },
    { requiredKeys: ["ports"] },
  ),
});
const endpoints = fc.oneof(
  fc.record({ apiVersion: fc.constant("v1"), kind: fc.constant("Endpoints"), metadata: metadata() }),
  fc.record({
    apiVersion: fc.constant("discovery.k8s.io/v1"),
    kind: fc.constant("EndpointSlice"),
    metadata: fc.tuple(name, namespace, name).map(([n, ns, svc]) => ({ name: `${n}-slice`, namespace: ns, labels: { "kubernetes.io/service-name": svc } })),
  }),
);
const peer = fc.record({ podSelector: selector, namespaceSelector: fc.option(selector, { nil: undefined }) }, { requiredKeys: [] });
const networkPolicy = fc.record({
  apiVersion: fc.constant("networking.k8s.io/v1"),
  kind: fc.constant("NetworkPolicy"),
  metadata: metadata(),
  spec: fc.record(
    {
      podSelector: selector,
      ingress: fc.array(fc.record({ from: fc.array(peer, { maxLength: 2 }) }), { maxLength: 2 }),
      egress: fc.array(fc.record({ to: fc.array(peer, { maxLength: 2 }) }), { maxLength: 2 }),
    },
    { requiredKeys: [] },
  ),
});
const pdb = fc.record({
  apiVersion: fc.constant("policy/v1"),
  kind: fc.constant("PodDisruptionBudget"),
  metadata: metadata(),
  spec: fc.record({ selector, minAvailable: fc.constantFrom(1, 2, 3, "50%", "100%"), maxUnavailable: fc.constantFrom(0, 1) }, { requiredKeys: [] }),
});
const hpa = fc.record({
  apiVersion: fc.constant("autoscaling/v2"),
  kind: fc.constantFrom("HorizontalPodAutoscaler", "ScaledObject"),
  metadata: metadata(),
  spec: fc.record({
    scaleTargetRef: fc.record(
      { kind: fc.constantFrom("Deployment", "StatefulSet", "Rollout"), name, apiVersion: fc.constantFrom("apps/v1", "v1") },
      { requiredKeys: [] },
    ),
    minReplicas: fc.constantFrom(1, 2),
    maxReplicas: fc.constantFrom(1, 3, 5),
  }),
});
const namespaceObject = fc.record({
  apiVersion: fc.constant("v1"),
  kind: fc.constant("Namespace"),
  metadata: fc.record({ name: fc.constantFrom("gaia-g", "other") }),
});
const quota = fc.record({ apiVersion: fc.constant("v1"), kind: fc.constantFrom("ResourceQuota", "LimitRange"), metadata: metadata() });

const objectSet = fc.array(fc.oneof(workload, rollout, podTemplate, service, endpoints, networkPolicy, pdb, hpa, namespaceObject, quota, serviceAccount), {
  maxLength: 60,
  size: "max",
});

const target: Target = { path: "games/g/production", kind: "game", game: "g", environment: "production" };

function context(objects: K8sObject[], rule: TargetRule): TargetContext {
  const located: LocatedObject[] = objects.map((object, i) => ({ object, source: { file: "objects.yaml", line: i + 1 }, origin: { file: "objects.yaml" } }));
  const params = Object.fromEntries(Object.entries(rule.params ?? {}).map(([k, p]) => [k, p.default]));
  const repo = { root: "/repo", games: new Map(), clusters: new Map(), targets: [], readText: () => undefined, listFiles: () => [] };
  return { environment: "production", params, shared: {}, repo, kubernetesVersion: "1.30.0", target, objects: located };
}

/**
 * Violations with the object replaced by its position, so two runs compare by value. `causes` only tell the engine
 * which transformer line to blame (the scanning versions predate them): the verdicts are compared.
 */
function comparable(rule: TargetRule, objects: K8sObject[]) {
  return rule.check(context(objects, rule)).map(({ causes: _causes, ...v }) => ({ ...v, object: v.object ? objects.indexOf(v.object) : undefined }));
}

describe("indexed cross-object rules", () => {
  const indexed = new Map(allRules().map((r) => [r.id, r]));

  for (const scanning of SCANNING) {
    it(`${scanning.id} reports exactly what its scanning version reports`, () => {
      const rule = indexed.get(scanning.id) as TargetRule;
      expect(rule.scope).toBe("target");
      let reported = 0;
      fc.assert(
        fc.property(objectSet, (objects) => {
          const expected = comparable(scanning, objects);
          reported += expected.length;
          expect(comparable(rule, structuredClone(objects) as K8sObject[])).toEqual(expected);
        }),
        { numRuns: 300, seed: 20261203 },
      );
      // The generated sets must exercise the rule, not only its quiet path.
      expect(reported).toBeGreaterThan(0);
    });
  }
});

describe("label and selector indexes", () => {
  const items = fc.array(fc.oneof(labels, fc.constant(undefined)), { maxLength: 30 });

  it("LabelIndex answers like a filter with matchesSelector / matchesMap, in item order", () => {
    fc.assert(
      fc.property(items, selector, labels, (list, sel, map) => {
        const labelsOf = (l: Record<string, string> | undefined) => l ?? {};
        const index = new LabelIndex(list, labelsOf);
        expect(index.matching(sel)).toEqual(sel ? list.filter((l) => matchesSelector(sel, labelsOf(l))) : []);
        expect(index.matchingMap(map)).toEqual(list.filter((l) => matchesMap(map, labelsOf(l))));
      }),
      { numRuns: 500, seed: 20261203 },
    );
  });

  it("SelectorIndex answers like a filter of the selectors with matchesSelector, in item order", () => {
    fc.assert(
      fc.property(fc.array(selector, { maxLength: 30 }), labels, (selectors, l) => {
        const index = new SelectorIndex(selectors, (s) => s);
        expect(index.selecting(l)).toEqual(selectors.filter((s) => matchesSelector(s, l)));
      }),
      { numRuns: 500, seed: 20261203 },
    );
  });

  it("podGroups (indexed per list) and TargetIndex.podGroups equal the scanning podGroups for every namespace", () => {
    fc.assert(
      fc.property(objectSet, fc.array(namespace, { minLength: 1, maxLength: 3 }), (objects, namespaces) => {
        const index = new TargetIndex(objects, "gaia-g");
        const list = [...objects] as K8sObject[];
        for (const ns of namespaces) {
          expect(index.podGroups(ns ?? "")).toEqual(scanPodGroups(objects as K8sObject[], ns ?? ""));
          expect(podGroups(list, ns ?? "")).toEqual(scanPodGroups(objects as K8sObject[], ns ?? ""));
        }
      }),
      { numRuns: 300, seed: 20261203 },
    );
  });

  it("selectingPolicies equals a filter of the namespace's policies with selects()", () => {
    fc.assert(
      fc.property(objectSet, namespace, (objects, ns) => {
        const list = objects as K8sObject[];
        const policies = networkPolicies(list, ns ?? "gaia-g");
        const endpoints = [...podGroups(list, ns ?? "gaia-g").map((g) => appEndpoint(g)), externalEndpoint(), dnsEndpoint()];
        for (const e of endpoints) expect(selectingPolicies(policies, e)).toEqual(policies.filter((p) => selects(p, e)));
      }),
      { numRuns: 300, seed: 20261203 },
    );
  });
});
