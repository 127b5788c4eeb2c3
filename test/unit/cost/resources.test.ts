// The inputs of the cost model and the quota rules: replicas from autoscalers, effective pod resources, demand.
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { demands, usage } from "../../../scripts/lib/policy/k8s/demand.ts";
import { claimStorage, claimTemplateStorage, limitRangeDefaults, podResources } from "../../../scripts/lib/policy/k8s/pod-resources.ts";
import { declaredReplicas, maxReplicas, minReplicas, scalerRef, scalersIn, targets } from "../../../scripts/lib/policy/k8s/scaling.ts";
import { referencedWorkload, resolvedTemplate } from "../../../scripts/lib/policy/k8s/workload-ref.ts";
import { podTemplate } from "../../../scripts/lib/policy/k8s/workloads.ts";
import type { K8sObject } from "../../../scripts/lib/types.ts";

const GiB = 2 ** 30;
const MiB = 2 ** 20;
const load = (text: string) => yaml.loadAll(text) as K8sObject[];

describe("scaling", () => {
  const [hpa, keda, bare] = load(`
kind: HorizontalPodAutoscaler
apiVersion: autoscaling/v2
metadata: { name: h, namespace: n }
spec: { scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }, maxReplicas: 6 }
---
kind: ScaledObject
apiVersion: keda.sh/v1alpha1
metadata: { name: k, namespace: n }
spec: { scaleTargetRef: { name: worker } }
---
kind: HorizontalPodAutoscaler
apiVersion: autoscaling/v2
metadata: { name: b }
spec: { scaleTargetRef: { kind: Deployment, name: web } }
`);

  it("reads HPA bounds with minReplicas defaulting to 1", () => {
    expect(scalerRef(hpa)).toMatchObject({ kind: "Deployment", name: "web", group: "apps", min: 1, max: 6 });
  });

  it("applies KEDA's defaults: apps/v1 Deployment, 0 to 100 replicas", () => {
    expect(scalerRef(keda)).toMatchObject({ kind: "Deployment", name: "worker", group: "apps", min: 0, max: 100, maxPointer: "/spec/maxReplicaCount" });
  });

  it("ignores other kinds and treats a reference without apiVersion as any group", () => {
    expect(scalerRef({ apiVersion: "v1", kind: "Service", metadata: { name: "x" } })).toBeUndefined();
    const ref = scalerRef(bare)!;
    expect(ref.group).toBeUndefined();
    expect(ref.max).toBe(0);
    expect(targets(ref, { apiVersion: "argoproj.io/v1alpha1", kind: "Deployment", metadata: { name: "web" } })).toBe(true);
  });

  it("matches namespace, kind, name and group", () => {
    const ref = scalerRef(hpa)!;
    expect(targets(ref, { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "n" } })).toBe(true);
    expect(targets(ref, { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "other" } })).toBe(false);
    expect(targets(ref, { apiVersion: "extensions/v1beta1", kind: "Deployment", metadata: { name: "web", namespace: "n" } })).toBe(false);
    expect(targets(ref, { apiVersion: "apps/v1", kind: "StatefulSet", metadata: { name: "web", namespace: "n" } })).toBe(false);
  });

  it("uses the autoscaler's bounds when one targets the workload, else its declared replicas", () => {
    const web: K8sObject = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "n" }, spec: { replicas: 2 } };
    const other: K8sObject = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "other", namespace: "n" }, spec: {} };
    const scalers = scalersIn([hpa, keda, web]);
    expect([minReplicas(web, scalers), maxReplicas(web, scalers)]).toEqual([1, 6]);
    expect([minReplicas(other, scalers), maxReplicas(other, scalers)]).toEqual([1, 1]);
  });

  it("takes the largest maximum when several autoscalers target one workload", () => {
    const web: K8sObject = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "n" }, spec: {} };
    const seasonal: K8sObject = {
      apiVersion: "keda.sh/v1alpha1",
      kind: "ScaledObject",
      metadata: { name: "s", namespace: "n" },
      spec: { scaleTargetRef: { name: "web" }, maxReplicaCount: 40 },
    };
    expect(maxReplicas(web, scalersIn([hpa, seasonal]))).toBe(40);
    expect(maxReplicas(web, scalersIn([seasonal, hpa]))).toBe(40);
  });

  it("reads Job parallelism and treats pods and DaemonSets as one", () => {
    expect(declaredReplicas({ apiVersion: "batch/v1", kind: "Job", metadata: {}, spec: { parallelism: 4 } })).toBe(4);
    expect(declaredReplicas({ apiVersion: "batch/v1", kind: "CronJob", metadata: {}, spec: { jobTemplate: { spec: { parallelism: 3 } } } })).toBe(3);
    expect(declaredReplicas({ apiVersion: "apps/v1", kind: "DaemonSet", metadata: {}, spec: {} })).toBe(1);
    expect(declaredReplicas({ apiVersion: "v1", kind: "Pod", metadata: {}, spec: {} })).toBe(1);
  });
});

