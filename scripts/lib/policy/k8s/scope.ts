// Which kinds are cluster-scoped: objects of these kinds affect every namespace (and every game) at once.
export const CLUSTER_SCOPED_KINDS: readonly string[] = [
  // core and built-in API groups (Kubernetes 1.30)
  "Namespace",
  "Node",
  "PersistentVolume",
  "ComponentStatus",
  "ClusterRole",
  "ClusterRoleBinding",
  "CustomResourceDefinition",
  "APIService",
  "MutatingWebhookConfiguration",
  "ValidatingWebhookConfiguration",
  "ValidatingAdmissionPolicy",
  "ValidatingAdmissionPolicyBinding",
  "MutatingAdmissionPolicy",
  "MutatingAdmissionPolicyBinding",
  "PriorityClass",
  "StorageClass",
  "CSIDriver",
  "CSINode",
  "VolumeAttachment",
  "RuntimeClass",
  "IngressClass",
  "CertificateSigningRequest",
  "ClusterTrustBundle",
  "FlowSchema",
  "PriorityLevelConfiguration",
  "IPAddress",
  "ServiceCIDR",
  "PodSecurityPolicy",
  "DeviceClass",
  "ResourceClass",
  // well-known add-ons the platform or its games might ship
  "ClusterIssuer",
  "ClusterSecretStore",
  "ClusterExternalSecret",
  "ClusterPolicy",
  "ClusterCleanupPolicy",
  "GatewayClass",
  "ClusterServingRuntime",
  "ClusterTriggerAuthentication",
];

export function isClusterScoped(kind: string, extra: readonly string[] = []): boolean {
  return CLUSTER_SCOPED_KINDS.includes(kind) || extra.includes(kind);
}
