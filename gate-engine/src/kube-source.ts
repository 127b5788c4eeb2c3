// Networks from the Kubernetes API: one informer (list, then watch from the last resourceVersion; a fresh list after
// 410 Gone; restarted with back-off after an error) per gaia.tech kind. Every change re-checks all objects with the
// shared validator and hands the catalog to the service; an invalid object keeps its last valid version running,
// and every object's status gets a Ready condition (with an Event when it turns invalid).
import { CoreV1Api, CustomObjectsApi, KubeConfig, makeInformer, type KubernetesObject } from "@kubernetes/client-node";
import { checkGateObjects, type GateVerdict } from "./check.ts";
import { withDeadline } from "./deadline.ts";
import type { Catalog } from "./model.ts";
import type { Logger } from "./persister.ts";
import type { GateKind, GateResource } from "./resources.ts";

export const GATE_PLURALS: Record<GateKind, string> = { GateNetwork: "gatenetworks", LearningPolicy: "learningpolicies", EndpointGate: "endpointgates" };

interface GateObject extends KubernetesObject {
  spec?: unknown;
  status?: { observedGeneration?: number; conditions?: Condition[] };
}

interface Condition {
  type: "Ready";
  status: "True" | "False";
  reason: string;
  message: string;
  observedGeneration?: number;
  lastTransitionTime?: string;
}

export interface KubeSourceOptions {
  namespace: string;
  apiTimeoutMs: number;
  log: Logger;
  /** Called with the catalog to run after every change (already validated). */
  onCatalog(catalog: Catalog): void;
  /** Back-off after a failed list or watch: first delay, doubled up to `max`. */
  backoff?: { firstMs: number; maxMs: number };
  /** Names this replica in Events. */
  instance?: string;
}

type GateInformer = ReturnType<typeof makeInformer<GateObject>>;

export function readyCondition(verdict: GateVerdict, generation: number | undefined): Condition {
  const problem = verdict.problem;
  return {
    type: "Ready",
    status: problem ? "False" : "True",
    reason: problem ? "InvalidSpec" : "Loaded",
    message: problem
      ? `${problem.message}${problem.path ? ` (at ${problem.path})` : ""}; the last valid version keeps running`
      : "validated, compiled and serving",
    observedGeneration: generation,
  };
}

export class KubeNetworkSource {
  private readonly custom: CustomObjectsApi;
  private readonly core: CoreV1Api;
  private readonly informers: GateInformer[] = [];
  private readonly lastValid = new Map<string, GateResource>();
  private scheduled = false;
  private stopped = false;

  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly options: KubeSourceOptions,
  ) {
    this.custom = kubeConfig.makeApiClient(CustomObjectsApi);
    this.core = kubeConfig.makeApiClient(CoreV1Api);
  }

  start(): void {
    const { namespace, apiTimeoutMs, log } = this.options;
    const { firstMs, maxMs } = this.options.backoff ?? { firstMs: 500, maxMs: 30_000 };
    for (const plural of Object.values(GATE_PLURALS)) {
      const list = () =>
        withDeadline(
          this.custom.listNamespacedCustomObject({ group: "gaia.tech", version: "v1", namespace, plural }) as Promise<{ items: GateObject[] }>,
          apiTimeoutMs,
          `listing ${plural}`,
        );
      const informer = makeInformer<GateObject>(this.kubeConfig, `/apis/gaia.tech/v1/namespaces/${namespace}/${plural}`, list);
      let delay = firstMs;
      const changed = () => {
        delay = firstMs;
        this.schedule();
      };
      informer.on("add", changed);
      informer.on("update", changed);
      informer.on("delete", changed);
      informer.on("error", (err: unknown) => {
        if (this.stopped) return;
        log.error(`watching ${plural} failed (${(err as Error).message?.split("\n")[0] ?? String(err)}); retrying in ${delay} ms`);
        setTimeout(() => void (this.stopped ? undefined : informer.start()), delay).unref();
        delay = Math.min(maxMs, delay * 2);
      });
      this.informers.push(informer);
      void informer.start();
    }
  }

  stop(): void {
    this.stopped = true;
    for (const informer of this.informers) void informer.stop();
  }

  /** Changes often come in bursts (a kubectl apply of several objects): reconcile once per burst. */
  private schedule(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.reconcile();
    });
  }

  private reconcile(): void {
    const objects = this.informers.flatMap((i) => i.list(this.options.namespace));
    const checked = checkGateObjects(objects, { lastValid: (kind, name) => this.lastValid.get(`${kind}/${name}`) });
    const present = new Set(checked.verdicts.map((v) => `${v.kind}/${v.name}`));
    for (const key of this.lastValid.keys()) if (!present.has(key)) this.lastValid.delete(key);
    for (const v of checked.verdicts) if (v.resource) this.lastValid.set(`${v.kind}/${v.name}`, v.resource);
    this.options.onCatalog(checked.catalog);
    for (const verdict of checked.verdicts) void this.report(objects[verdict.index], verdict);
  }

  /** Writes the Ready condition when it changed, and an Event when the object turned invalid. */
  private async report(object: GateObject, verdict: GateVerdict): Promise<void> {
    const { namespace, apiTimeoutMs, log } = this.options;
    const condition = readyCondition(verdict, object.metadata?.generation);
    const current = object.status?.conditions?.find((c) => c.type === "Ready");
    const same = (a: Condition | undefined) =>
      a?.status === condition.status &&
      a.reason === condition.reason &&
      a.message === condition.message &&
      a.observedGeneration === condition.observedGeneration;
    if (same(current)) return;
    const name = object.metadata?.name ?? "";
    const plural = GATE_PLURALS[verdict.kind];
    const now = new Date().toISOString();
    const lastTransitionTime = current?.status === condition.status && current.lastTransitionTime ? current.lastTransitionTime : now;
    const body = { ...object, status: { observedGeneration: condition.observedGeneration, conditions: [{ ...condition, lastTransitionTime }] } };
    try {
      await withDeadline(
        this.custom.replaceNamespacedCustomObjectStatus({ group: "gaia.tech", version: "v1", namespace, plural, name, body }),
        apiTimeoutMs,
        `updating the status of ${verdict.kind}/${name}`,
      );
      if (condition.status === "False") await this.recordEvent(object, verdict, condition.message, now);
    } catch (err) {
      // A 409 means the object changed meanwhile: its watch event brings the next reconcile.
      const code = (err as { code?: number }).code;
      if (code !== 409) log.error(`cannot report the status of ${verdict.kind}/${name}: ${(err as Error).message.split("\n")[0]}`);
    }
  }

  private async recordEvent(object: GateObject, verdict: GateVerdict, message: string, now: string): Promise<void> {
    const { namespace, apiTimeoutMs } = this.options;
    const meta = object.metadata ?? {};
    const body = {
      apiVersion: "v1",
      kind: "Event",
      metadata: { generateName: `${meta.name ?? "gate"}.`, namespace },
      involvedObject: { apiVersion: object.apiVersion, kind: verdict.kind, name: meta.name, namespace, uid: meta.uid, resourceVersion: meta.resourceVersion },
      type: "Warning",
      reason: "InvalidSpec",
      message,
      source: { component: "gate-engine" },
      reportingComponent: "gaia.tech/gate-engine",
      reportingInstance: this.options.instance ?? "gate-engine",
      firstTimestamp: new Date(now),
      lastTimestamp: new Date(now),
      count: 1,
    };
    await withDeadline(this.core.createNamespacedEvent({ namespace, body }), apiTimeoutMs, `recording an Event for ${verdict.kind}/${meta.name}`);
  }
}