describe("podResources", () => {
  const pod = (spec: Record<string, unknown>) => podTemplate({ apiVersion: "v1", kind: "Pod", metadata: {}, spec })!;

  it("takes the larger of the app containers' sum and the biggest init container", () => {
    const r = podResources(
      pod({
        initContainers: [{ name: "a", resources: { requests: { cpu: "2", memory: "64Mi" } } }],
        containers: [
          { name: "b", resources: { requests: { cpu: "500m", memory: "1Gi" } } },
          { name: "c", resources: { requests: { cpu: "500m", memory: "1Gi" } } },
        ],
      }),
    );
    expect(r.requests).toMatchObject({ cpu: 2, memory: 2 * GiB });
  });

  it("adds native sidecars to the app containers and to the init containers after them", () => {
    const r = podResources(
      pod({
        initContainers: [
          { name: "proxy", restartPolicy: "Always", resources: { requests: { cpu: "100m" }, limits: { cpu: "200m" } } },
          { name: "migrate", resources: { requests: { cpu: "1" } } },
        ],
        containers: [{ name: "app", resources: { requests: { cpu: "300m" } } }],
      }),
    );
    expect(r.requests.cpu).toBeCloseTo(1.1, 9);
    expect(r.limits.cpu).toBeCloseTo(0.2, 9);
  });

  it("copies a limit into a missing request, adds pod overhead and counts GPUs", () => {
    const r = podResources(
      pod({
        overhead: { cpu: "250m", memory: "120Mi" },
        containers: [{ name: "gpu", resources: { limits: { cpu: "1", memory: "1Gi", "nvidia.com/gpu": 2 } } }],
      }),
    );
    expect(r.requests).toEqual({ cpu: 1.25, memory: GiB + 120 * MiB, "nvidia.com/gpu": 2 });
    expect(r.limits.cpu).toBe(1.25);
  });

  it("applies LimitRange container defaults of the namespace only", () => {
    const objects = load(`
kind: LimitRange
apiVersion: v1
metadata: { name: d, namespace: n }
spec:
  limits:
    - { type: Pod, max: { cpu: "4" } }
    - { type: Container, default: { cpu: 500m, memory: 256Mi }, defaultRequest: { cpu: 100m } }
---
kind: LimitRange
apiVersion: v1
metadata: { name: other, namespace: m }
spec: { limits: [{ type: Container, defaultRequest: { cpu: "3" } }] }
`);
    const defaults = limitRangeDefaults(objects, "n");
    const r = podResources(pod({ containers: [{ name: "a" }, { name: "b", resources: { requests: { cpu: "1" } } }] }), defaults);
    expect(r.requests.cpu).toBeCloseTo(1.1, 9);
    // No defaultRequest for memory: the default limit becomes the request.
    expect(r.requests.memory).toBe(512 * MiB);
    expect(r.limits.cpu).toBe(1);
    expect(limitRangeDefaults(objects, "none")).toEqual({ requests: {}, limits: {} });
  });

  it("reads claim storage of StatefulSets and PVCs, and nothing from other kinds", () => {
    const [sts, pvc] = load(`
kind: StatefulSet
apiVersion: apps/v1
metadata: { name: s }
spec: { volumeClaimTemplates: [{ spec: { resources: { requests: { storage: 5Gi } } } }, { spec: { resources: { requests: { storage: 1Gi } } } }] }
---
kind: PersistentVolumeClaim
apiVersion: v1
metadata: { name: p }
spec: { resources: { requests: { storage: 2Gi } } }
`);
    expect(claimTemplateStorage(sts)).toBe(6 * GiB);
    expect(claimStorage(pvc)).toBe(2 * GiB);
    expect(claimStorage(sts)).toBe(0);
    expect(claimTemplateStorage(pvc)).toBe(0);
  });
});

