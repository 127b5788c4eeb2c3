// Learned state in a ConfigMap, written through the Kubernetes API with optimistic concurrency: every write carries
// the resourceVersion last seen; on 409 Conflict the store re-reads, computes the change again on the fresh data and
// retries. Every API call has a deadline, and a write that would pass the ConfigMap size limit is refused first.
import { CoreV1Api, KubeConfig, type V1ConfigMap } from "@kubernetes/client-node";
import type { StateStore } from "./file-store.ts";
import { withDeadline } from "./deadline.ts";

/** The API server refuses ConfigMaps over 1 MiB (data, binaryData and metadata together). */
export const CONFIGMAP_LIMIT_BYTES = 1024 * 1024;
/** Room left for metadata (labels, annotations, managedFields) under the limit. */
const METADATA_ALLOWANCE_BYTES = 64 * 1024;

export interface ConfigMapStoreOptions {
  name: string;
  namespace: string;
  maxAttempts?: number;
  /** First retry delay; doubled after every further conflict. */
  backoffMs?: number;
  /** Deadline of each API call. */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const statusOf = (err: unknown): number | undefined => (err as { code?: unknown }).code as number | undefined;

export class ConfigMapConflictError extends Error {
  override name = "ConfigMapConflictError";
}

/** Bytes the data of a ConfigMap takes (keys and values, UTF-8). */
export function dataBytes(data: Record<string, string>): number {
  let bytes = 0;
  for (const [k, v] of Object.entries(data)) bytes += Buffer.byteLength(k) + Buffer.byteLength(v);
  return bytes;
}

export class ConfigMapStateStore implements StateStore {
  private readonly api: CoreV1Api;
  private current: V1ConfigMap | undefined;

  constructor(
    kubeConfig: KubeConfig,
    private readonly options: ConfigMapStoreOptions,
  ) {
    this.api = kubeConfig.makeApiClient(CoreV1Api);
  }

  get description(): string {
    return `ConfigMap ${this.options.namespace}/${this.options.name}`;
  }

  private get timeoutMs(): number {
    return this.options.timeoutMs ?? 5000;
  }

  private async read(): Promise<V1ConfigMap> {
    try {
      const read = this.api.readNamespacedConfigMap({ name: this.options.name, namespace: this.options.namespace });
      this.current = await withDeadline(read, this.timeoutMs, `reading ${this.description}`);
      return this.current;
    } catch (err) {
      if (statusOf(err) === 404) throw new Error(`${this.description} does not exist; it ships with base/gate-engine`, { cause: err });
      throw new Error(`cannot read ${this.description}: ${(err as Error).message.split("\n")[0]}`, { cause: err });
    }
  }

  async load(): Promise<Record<string, string>> {
    return { ...((await this.read()).data ?? {}) };
  }

  async update(change: (current: Record<string, string>) => Record<string, string>): Promise<Record<string, string>> {
    const { maxAttempts = 5, backoffMs = 50 } = this.options;
    const sleep = this.options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    for (let attempt = 1; ; attempt++) {
      const base = this.current ?? (await this.read());
      const data = change({ ...(base.data ?? {}) });
      const bytes = dataBytes(data);
      if (bytes > CONFIGMAP_LIMIT_BYTES - METADATA_ALLOWANCE_BYTES) {
        throw new Error(`not writing ${this.description}: its data would be ${bytes} bytes, over the ConfigMap limit of 1 MiB less metadata`);
      }
      try {
        const replace = this.api.replaceNamespacedConfigMap({ name: this.options.name, namespace: this.options.namespace, body: { ...base, data } });
        this.current = await withDeadline(replace, this.timeoutMs, `updating ${this.description}`);
        return { ...(this.current.data ?? {}) };
      } catch (err) {
        if (statusOf(err) !== 409) throw new Error(`cannot update ${this.description}: ${(err as Error).message.split("\n")[0]}`, { cause: err });
        if (attempt >= maxAttempts) throw new ConfigMapConflictError(`${this.description}: still conflicting after ${attempt} attempts`);
        await sleep(backoffMs * 2 ** (attempt - 1));
        await this.read();
      }
    }
  }
}
