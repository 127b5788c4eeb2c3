// A synthetic repository shaped like the template (base services, 3 overlays, N games × 3 environments) for benchmarks
// and render-equivalence tests. Deterministic for a given N. Seven services of six objects each, two namespace
// policies and a game quota and limit range give 46 objects per game target: for N = 20, 63 targets and about 2,900
// objects, close to the shape the render goal was set on (2,709 objects).
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import yaml from "js-yaml";

const ENVS = ["development", "staging", "production"] as const;
const SERVICES = ["gateway", "chat", "auth", "asset", "performance", "gate-engine", "redis"];

function write(root: string, file: string, doc: unknown): void {
  const abs = join(root, file);
  mkdirSync(dirname(abs), { recursive: true });
  const docs = Array.isArray(doc) ? doc : [doc];
  writeFileSync(abs, docs.map((d) => yaml.dump(d, { noRefs: true, lineWidth: 160 })).join("---\n"));
}

function labels(name: string) {
  return {
    "app.kubernetes.io/name": name,
    "app.kubernetes.io/instance": name,
    "app.kubernetes.io/version": "1.0.0",
    "app.kubernetes.io/component": "service",
    "app.kubernetes.io/part-of": "gaia",
    "app.kubernetes.io/managed-by": "kustomize",
  };
}

function service(name: string) {
  const sel = { "app.kubernetes.io/name": name };
  const container = {
    name,
    image: `registry.gaia.tech/platform/${name}:1.0.0`,
    ports: [{ name: "http", containerPort: 8080 }],
    resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "200m", memory: "128Mi" } },
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ["ALL"] } },
    livenessProbe: { httpGet: { path: "/healthz", port: "http" } },
    readinessProbe: { httpGet: { path: "/readyz", port: "http" } },
    env: [{ name: "LOG_LEVEL", value: "info" }],
  };
  return [
    { apiVersion: "v1", kind: "ServiceAccount", metadata: { name, labels: labels(name) }, automountServiceAccountToken: false },
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name, labels: labels(name) },
      spec: {
        selector: { matchLabels: sel },
        template: {
          metadata: { labels: labels(name) },
          spec: {
            serviceAccountName: name,
            automountServiceAccountToken: false,
            securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, seccompProfile: { type: "RuntimeDefault" } },
            topologySpreadConstraints: [
              { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: sel } },
            ],
            containers: [container],
          },
        },
      },
    },
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name, labels: labels(name) },
      spec: { selector: sel, ports: [{ name: "http", port: 80, targetPort: "http" }] },
    },
    {
      apiVersion: "autoscaling/v2",
      kind: "HorizontalPodAutoscaler",
      metadata: { name, labels: labels(name) },
      spec: {
        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name },
        minReplicas: 1,
        maxReplicas: 3,
        metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } }],
      },
    },
    {
      apiVersion: "policy/v1",
      kind: "PodDisruptionBudget",
      metadata: { name, labels: labels(name) },
      spec: { maxUnavailable: 1, selector: { matchLabels: sel } },
    },
    { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `${name}-config`, labels: labels(name) }, data: { LOG_LEVEL: "info", SERVICE: name } },
  ];
}

/** Writes the repository; returns the number of targets. */
/**
 * "template": game kustomizations as the template writes them. "namespaced": each game kustomization also renders a
 * Namespace of its own and patches every Deployment (no read-only root filesystem, no liveness probe), so the repository
 * carries about 30 findings per game target: the shape that once made batches fall back to per-target renders.
 */
export type SyntheticShape = "template" | "namespaced";

