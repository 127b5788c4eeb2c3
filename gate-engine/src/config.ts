// Service settings from the environment, and the state store they select.
import { readFileSync } from "node:fs";
import { KubeConfig } from "@kubernetes/client-node";
import { ConfigMapStateStore } from "./configmap-store.ts";
import { FileStateStore, type StateStore } from "./file-store.ts";

export const SERVICE_ACCOUNT_NAMESPACE_FILE = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";

export interface GateEngineConfig {
  port: number;
  host: string;
  /** Extra listener serving only /metrics (the `metrics` container port); undefined = none. */
  metricsPort: number | undefined;
  manifestsDir: string;
  /** Where networks come from: the mounted files only, or (after the files, at start) the Kubernetes API. */
  source: "files" | "kubernetes";
  bodyLimitBytes: number;
  store: { kind: "file"; file: string } | { kind: "configmap"; name: string; namespace: string };
  /** The namespace whose gaia.tech objects are watched (and where the state ConfigMap lives). */
  namespace: string | undefined;
  /** Upper bound on the graceful-shutdown drain. */
  drainTimeoutMs: number;
  /** After SIGTERM, how long the service keeps serving while unready, so that endpoints stop sending it traffic. */
  shutdownDelayMs: number;
  /** Deadline of the final save at shutdown. */
  finalSaveTimeoutMs: number;
  /** Deadline of every Kubernetes API call. */
  apiTimeoutMs: number;
  /** Slow clients: time allowed for the request headers, and for the whole request. */
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  /** Open connections at most; more are refused. */
  maxConnections: number;
  /** Most patterns a PATTERN gate remembers. */
  patternLimit: number;
}

type Env = Record<string, string | undefined>;

function port(env: Env, key: string, fallback: number | undefined): number | undefined {
  const raw = env[key];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${key}="${raw}" is not a port number`);
  return n;
}

function positive(env: Env, key: string, fallback: number): number {
  const raw = env[key];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${key}="${raw}" must be a positive integer`);
  return n;
}

function nonNegative(env: Env, key: string, fallback: number): number {
  const raw = env[key];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${key}="${raw}" must be an integer ≥ 0`);
  return n;
}

/** The longest a shutdown takes with these settings: unready delay, drain, final save. */
export const shutdownBudgetMs = (config: GateEngineConfig): number => config.shutdownDelayMs + config.drainTimeoutMs + config.finalSaveTimeoutMs;

function namespace(env: Env, readNamespaceFile: () => string): string {
  if (env.POD_NAMESPACE) return env.POD_NAMESPACE;
  try {
    return readNamespaceFile().trim();
  } catch {
    throw new Error(`set POD_NAMESPACE (or mount the service account) to use the ConfigMap state store`);
  }
}

export function readConfig(env: Env, readNamespaceFile = () => readFileSync(SERVICE_ACCOUNT_NAMESPACE_FILE, "utf8")): GateEngineConfig {
  const storeKind = env.GATE_ENGINE_STATE_STORE ?? (env.KUBERNETES_SERVICE_HOST ? "configmap" : "file");
  if (storeKind !== "file" && storeKind !== "configmap") {
    throw new Error(`GATE_ENGINE_STATE_STORE="${storeKind}" must be file or configmap`);
  }
  const source = env.GATE_ENGINE_SOURCE ?? (env.KUBERNETES_SERVICE_HOST ? "kubernetes" : "files");
  if (source !== "files" && source !== "kubernetes") throw new Error(`GATE_ENGINE_SOURCE="${source}" must be files or kubernetes`);
  return {
    port: port(env, "PORT", 8080) as number,
    host: env.HOST ?? "0.0.0.0",
    metricsPort: port(env, "METRICS_PORT", undefined),
    manifestsDir: env.GATE_ENGINE_MANIFESTS ?? "base/gate-engine",
    source,
    bodyLimitBytes: positive(env, "GATE_ENGINE_BODY_LIMIT", 65_536),
    store:
      storeKind === "file"
        ? { kind: "file", file: env.GATE_ENGINE_STATE_FILE ?? ".cache/gate-engine/state.json" }
        : { kind: "configmap", name: env.GATE_ENGINE_STATE_CONFIGMAP ?? "gate-engine-state", namespace: namespace(env, readNamespaceFile) },
    namespace: source === "kubernetes" || storeKind === "configmap" ? namespace(env, readNamespaceFile) : undefined,
    drainTimeoutMs: positive(env, "GATE_ENGINE_DRAIN_TIMEOUT_MS", 10_000),
    shutdownDelayMs: nonNegative(env, "GATE_ENGINE_SHUTDOWN_DELAY_MS", 5_000),
    finalSaveTimeoutMs: positive(env, "GATE_ENGINE_FINAL_SAVE_TIMEOUT_MS", 5_000),
    apiTimeoutMs: positive(env, "GATE_ENGINE_API_TIMEOUT_MS", 5_000),
    headersTimeoutMs: positive(env, "GATE_ENGINE_HEADERS_TIMEOUT_MS", 10_000),
    requestTimeoutMs: positive(env, "GATE_ENGINE_REQUEST_TIMEOUT_MS", 30_000),
    maxConnections: positive(env, "GATE_ENGINE_MAX_CONNECTIONS", 1024),
    patternLimit: positive(env, "GATE_ENGINE_PATTERN_LIMIT", 4096),
  };
}

/** Credentials for the Kubernetes API: the pod's service account in a cluster, else $KUBECONFIG or ~/.kube/config. */
export function defaultKubeConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromDefault();
  return kc;
}

/** The file store, or the ConfigMap store with the pod's in-cluster credentials (or a given KubeConfig). */
export function createStore(config: GateEngineConfig, kubeConfig?: KubeConfig): StateStore {
  if (config.store.kind === "file") return new FileStateStore(config.store.file);
  return new ConfigMapStateStore(kubeConfig ?? defaultKubeConfig(), {
    name: config.store.name,
    namespace: config.store.namespace,
    timeoutMs: config.apiTimeoutMs,
  });
}
