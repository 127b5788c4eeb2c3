// The full check lists of kube-score, Polaris and kube-linter, described in our words, for docs/rules.md.
// `whyNotCovered` is what the docs say when no rule of ours claims the check in its `covers` metadata.
export interface PeerCheck {
  id: string;
  description: string;
  whyNotCovered: string;
}

const CLAIMED = "Claimed by a security rule (see the coverage table); this text shows only if that claim is dropped.";
const QUOTAS = "Resource requests and limits belong to the quotas category (container-resources).";
const PROBES = "Probes belong to the reliability category (probes rule).";
const NETPOL = "NetworkPolicy coverage belongs to the network category.";
const PDB = "PodDisruptionBudgets belong to the reliability category.";
const EXEC_RBAC =
  "rbac-no-secrets-or-exec-for-games forbids exec/attach in Roles of game folders only; platform roles (operators, CI) are reviewed by the platform team, so the check is not claimed for every Role.";

const kubeScore: PeerCheck[] = [
  {
    id: "ingress-targets-service",
    description: "Every Ingress backend names a Service present in the input.",
    whyNotCovered: "Covered by ingress-backend-exists.",
  },
  {
    id: "cronjob-has-deadline",
    description: "CronJobs set startingDeadlineSeconds.",
    whyNotCovered: "Missed-schedule handling is left to each job's owner; no rule requires a starting deadline.",
  },
  {
    id: "cronjob-restartpolicy",
    description: "CronJob pod templates set restartPolicy to OnFailure or Never.",
    whyNotCovered: "Covered by schema validation: the API rejects any other restartPolicy for Job pods.",
  },
  { id: "container-resources", description: "Containers set CPU and memory requests and limits.", whyNotCovered: QUOTAS },
  {
    id: "container-resource-requests-equal-limits",
    description: "Container requests equal limits (Guaranteed QoS).",
    whyNotCovered: "Not required: game servers may burst above their requests; quotas are computed from requests.",
  },
  {
    id: "container-cpu-requests-equal-limits",
    description: "Container CPU request equals the CPU limit.",
    whyNotCovered: "Not required: CPU may burst above the request within the namespace quota.",
  },
  {
    id: "container-memory-requests-equal-limits",
    description: "Container memory request equals the memory limit.",
    whyNotCovered: "Not required by the platform conventions; requests drive quota and cost.",
  },
  {
    id: "container-ephemeral-storage-request-and-limit",
    description: "Containers set ephemeral-storage requests and limits.",
    whyNotCovered: "Ephemeral storage is bounded by emptyDir sizeLimit and node eviction, not by per-container requests.",
  },
  {
    id: "container-ephemeral-storage-request-equals-limit",
    description: "Ephemeral-storage request equals its limit.",
    whyNotCovered: "Ephemeral-storage requests are not required at all here.",
  },
  { id: "container-image-tag", description: "Images carry an explicit tag other than latest.", whyNotCovered: CLAIMED },
  {
    id: "container-image-pull-policy",
    description: "Containers set imagePullPolicy: Always.",
    whyNotCovered:
      "Image pull policy is a cluster/registry concern here: production images are pinned by digest (image-digest-required), so the policy cannot change what runs.",
  },
  {
    id: "container-ports-check",
    description: "Container ports have valid, unique names and numbers.",
    whyNotCovered: "Port names and numbers are checked by schema validation; Service targetPorts by the network category.",
  },
  {
    id: "environment-variable-key-duplication",
    description: "A container does not define the same env var name twice.",
    whyNotCovered: "Duplicate env vars belong to the hygiene category.",
  },
  { id: "statefulset-has-poddisruptionbudget", description: "Every StatefulSet is selected by a PodDisruptionBudget.", whyNotCovered: PDB },
  { id: "deployment-has-poddisruptionbudget", description: "Every Deployment is selected by a PodDisruptionBudget.", whyNotCovered: PDB },
  { id: "poddisruptionbudget-has-policy", description: "PodDisruptionBudgets set minAvailable or maxUnavailable.", whyNotCovered: PDB },
  { id: "pod-networkpolicy", description: "Pods are selected by NetworkPolicies for both ingress and egress.", whyNotCovered: NETPOL },
  { id: "networkpolicy-targets-pod", description: "Every NetworkPolicy selects at least one pod.", whyNotCovered: NETPOL },
  { id: "pod-probes", description: "Pods behind a Service have readiness (and liveness) probes.", whyNotCovered: PROBES },
  {
    id: "pod-probes-identical",
    description: "Readiness and liveness probes are not identical.",
    whyNotCovered: "Identical probes are a judgement call (a shared /healthz is common); no rule compares them.",
  },
  {
    id: "container-security-context-user-group-id",
    description: "Containers run with a UID and GID of 10000 or more.",
    whyNotCovered:
      "pss-run-as-non-root and pss-run-as-user forbid root as the Pod Security Standards define it; the high-UID range (10001 in the conventions) is not enforced.",
  },
  { id: "container-security-context-privileged", description: "No container runs privileged.", whyNotCovered: CLAIMED },
  { id: "container-security-context-readonlyrootfilesystem", description: "Containers set readOnlyRootFilesystem: true.", whyNotCovered: CLAIMED },
  {
    id: "container-seccomp-profile",
    description: "Pods carry the legacy seccomp default-profile annotation.",
    whyNotCovered:
      "pss-seccomp-restricted checks the seccompProfile field; this optional check reads a legacy annotation removed from Kubernetes, so the two disagree on current manifests.",
  },
  {
    id: "service-targets-pod",
    description: "Every Service selector matches pods in the input.",
    whyNotCovered: "Service selectors belong to the network category.",
  },
  {
    id: "service-type",
    description: "Services are not of type NodePort.",
    whyNotCovered: "Outside exposure is governed by the network rules (only the gateway takes outside traffic), not by Service type.",
  },
  {
    id: "stable-version",
    description: "Objects use a stable apiVersion rather than a deprecated one.",
    whyNotCovered: "Deprecated and removed API versions belong to the hygiene category.",
  },
  {
    id: "deployment-has-host-podantiaffinity",
    description: "Deployments spread replicas across nodes with pod anti-affinity.",
    whyNotCovered: "Spreading belongs to the reliability category (anti-affinity or topology spread in production).",
  },
  {
    id: "statefulset-has-host-podantiaffinity",
    description: "StatefulSets spread replicas across nodes with pod anti-affinity.",
    whyNotCovered: "Spreading belongs to the reliability category (anti-affinity or topology spread in production).",
  },
  {
    id: "deployment-targeted-by-hpa-does-not-have-replicas-configured",
    description: "Deployments scaled by an HPA do not set spec.replicas.",
    whyNotCovered: "HPA-managed replicas belong to the reliability category.",
  },
  {
    id: "statefulset-has-servicename",
    description: "StatefulSets name an existing headless Service.",
    whyNotCovered: "serviceName is required by the schema; the headless Service reference is not checked.",
  },
  {
    id: "deployment-pod-selector-labels-match-template-metadata-labels",
    description: "Deployment selectors match their pod template labels.",
    whyNotCovered: "Selector/template mismatches belong to the hygiene category.",
  },
  {
    id: "statefulset-pod-selector-labels-match-template-metadata-labels",
    description: "StatefulSet selectors match their pod template labels.",
    whyNotCovered: "Selector/template mismatches belong to the hygiene category.",
  },
  { id: "label-values", description: "Label values are syntactically valid.", whyNotCovered: "Covered by schema validation of metadata.labels." },
  {
    id: "horizontalpodautoscaler-has-target",
    description: "Each HPA's scaleTargetRef names an object in the input.",
    whyNotCovered: "HPA targets belong to the quotas category (hpa-target-exists).",
  },
  {
    id: "horizontalpodautoscaler-replicas",
    description: "HPAs allow at least two replicas.",
    whyNotCovered: "Replica floors come from game.yaml tiers (quotas category), not from a fixed minimum.",
  },
  {
    id: "pod-topology-spread-constraints",
    description: "Topology spread constraints are well formed.",
    whyNotCovered: "Spreading belongs to the reliability category.",
  },
  {
    id: "deployment-strategy",
    description: "Deployments use a rolling update strategy.",
    whyNotCovered: "Rollout strategy is left to each service (canary Rollouts are common here).",
  },
  {
    id: "deployment-replicas",
    description: "Deployments run more than one replica.",
    whyNotCovered: "Replica counts come from game.yaml tiers and HPAs; single-replica development targets are allowed.",
  },
];