export function writeSyntheticRepo(root: string, games: number, shape: SyntheticShape = "template"): number {
  for (const s of SERVICES) {
    write(root, `base/${s}/resources.yaml`, service(s));
    write(root, `base/${s}/kustomization.yaml`, { apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", resources: ["resources.yaml"] });
  }
  write(root, "base/network/policies.yaml", [
    {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: "default-deny" },
      spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
    },
    {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: "allow-dns" },
      spec: {
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
      },
    },
  ]);
  write(root, "base/network/kustomization.yaml", { apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", resources: ["policies.yaml"] });
  write(root, "base/kustomization.yaml", { apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", resources: [...SERVICES, "network"] });
  for (const env of ENVS) {
    write(root, `overlays/${env}/kustomization.yaml`, {
      apiVersion: "kustomize.config.k8s.io/v1beta1",
      kind: "Kustomization",
      namespace: "gaia-platform",
      resources: ["../../base"],
      labels: [{ pairs: { "gaia.tech/environment": env } }],
      patches: [{ path: "log-level.yaml", target: { kind: "ConfigMap" } }],
      ...(env === "production"
        ? { images: SERVICES.map((svc, i) => ({ name: `registry.gaia.tech/platform/${svc}`, digest: `sha256:${String(i).repeat(64).slice(0, 64)}` })) }
        : {}),
    });
    writeFileSync(
      join(root, `overlays/${env}/log-level.yaml`),
      yaml.dump([{ op: "replace", path: "/data/LOG_LEVEL", value: env === "development" ? "debug" : "info" }]),
    );
  }
  for (let g = 0; g < games; g++) {
    const game = `game-${String(g).padStart(3, "0")}`;
    write(root, `games/${game}/game.yaml`, {
      name: game,
      displayName: `Game ${g}`,
      owner: "team@gaia.tech",
      tier: "indie",
      regions: ["us-east"],
      services: { chat: { enabled: true, minReplicas: 1, maxReplicas: 3 } },
      budget: { monthlyUSD: 2000 },
    });
    for (const env of ENVS) {
      write(root, `games/${game}/${env}/kustomization.yaml`, {
        apiVersion: "kustomize.config.k8s.io/v1beta1",
        kind: "Kustomization",
        namespace: `gaia-${game}`,
        resources: [`../../../overlays/${env}`, "quota.yaml", ...(shape === "namespaced" ? ["namespace.yaml"] : [])],
        labels: [{ pairs: { "gaia.tech/game": game } }],
        patches: [{ path: "scale.yaml" }, ...(shape === "namespaced" ? [{ path: "relax.yaml", target: { kind: "Deployment" } }] : [])],
      });
      if (shape === "namespaced") {
        write(root, `games/${game}/${env}/namespace.yaml`, { apiVersion: "v1", kind: "Namespace", metadata: { name: `gaia-${game}` } });
        writeFileSync(
          join(root, `games/${game}/${env}/relax.yaml`),
          yaml.dump([
            { op: "replace", path: "/spec/template/spec/containers/0/securityContext/readOnlyRootFilesystem", value: false },
            { op: "remove", path: "/spec/template/spec/containers/0/livenessProbe" },
          ]),
        );
      }
      write(root, `games/${game}/${env}/quota.yaml`, [
        {
          apiVersion: "v1",
          kind: "ResourceQuota",
          metadata: { name: "compute" },
          spec: { hard: { "requests.cpu": "8", "requests.memory": "16Gi", pods: "40" } },
        },
        {
          apiVersion: "v1",
          kind: "LimitRange",
          metadata: { name: "limits" },
          spec: { limits: [{ type: "Container", default: { cpu: "200m", memory: "128Mi" }, defaultRequest: { cpu: "50m", memory: "64Mi" } }] },
        },
      ]);
      write(root, `games/${game}/${env}/scale.yaml`, {
        apiVersion: "autoscaling/v2",
        kind: "HorizontalPodAutoscaler",
        metadata: { name: "chat" },
        spec: { maxReplicas: 1 + (g % 3) },
      });
    }
  }
  write(root, "policies/config.yaml", {
    kubernetesVersion: "1.30",
    argocd: { kustomizeVersion: "v5.7.1" },
    parameters: {
      allowedRegistries: ["registry.gaia.tech"],
      prices: { cpuCoreHour: 0.0316, memoryGiBHour: 0.0042, gpuHour: 0.526, storageGiBMonth: 0.1, hoursPerMonth: 730 },
      tiers: { indie: { players: "100-500", maxReplicasPerService: 3, quota: { cpu: "8", memory: "16Gi", pods: 40 } } },
    },
    rules: {},
  });
  return ENVS.length + games * ENVS.length;
}
