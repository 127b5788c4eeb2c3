// Kubernetes API versions that were deprecated or removed, per the upstream deprecation guide, with their replacements.
export interface ApiDeprecation {
  apiVersion: string;
  /** Kinds affected; undefined = every kind of the group-version. */
  kinds?: string[];
  deprecatedIn: string;
  /** undefined while only deprecated. */
  removedIn?: string;
  replacement: string;
}

const apps = ["Deployment", "DaemonSet", "ReplicaSet", "StatefulSet"];

export const API_DEPRECATIONS: ApiDeprecation[] = [
  { apiVersion: "extensions/v1beta1", kinds: ["Deployment", "DaemonSet", "ReplicaSet"], deprecatedIn: "1.8", removedIn: "1.16", replacement: "apps/v1" },
  { apiVersion: "extensions/v1beta1", kinds: ["NetworkPolicy"], deprecatedIn: "1.9", removedIn: "1.16", replacement: "networking.k8s.io/v1" },
  {
    apiVersion: "extensions/v1beta1",
    kinds: ["PodSecurityPolicy"],
    deprecatedIn: "1.10",
    removedIn: "1.16",
    replacement: "Pod Security Admission (policy/v1beta1 until 1.25)",
  },
  { apiVersion: "extensions/v1beta1", kinds: ["Ingress"], deprecatedIn: "1.14", removedIn: "1.22", replacement: "networking.k8s.io/v1" },
  { apiVersion: "extensions/v1beta1", deprecatedIn: "1.14", removedIn: "1.22", replacement: "the kind's stable group (apps/v1, networking.k8s.io/v1)" },
  { apiVersion: "apps/v1beta1", kinds: apps, deprecatedIn: "1.9", removedIn: "1.16", replacement: "apps/v1" },
  { apiVersion: "apps/v1beta2", kinds: apps, deprecatedIn: "1.9", removedIn: "1.16", replacement: "apps/v1" },
  { apiVersion: "apps/v1beta1", deprecatedIn: "1.9", removedIn: "1.16", replacement: "apps/v1" },
  { apiVersion: "apps/v1beta2", deprecatedIn: "1.9", removedIn: "1.16", replacement: "apps/v1" },
  { apiVersion: "admissionregistration.k8s.io/v1beta1", deprecatedIn: "1.16", removedIn: "1.22", replacement: "admissionregistration.k8s.io/v1" },
  { apiVersion: "apiextensions.k8s.io/v1beta1", deprecatedIn: "1.16", removedIn: "1.22", replacement: "apiextensions.k8s.io/v1" },
  { apiVersion: "apiregistration.k8s.io/v1beta1", deprecatedIn: "1.19", removedIn: "1.22", replacement: "apiregistration.k8s.io/v1" },
  { apiVersion: "authentication.k8s.io/v1beta1", deprecatedIn: "1.19", removedIn: "1.22", replacement: "authentication.k8s.io/v1" },
  { apiVersion: "authorization.k8s.io/v1beta1", deprecatedIn: "1.19", removedIn: "1.22", replacement: "authorization.k8s.io/v1" },
  { apiVersion: "certificates.k8s.io/v1beta1", deprecatedIn: "1.19", removedIn: "1.22", replacement: "certificates.k8s.io/v1" },
  { apiVersion: "coordination.k8s.io/v1beta1", deprecatedIn: "1.19", removedIn: "1.22", replacement: "coordination.k8s.io/v1" },
  { apiVersion: "networking.k8s.io/v1beta1", deprecatedIn: "1.19", removedIn: "1.22", replacement: "networking.k8s.io/v1" },
  { apiVersion: "rbac.authorization.k8s.io/v1beta1", deprecatedIn: "1.17", removedIn: "1.22", replacement: "rbac.authorization.k8s.io/v1" },
  { apiVersion: "scheduling.k8s.io/v1beta1", deprecatedIn: "1.14", removedIn: "1.22", replacement: "scheduling.k8s.io/v1" },
  {
    apiVersion: "storage.k8s.io/v1beta1",
    kinds: ["CSIDriver", "CSINode", "StorageClass", "VolumeAttachment"],
    deprecatedIn: "1.19",
    removedIn: "1.22",
    replacement: "storage.k8s.io/v1",
  },
  { apiVersion: "batch/v1beta1", kinds: ["CronJob"], deprecatedIn: "1.21", removedIn: "1.25", replacement: "batch/v1" },
  { apiVersion: "discovery.k8s.io/v1beta1", kinds: ["EndpointSlice"], deprecatedIn: "1.21", removedIn: "1.25", replacement: "discovery.k8s.io/v1" },
  { apiVersion: "events.k8s.io/v1beta1", kinds: ["Event"], deprecatedIn: "1.19", removedIn: "1.25", replacement: "events.k8s.io/v1" },
  { apiVersion: "autoscaling/v2beta1", kinds: ["HorizontalPodAutoscaler"], deprecatedIn: "1.22", removedIn: "1.25", replacement: "autoscaling/v2" },
  { apiVersion: "policy/v1beta1", kinds: ["PodDisruptionBudget"], deprecatedIn: "1.21", removedIn: "1.25", replacement: "policy/v1" },
  {
    apiVersion: "policy/v1beta1",
    kinds: ["PodSecurityPolicy"],
    deprecatedIn: "1.21",
    removedIn: "1.25",
    replacement: "Pod Security Admission (pod-security.kubernetes.io namespace labels)",
  },
  { apiVersion: "node.k8s.io/v1beta1", kinds: ["RuntimeClass"], deprecatedIn: "1.20", removedIn: "1.25", replacement: "node.k8s.io/v1" },
  { apiVersion: "autoscaling/v2beta2", kinds: ["HorizontalPodAutoscaler"], deprecatedIn: "1.23", removedIn: "1.26", replacement: "autoscaling/v2" },
  { apiVersion: "flowcontrol.apiserver.k8s.io/v1beta1", deprecatedIn: "1.23", removedIn: "1.26", replacement: "flowcontrol.apiserver.k8s.io/v1" },
  { apiVersion: "storage.k8s.io/v1beta1", kinds: ["CSIStorageCapacity"], deprecatedIn: "1.24", removedIn: "1.27", replacement: "storage.k8s.io/v1" },
  { apiVersion: "flowcontrol.apiserver.k8s.io/v1beta2", deprecatedIn: "1.26", removedIn: "1.29", replacement: "flowcontrol.apiserver.k8s.io/v1" },
  { apiVersion: "flowcontrol.apiserver.k8s.io/v1beta3", deprecatedIn: "1.29", removedIn: "1.32", replacement: "flowcontrol.apiserver.k8s.io/v1" },
  { apiVersion: "v1", kinds: ["Endpoints"], deprecatedIn: "1.33", replacement: "discovery.k8s.io/v1 EndpointSlice" },
];