describe("workloadRef and demand", () => {
  const objects = load(`
kind: Deployment
apiVersion: apps/v1
metadata: { name: chat, namespace: n }
spec:
  replicas: 0
  template:
    metadata: { labels: { app: chat } }
    spec: { containers: [{ name: chat, resources: { requests: { cpu: "1", memory: 1Gi } } }] }
---
kind: Rollout
apiVersion: argoproj.io/v1alpha1
metadata: { name: chat, namespace: n }
spec: { workloadRef: { apiVersion: apps/v1, kind: Deployment, name: chat } }
---
kind: Rollout
apiVersion: argoproj.io/v1alpha1
metadata: { name: dangling, namespace: n }
spec: { workloadRef: { apiVersion: apps/v1, kind: Deployment, name: missing } }
---
kind: HorizontalPodAutoscaler
apiVersion: autoscaling/v2
metadata: { name: chat, namespace: n }
spec: { scaleTargetRef: { apiVersion: argoproj.io/v1alpha1, kind: Rollout, name: chat }, minReplicas: 2, maxReplicas: 5 }
---
kind: StatefulSet
apiVersion: apps/v1
metadata: { name: db, namespace: n }
spec:
  replicas: 3
  template: { spec: { containers: [{ name: db, resources: { requests: { cpu: 200m } } }] } }
  volumeClaimTemplates: [{ spec: { resources: { requests: { storage: 4Gi } } } }]
---
kind: PersistentVolumeClaim
apiVersion: v1
metadata: { name: shared, namespace: n }
spec: { resources: { requests: { storage: 10Gi } } }
`);

  it("resolves a Rollout's template through workloadRef, and nothing when the reference dangles", () => {
    expect(referencedWorkload(objects[1], objects)).toBe(objects[0]);
    expect(resolvedTemplate(objects[1], objects)?.holder).toBe(objects[0]);
    expect(resolvedTemplate(objects[2], objects)).toBeUndefined();
    expect(resolvedTemplate(objects[0], objects)?.holder).toBe(objects[0]);
  });

  it("sums what each workload and claim can use at its maximum", () => {
    const d = demands(objects);
    expect(d.map((x) => `${x.object.kind}/${x.object.metadata.name}:${x.replicas}`)).toEqual([
      "Deployment/chat:0",
      "Rollout/chat:5",
      "StatefulSet/db:3",
      "PersistentVolumeClaim/shared:1",
    ]);
    const total = (r: Parameters<typeof usage>[1]) => d.reduce((s, x) => s + usage(x, r), 0);
    expect(total("requests.cpu")).toBeCloseTo(5.6, 9);
    expect(total("requests.memory")).toBe(5 * GiB);
    expect(total("pods")).toBe(8);
    expect(total("requests.storage")).toBe(22 * GiB);
    expect(total("persistentvolumeclaims")).toBe(4);
    expect(total("limits.cpu")).toBe(0);
  });
});