const polaris: PeerCheck[] = [
  {
    id: "deploymentMissingReplicas",
    description: "Deployments run more than one replica.",
    whyNotCovered: "HPA-managed Deployments must not set replicas here; replica floors come from game.yaml tiers.",
  },
  {
    id: "priorityClassNotSet",
    description: "Pods set a priorityClassName.",
    whyNotCovered: "Priority classes are assigned per cluster by the platform, not required on each workload.",
  },
  { id: "tagNotSpecified", description: "Images carry a tag and it is not latest.", whyNotCovered: CLAIMED },
  {
    id: "pullPolicyNotAlways",
    description: "Containers set imagePullPolicy: Always.",
    whyNotCovered: "Image pull policy is a cluster/registry concern here: production images are pinned by digest, so the policy cannot change what runs.",
  },
  { id: "readinessProbeMissing", description: "Containers define a readiness probe.", whyNotCovered: PROBES },
  { id: "livenessProbeMissing", description: "Containers define a liveness probe.", whyNotCovered: PROBES },
  {
    id: "metadataAndInstanceMismatched",
    description: "The app.kubernetes.io/instance label matches the object name.",
    whyNotCovered: "Recommended labels belong to the hygiene category; instance is the game or environment here, not the object name.",
  },
  { id: "pdbDisruptionsIsZero", description: "A PodDisruptionBudget allows at least one disruption.", whyNotCovered: PDB },
  { id: "missingPodDisruptionBudget", description: "Workloads are covered by a PodDisruptionBudget.", whyNotCovered: PDB },
  { id: "topologySpreadConstraint", description: "Pods declare topology spread constraints.", whyNotCovered: "Spreading belongs to the reliability category." },
  { id: "hpaMaxAvailability", description: "HPA maxReplicas is above minReplicas.", whyNotCovered: "HPA bounds belong to the quotas category (hpa-bounds)." },
  {
    id: "hpaMinAvailability",
    description: "HPA minReplicas is at least two.",
    whyNotCovered: "Replica floors come from game.yaml tiers, not from a fixed minimum.",
  },
  { id: "pdbMinAvailableGreaterThanOrEqualToHPAMinReplicas", description: "A PDB's minAvailable is below the HPA's minReplicas.", whyNotCovered: PDB },
  { id: "cpuRequestsMissing", description: "Containers set a CPU request.", whyNotCovered: QUOTAS },
  { id: "cpuLimitsMissing", description: "Containers set a CPU limit.", whyNotCovered: QUOTAS },
  { id: "memoryRequestsMissing", description: "Containers set a memory request.", whyNotCovered: QUOTAS },
  { id: "memoryLimitsMissing", description: "Containers set a memory limit.", whyNotCovered: QUOTAS },
  {
    id: "automountServiceAccountToken",
    description: "Pods use a named ServiceAccount and do not automount its token.",
    whyNotCovered:
      "automount-service-account-token checks the token (on the pod, or on its ServiceAccount in the same target) but does not require a non-default serviceAccountName, so the semantics differ.",
  },
  { id: "hostIPCSet", description: "Pods do not share the host IPC namespace.", whyNotCovered: CLAIMED },
  { id: "hostPathSet", description: "Pods mount no hostPath volume.", whyNotCovered: CLAIMED },
  {
    id: "hostProcess",
    description: "Windows pods do not run HostProcess containers.",
    whyNotCovered: "The platform runs Linux nodes only; Windows HostProcess containers cannot be scheduled.",
  },
  { id: "hostPIDSet", description: "Pods do not share the host PID namespace.", whyNotCovered: CLAIMED },
  {
    id: "linuxHardening",
    description: "Containers use at least one hardening mechanism: seccomp, AppArmor, SELinux or dropped capabilities.",
    whyNotCovered:
      "pss-seccomp-restricted and pss-capabilities-restricted each require their mechanism; Polaris accepts any one of four, so no single rule matches its semantics.",
  },
  { id: "missingNetworkPolicy", description: "Pods are selected by a NetworkPolicy.", whyNotCovered: NETPOL },
  { id: "notReadOnlyRootFilesystem", description: "Containers use a read-only root filesystem.", whyNotCovered: CLAIMED },
  { id: "privilegeEscalationAllowed", description: "Containers do not allow privilege escalation.", whyNotCovered: CLAIMED },
  { id: "procMount", description: "Containers keep the default masked /proc.", whyNotCovered: CLAIMED },
  { id: "runAsRootAllowed", description: "Containers cannot run as root.", whyNotCovered: CLAIMED },
  { id: "runAsPrivileged", description: "No container runs privileged.", whyNotCovered: CLAIMED },
  { id: "dangerousCapabilities", description: "Containers do not add SYS_ADMIN, NET_ADMIN or ALL.", whyNotCovered: CLAIMED },
  { id: "insecureCapabilities", description: "Containers drop ALL (or every default) capability.", whyNotCovered: CLAIMED },
  { id: "hostNetworkSet", description: "Pods do not use the host network.", whyNotCovered: CLAIMED },
  { id: "hostPortSet", description: "Containers bind no host port.", whyNotCovered: CLAIMED },
  { id: "tlsSettingsMissing", description: "Ingresses configure TLS.", whyNotCovered: CLAIMED },
  {
    id: "sensitiveContainerEnvVar",
    description: "Env vars with secret-looking names do not carry literal values.",
    whyNotCovered: "Literal credentials in env values are not detected; no-plaintext-secrets covers Secret objects only.",
  },
  {
    id: "sensitiveConfigmapContent",
    description: "ConfigMaps do not contain secret-looking keys or values.",
    whyNotCovered: "ConfigMap content is not scanned for credentials.",
  },
  { id: "clusterrolePodExecAttach", description: "ClusterRoles do not grant pods/exec or pods/attach.", whyNotCovered: EXEC_RBAC },
  { id: "rolePodExecAttach", description: "Roles do not grant pods/exec or pods/attach.", whyNotCovered: EXEC_RBAC },
  { id: "clusterrolebindingPodExecAttach", description: "ClusterRoleBindings do not bind a role granting pods/exec or pods/attach.", whyNotCovered: EXEC_RBAC },
  {
    id: "rolebindingClusterRolePodExecAttach",
    description: "RoleBindings do not bind a ClusterRole granting pods/exec or pods/attach.",
    whyNotCovered: EXEC_RBAC,
  },
  { id: "rolebindingRolePodExecAttach", description: "RoleBindings do not bind a Role granting pods/exec or pods/attach.", whyNotCovered: EXEC_RBAC },
  {
    id: "clusterrolebindingClusterAdmin",
    description: "ClusterRoleBindings do not bind cluster-admin or a ClusterRole with all-wildcard rules.",
    whyNotCovered: CLAIMED,
  },
  { id: "rolebindingClusterAdminClusterRole", description: "RoleBindings do not bind a ClusterRole with all-wildcard rules.", whyNotCovered: CLAIMED },
  { id: "rolebindingClusterAdminRole", description: "RoleBindings do not bind a Role with all-wildcard rules.", whyNotCovered: CLAIMED },
];