/** "1.30", "v1.30.2" → [1, 30]; undefined when not a version. */
export function parseMinorVersion(version: string): [number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)/.exec(version.trim());
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

export function versionAtLeast(version: string, reference: string): boolean {
  const a = parseMinorVersion(version);
  const b = parseMinorVersion(reference);
  if (!a || !b) return false;
  return a[0] > b[0] || (a[0] === b[0] && a[1] >= b[1]);
}

/** The most specific entry for an apiVersion and kind (kind-specific entries win over group-version-wide ones). */
export function deprecationOf(apiVersion: string, kind: string): ApiDeprecation | undefined {
  const candidates = API_DEPRECATIONS.filter((d) => d.apiVersion === apiVersion && (!d.kinds || d.kinds.includes(kind)));
  return candidates.find((d) => d.kinds) ?? candidates[0];
}

export type ApiStatus = { state: "removed" | "deprecated"; entry: ApiDeprecation } | undefined;

/** Whether an apiVersion/kind is removed or deprecated in the given Kubernetes version. */
export function apiStatus(apiVersion: string, kind: string, kubernetesVersion: string): ApiStatus {
  const entry = deprecationOf(apiVersion, kind);
  if (!entry) return undefined;
  if (entry.removedIn && versionAtLeast(kubernetesVersion, entry.removedIn)) return { state: "removed", entry };
  if (versionAtLeast(kubernetesVersion, entry.deprecatedIn)) return { state: "deprecated", entry };
  return undefined;
}
