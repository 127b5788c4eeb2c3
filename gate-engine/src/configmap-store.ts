// Learned state in a ConfigMap, written through the Kubernetes API with optimistic concurrency:
// every write carries the resourceVersion last seen; on 409 Conflict the store re-reads, merges and retries.
import { CoreV1Api, KubeConfig, type V1ConfigMap } from "@kubernetes/client-node";
import type { StateStore } from "./file-store.ts";

export interface ConfigMapStoreOptions {
  name: string;
  namespace: string;
  maxAttempts?: number;
  /** First retry delay; doubled after every further conflict. */
  backoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const statusOf = (err: unknown): number | undefined => (err as { code?: unknown }).code as number | undefined;

export class ConfigMapConflictError extends Error {
  override name = "ConfigMapConflictError";
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

  private async read(): Promise<V1ConfigMap> {
    try {
      this.current = await this.api.readNamespacedConfigMap({ name: this.options.name, namespace: this.options.namespace });
      return this.current;
    } catch (err) {
      if (statusOf(err) === 404) throw new Error(`${this.description} does not exist; it ships with base/gate-engine`, { cause: err });
      throw new Error(`cannot read ${this.description}: ${(err as Error).message.split("\n")[0]}`, { cause: err });
    }
  }

  async load(): Promise<Record<string, string>> {
    return { ...((await this.read()).data ?? {}) };
  }

  async save(changes: Record<string, string>): Promise<void> {
    const { maxAttempts = 5, backoffMs = 50 } = this.options;
    const sleep = this.options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    for (let attempt = 1; ; attempt++) {
      const base = this.current ?? (await this.read());
      const body: V1ConfigMap = { ...base, data: { ...(base.data ?? {}), ...changes } };
      try {
        this.current = await this.api.replaceNamespacedConfigMap({ name: this.options.name, namespace: this.options.namespace, body });
        return;
      } catch (err) {
        if (statusOf(err) !== 409) throw new Error(`cannot update ${this.description}: ${(err as Error).message.split("\n")[0]}`, { cause: err });
        if (attempt >= maxAttempts) throw new ConfigMapConflictError(`${this.description}: still conflicting after ${attempt} attempts`);
        await sleep(backoffMs * 2 ** (attempt - 1));
        await this.read();
      }
    }
  }
}
