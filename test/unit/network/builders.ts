// Small object builders for the network model tests.
import type { K8sObject } from "../../../scripts/lib/types.ts";

export const NS = "gaia-demo";

export function deployment(
  app: string,
  ports: Array<{ name?: string; containerPort: number; protocol?: string }> = [],
  extraLabels: Record<string, string> = {},
): K8sObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: app, namespace: NS },
    spec: {
      selector: { matchLabels: { "app.kubernetes.io/name": app } },
      template: {
        metadata: { labels: { "app.kubernetes.io/name": app, ...extraLabels } },
        spec: { containers: [{ name: app, image: `registry.gaia.tech/platform/${app}:1.0.0`, ports }] },
      },
    },
  };
}

export function policy(name: string, spec: Record<string, unknown>, namespace = NS): K8sObject {
  return { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace }, spec };
}

export function app(name: string): Record<string, unknown> {
  return { matchLabels: { "app.kubernetes.io/name": name } };
}

export const DEFAULT_DENY = policy("default-deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
