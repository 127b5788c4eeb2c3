import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import {
  asPrices,
  costRows,
  costTargets,
  monthlyCost,
  PLATFORM,
  priceProblems,
  serviceOf,
  sumRows,
  totalsByGameAndEnvironment,
  type Prices,
} from "../../../scripts/lib/cost/model.ts";
import type { K8sObject } from "../../../scripts/lib/types.ts";

const prices: Prices = { cpuCoreHour: 0.04, memoryGiBHour: 0.005, gpuHour: 0.5, storageGiBMonth: 0.1, hoursPerMonth: 730 };

function objects(text: string): K8sObject[] {
  return yaml.loadAll(text) as K8sObject[];
}

const GAME = objects(`
apiVersion: apps/v1
kind: Deployment
metadata: { name: chat, namespace: gaia-demo }
spec:
  replicas: 2
  selector: { matchLabels: { app.kubernetes.io/name: chat } }
  template:
    metadata: { labels: { app.kubernetes.io/name: chat } }
    spec:
      initContainers:
        - { name: migrate, image: m, resources: { requests: { cpu: "3", memory: 1Gi } } }
      containers:
        - { name: chat, image: c, resources: { requests: { cpu: "1", memory: 2Gi }, limits: { nvidia.com/gpu: 1 } } }
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: chat, namespace: gaia-demo }
spec: { scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: chat }, minReplicas: 2, maxReplicas: 4 }
---
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: redis, namespace: gaia-demo, labels: { app.kubernetes.io/name: redis } }
spec:
  replicas: 2
  serviceName: redis
  selector: { matchLabels: { app.kubernetes.io/name: redis } }
  template:
    metadata: { labels: { app.kubernetes.io/name: redis } }
    spec: { containers: [{ name: redis, image: r, resources: { requests: { cpu: 500m, memory: 1Gi } } }] }
  volumeClaimTemplates:
    - { metadata: { name: data }, spec: { resources: { requests: { storage: 10Gi } } } }
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: assets, namespace: gaia-demo, labels: { app.kubernetes.io/name: asset } }
spec: { resources: { requests: { storage: 50Gi } } }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: asset, namespace: gaia-demo }
spec:
  selector: { matchLabels: { app.kubernetes.io/name: asset } }
  template:
    metadata: { labels: { app.kubernetes.io/name: asset } }
    spec: { containers: [{ name: asset, image: a, resources: { requests: { cpu: 250m, memory: 512Mi } } }] }
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: { name: asset, namespace: gaia-demo }
spec: { scaleTargetRef: { name: asset }, maxReplicaCount: 8 }
---
apiVersion: batch/v1
kind: CronJob
metadata: { name: cleanup, namespace: gaia-demo }
spec:
  schedule: "0 3 * * *"
  jobTemplate: { spec: { template: { spec: { containers: [{ name: c, image: c, resources: { requests: { cpu: "16", memory: 64Gi } } }] } } } }
`);

describe("costRows", () => {
  const rows = costRows([{ game: "demo", environment: "production", objects: GAME }], prices);

  it("prices each service at its autoscaler maximum, sorted by service", () => {
    expect(rows.map((r) => r.service)).toEqual(["asset", "chat", "redis"]);
    const chat = rows.find((r) => r.service === "chat")!;
    // HPA max 4 (not spec.replicas 2); the init container's 3 cores exceed the app's 1, so a pod reserves 3.
    expect(chat).toMatchObject({ game: "demo", environment: "production", replicas: 4, cpu: 12, memoryGiB: 8, gpu: 4, storageGiB: 0 });
    expect(chat.monthlyUSD).toBeCloseTo(730 * (12 * 0.04 + 8 * 0.005 + 4 * 0.5), 6);
  });

  it("counts volumeClaimTemplates per replica and standalone claims once, without pods", () => {
    expect(rows.find((r) => r.service === "redis")).toMatchObject({ replicas: 2, cpu: 1, memoryGiB: 2, storageGiB: 20 });
    const asset = rows.find((r) => r.service === "asset")!;
    // KEDA maxReplicaCount 8 × 250m, plus the 50Gi PVC labelled asset.
    expect(asset).toMatchObject({ replicas: 8, cpu: 2, memoryGiB: 4, storageGiB: 50 });
    expect(asset.monthlyUSD).toBeCloseTo(730 * (2 * 0.04 + 4 * 0.005) + 50 * 0.1, 6);
  });

  it("leaves out Jobs and CronJobs, whose share of the month is unknown", () => {
    expect(rows.some((r) => r.service === "cleanup")).toBe(false);
  });

  it("uses a KEDA default of 100 replicas when maxReplicaCount is not set", () => {
    const keda = objects(`
apiVersion: apps/v1
kind: Deployment
metadata: { name: w }
spec: { template: { spec: { containers: [{ name: w, resources: { requests: { cpu: 10m } } }] } } }
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: { name: w }
spec: { scaleTargetRef: { name: w } }
`);
    expect(costRows([{ objects: keda }], prices)[0]).toMatchObject({ game: PLATFORM, environment: "-", service: "w", replicas: 100, cpu: 1 });
  });

  it("sums workloads of the same service and keeps games and environments apart", () => {
    const twice = costRows(
      [
        { game: "b", environment: "staging", objects: GAME },
        { game: "a", environment: "production", objects: GAME },
        { game: "a", environment: "development", objects: [...GAME, ...GAME] },
      ],
      prices,
    );
    expect(twice.map((r) => `${r.game}/${r.environment}/${r.service}`).slice(0, 4)).toEqual([
      "a/development/asset",
      "a/development/chat",
      "a/development/redis",
      "a/production/asset",
    ]);
    const devChat = twice.find((r) => r.game === "a" && r.environment === "development" && r.service === "chat")!;
    expect(devChat.replicas).toBe(8);
  });
});