const kubeLinter: PeerCheck[] = [
  {
    id: "access-to-create-pods",
    description: "Subjects cannot create pods or pod-creating workloads.",
    whyNotCovered:
      "Creating workloads in its own namespace is what a game's deploy identity does; tenancy rules keep game RBAC inside the game namespace instead.",
  },
  {
    id: "access-to-secrets",
    description: "Subjects cannot read or modify Secrets.",
    whyNotCovered:
      "rbac-no-secrets-or-exec-for-games forbids Secret access in Roles of game folders only; platform operators (external-secrets) legitimately need them.",
  },
  { id: "cluster-admin-role-binding", description: "Nothing is bound to cluster-admin.", whyNotCovered: CLAIMED },
  {
    id: "dangling-horizontalpodautoscaler",
    description: "HPAs target an object present in the input.",
    whyNotCovered: "HPA targets belong to the quotas category (hpa-target-exists).",
  },
  { id: "dangling-ingress", description: "Ingress backends name a Service present in the input.", whyNotCovered: "Covered by ingress-backend-exists." },
  { id: "dangling-networkpolicy", description: "NetworkPolicies select at least one workload.", whyNotCovered: NETPOL },
  { id: "dangling-networkpolicypeer-podselector", description: "NetworkPolicy peers' pod selectors match some workload.", whyNotCovered: NETPOL },
  { id: "dangling-service", description: "Service selectors match some workload.", whyNotCovered: "Service selectors belong to the network category." },
  {
    id: "dangling-servicemonitor",
    description: "ServiceMonitor selectors match some Service.",
    whyNotCovered: "Prometheus Operator objects are validated by schema only; monitoring reachability is a network flow.",
  },
  {
    id: "default-service-account",
    description: "Pods do not run as the namespace's default ServiceAccount.",
    whyNotCovered: "A dedicated ServiceAccount is a convention, not enforced by a rule; the token risk is covered by automount-service-account-token.",
  },
  {
    id: "deprecated-service-account-field",
    description: "Pods use serviceAccountName, not the deprecated serviceAccount.",
    whyNotCovered: "Deprecated fields belong to the hygiene category.",
  },
  {
    id: "dnsconfig-options",
    description: "Pods set dnsConfig options such as ndots.",
    whyNotCovered: "DNS tuning is a cluster default, not required per workload.",
  },
  { id: "docker-sock", description: "No container mounts the Docker socket from the host.", whyNotCovered: CLAIMED },
  { id: "drop-net-raw-capability", description: "Containers drop the NET_RAW capability.", whyNotCovered: CLAIMED },
  {
    id: "duplicate-env-var",
    description: "A container does not define the same env var name twice.",
    whyNotCovered: "Duplicate env vars belong to the hygiene category.",
  },
  {
    id: "env-var-secret",
    description: "Env vars with secret-looking names do not carry literal values.",
    whyNotCovered: "Literal credentials in env values are not detected; no-plaintext-secrets covers Secret objects only.",
  },
  {
    id: "exposed-services",
    description: "Services are not of type NodePort or LoadBalancer.",
    whyNotCovered: "Outside exposure is governed by the network rules (only the gateway takes outside traffic), not by Service type.",
  },
  { id: "host-ipc", description: "Pods do not share the host IPC namespace.", whyNotCovered: CLAIMED },
  { id: "host-network", description: "Pods do not use the host network.", whyNotCovered: CLAIMED },
  { id: "host-pid", description: "Pods do not share the host PID namespace.", whyNotCovered: CLAIMED },
  {
    id: "hpa-minimum-three-replicas",
    description: "HPAs keep at least three replicas.",
    whyNotCovered: "Replica floors come from game.yaml tiers, not from a fixed minimum.",
  },
  {
    id: "invalid-target-ports",
    description: "Port names follow the IANA service-name syntax.",
    whyNotCovered: "Port name syntax is covered by schema validation.",
  },
  { id: "latest-tag", description: "Images are not untagged or :latest.", whyNotCovered: CLAIMED },
  { id: "liveness-port", description: "Liveness probes target a port the container exposes.", whyNotCovered: PROBES },
  {
    id: "minimum-three-replicas",
    description: "Deployments run at least three replicas.",
    whyNotCovered: "Replica counts come from game.yaml tiers and HPAs; small development targets are allowed.",
  },
  {
    id: "mismatching-selector",
    description: "Workload selectors match their pod template labels.",
    whyNotCovered: "Selector/template mismatches belong to the hygiene category.",
  },
  {
    id: "no-anti-affinity",
    description: "Multi-replica workloads set pod anti-affinity.",
    whyNotCovered: "Spreading belongs to the reliability category (anti-affinity or topology spread in production).",
  },
  {
    id: "no-extensions-v1beta",
    description: "Objects do not use extensions/v1beta* APIs.",
    whyNotCovered: "Deprecated and removed API versions belong to the hygiene category.",
  },
  { id: "no-liveness-probe", description: "Containers define a liveness probe.", whyNotCovered: PROBES },
  {
    id: "no-node-affinity",
    description: "Workloads set node affinity.",
    whyNotCovered: "Node placement is decided per cluster (dedicated game clusters), not required per workload.",
  },
  { id: "no-read-only-root-fs", description: "Containers use a read-only root filesystem.", whyNotCovered: CLAIMED },
  { id: "no-readiness-probe", description: "Containers define a readiness probe.", whyNotCovered: PROBES },
  {
    id: "no-rolling-update-strategy",
    description: "Deployments use a rolling update strategy.",
    whyNotCovered: "Rollout strategy is left to each service (canary Rollouts are common here).",
  },
  {
    id: "non-existent-service-account",
    description: "Pods reference a ServiceAccount present in the input.",
    whyNotCovered: "ServiceAccount references are not checked; a missing account fails at sync time in Argo CD.",
  },
  { id: "non-isolated-pod", description: "Workloads are selected by a NetworkPolicy.", whyNotCovered: NETPOL },
  { id: "pdb-max-unavailable", description: "A PDB's maxUnavailable is not zero.", whyNotCovered: PDB },
  { id: "pdb-min-available", description: "A PDB's minAvailable is below the workload's replicas.", whyNotCovered: PDB },
  {
    id: "pdb-unhealthy-pod-eviction-policy",
    description: "PDBs set unhealthyPodEvictionPolicy explicitly.",
    whyNotCovered: "The default eviction policy is accepted; PDB shape belongs to the reliability category.",
  },
  { id: "privilege-escalation-container", description: "Containers do not set allowPrivilegeEscalation: true.", whyNotCovered: CLAIMED },
  { id: "privileged-container", description: "No container runs privileged.", whyNotCovered: CLAIMED },
  {
    id: "privileged-ports",
    description: "Containers do not expose ports below 1024.",
    whyNotCovered: "Low ports are allowed with NET_BIND_SERVICE, which the restricted Pod Security Standard permits.",
  },
  {
    id: "read-secret-from-env-var",
    description: "Containers do not read Secrets through env vars.",
    whyNotCovered: "Env vars from ExternalSecret-managed Secrets (secretKeyRef) are allowed by the platform conventions.",
  },
  { id: "readiness-port", description: "Readiness probes target a port the container exposes.", whyNotCovered: PROBES },
  {
    id: "required-annotation-email",
    description: "Objects carry an owner email annotation.",
    whyNotCovered: "Ownership is recorded once per game in game.yaml (owner), not on every object.",
  },
  {
    id: "required-label-owner",
    description: "Objects carry an owner label.",
    whyNotCovered: "Ownership is recorded once per game in game.yaml (owner), not on every object.",
  },
  {
    id: "run-as-non-root",
    description: "Containers run with a non-root user and a non-root group.",
    whyNotCovered:
      "pss-run-as-non-root and pss-run-as-user cover the user; this check also requires a non-root runAsGroup, which the Pod Security Standards do not.",
  },
  {
    id: "scc-deny-privileged-container",
    description: "OpenShift SecurityContextConstraints do not allow privileged containers.",
    whyNotCovered: "OpenShift SecurityContextConstraints are not used on the platform's clusters.",
  },
  { id: "sensitive-host-mounts", description: "No container mounts sensitive host directories (/, /etc, /proc...).", whyNotCovered: CLAIMED },
  {
    id: "ssh-port",
    description: "Containers do not expose port 22.",
    whyNotCovered: "Port numbers are not restricted; only declared flows are allowed by NetworkPolicy (network category).",
  },
  { id: "startup-port", description: "Startup probes target a port the container exposes.", whyNotCovered: PROBES },
  { id: "unsafe-proc-mount", description: "Containers do not set procMount: Unmasked.", whyNotCovered: CLAIMED },
  {
    id: "unsafe-sysctls",
    description: "Pods do not set sysctls under kernel.msg/sem/shm, fs.mqueue or net.",
    whyNotCovered:
      "pss-sysctls follows the Pod Security Standard's safe list, which allows some net.ipv4.* sysctls and kernel.shm_rmid_forced that this check flags by prefix; the semantics differ.",
  },
  { id: "unset-cpu-requirements", description: "Containers set CPU requests.", whyNotCovered: QUOTAS },
  { id: "unset-memory-requirements", description: "Containers set memory limits.", whyNotCovered: QUOTAS },
  {
    id: "use-namespace",
    description: "Objects are not deployed to the default namespace.",
    whyNotCovered: "Namespace placement belongs to the tenancy category (games stay in gaia-<game>).",
  },
  { id: "wildcard-in-rules", description: "Roles and ClusterRoles use no wildcard.", whyNotCovered: CLAIMED },
  { id: "writable-host-mount", description: "Host paths are mounted read-only.", whyNotCovered: CLAIMED },
];

/** Every check each peer tool ships, keyed like `PeerCoverage`. */
export const PEER_CHECKS: Record<"kubeScore" | "polaris" | "kubeLinter", PeerCheck[]> = { kubeScore, polaris, kubeLinter };