describe("serviceOf", () => {
  it("prefers the pod template's name label, then the object's, then the object name", () => {
    expect(serviceOf(GAME[0])).toBe("chat");
    expect(serviceOf({ apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "x", labels: { "app.kubernetes.io/name": "y" } } })).toBe("y");
    expect(serviceOf({ apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "x" } })).toBe("x");
  });
});

describe("totals", () => {
  const rows = costRows(
    [
      { game: "demo", environment: "production", objects: GAME },
      { game: "demo", environment: "staging", objects: GAME.slice(2, 3) },
    ],
    prices,
  );

  it("sums every numeric column", () => {
    const total = sumRows(rows);
    expect(total.replicas).toBe(4 + 2 + 8 + 2);
    expect(total.monthlyUSD).toBeCloseTo(
      rows.reduce((s, r) => s + r.monthlyUSD, 0),
      9,
    );
  });

  it("groups per game and environment", () => {
    const groups = totalsByGameAndEnvironment(rows);
    // Promotion order, not alphabetical.
    expect(groups.map((g) => `${g.game}/${g.environment}`)).toEqual(["demo/staging", "demo/production"]);
    expect(groups[0]).toMatchObject({ replicas: 2, storageGiB: 20 });
  });
});

describe("prices", () => {
  it("accepts a complete table", () => {
    expect(priceProblems(prices)).toEqual([]);
    expect(asPrices(prices)).toBe(prices);
  });

  it("reports a missing table, missing keys and negative or non-numeric values", () => {
    expect(priceProblems(undefined)).toEqual(["parameters.prices is missing"]);
    const problems = priceProblems({ ...prices, gpuHour: -1, hoursPerMonth: "730", storageGiBMonth: undefined });
    expect(problems).toHaveLength(3);
    expect(problems.join("\n")).toMatch(/gpuHour/);
    expect(problems.join("\n")).toMatch(/hoursPerMonth/);
    expect(() => asPrices({ cpuCoreHour: 1 })).toThrow(/memoryGiBHour/);
  });

  it("computes the monthly cost from hourly compute and monthly storage prices", () => {
    expect(monthlyCost({ cpu: 1, memoryGiB: 2, gpu: 0, storageGiB: 10 }, prices)).toBeCloseTo(730 * (0.04 + 0.01) + 1, 9);
  });
});

describe("costTargets", () => {
  const rt = (path: string, kind: "game" | "overlay" | "cluster", game?: string, status: "ok" | "failed" = "ok") => ({
    target: { path, kind, game, environment: "production" as const },
    status,
    objects: [{ object: GAME[0], source: { file: `${path}/kustomization.yaml`, line: 1 } }],
    ms: 0,
    cached: false,
    findings: [],
  });
  const rendered = [
    rt("games/a/production", "game", "a"),
    rt("games/b/production", "game", "b"),
    rt("games/c/production", "game", "c", "failed"),
    rt("overlays/production", "overlay"),
    rt("clusters/x", "cluster"),
  ];

  it("prices the rendered game targets, skipping failed renders", () => {
    expect(costTargets(rendered).map((t) => t.game)).toEqual(["a", "b"]);
    expect(costTargets(rendered)[0]).toMatchObject({ environment: "production", objects: [GAME[0]] });
  });

  it("narrows to one game, and adds the platform overlays only when asked", () => {
    expect(costTargets(rendered, { game: "b" }).map((t) => t.game)).toEqual(["b"]);
    expect(costTargets(rendered, { includeOverlays: true }).map((t) => t.game ?? PLATFORM)).toEqual(["a", "b", PLATFORM]);
  });
});
