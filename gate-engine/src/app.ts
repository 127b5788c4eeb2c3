// Wires the gate engine together: manifests → engine and routes → state → HTTP listeners; and shuts it down.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { KubeConfig } from "@kubernetes/client-node";
import { createStore, defaultKubeConfig, type GateEngineConfig } from "./config.ts";
import { withDeadline } from "./deadline.ts";
import { GateEngine } from "./engine.ts";
import type { StateStore } from "./file-store.ts";
import { KubeNetworkSource } from "./kube-source.ts";
import { loadManifestDir } from "./manifests.ts";
import type { Catalog } from "./model.ts";
import { createMetrics } from "./metrics.ts";
import { StatePersister, type Logger } from "./persister.ts";
import { RouteTable } from "./routes.ts";
import { createGateService } from "./service.ts";

export interface RunningGateEngine {
  port: number;
  metricsPort: number | undefined;
  /** The engine serving now (replaced when the networks change). */
  readonly engine: GateEngine;
  persister: StatePersister;
  /** Reads the mounted files again and swaps them in (SIGHUP); an invalid set keeps the running one. */
  reload(): Promise<void>;
  /** Turns unready, keeps serving for the shutdown delay, drains requests, saves learned state (with a deadline) and closes the listeners. */
  shutdown(): Promise<void>;
}

export const consoleLogger: Logger = {
  info: (m) => console.log(JSON.stringify({ level: "info", msg: m })),
  error: (m) => console.error(JSON.stringify({ level: "error", msg: m })),
};

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: Server, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), timeoutMs);
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/**
 * Starts serving as soon as the networks are compiled: learned state is loaded in the background (the first sync,
 * retried every updateInterval), so an unreachable or hanging Kubernetes API never keeps the service from answering
 * /compute with the manifests' values.
 */
export async function startGateEngine(
  config: GateEngineConfig,
  options: { log?: Logger; store?: StateStore; kubeConfig?: KubeConfig } = {},
): Promise<RunningGateEngine> {
  const log = options.log ?? consoleLogger;
  const catalog = await loadManifestDir(config.manifestsDir);
  let engine = new GateEngine(catalog, { patternLimit: config.patternLimit });
  const routes = new RouteTable(catalog.endpoints, new Set(engine.networkNames()));
  const metrics = createMetrics({ processMetrics: process.env.GATE_ENGINE_PROCESS_METRICS !== "off" });
  const kubeConfig = config.source === "kubernetes" || config.store.kind === "configmap" ? (options.kubeConfig ?? defaultKubeConfig()) : undefined;
  const store = options.store ?? createStore(config, kubeConfig);
  const persister = new StatePersister(engine, store, metrics, log);
  let intervals: number[] = [];
  const schedulePersistence = (policies: Catalog["policies"]) => {
    const next = policies.filter((p) => p.persistence).map((p) => p.updateIntervalMs);
    if (next.length > 0 && Math.min(...next) !== Math.min(...intervals)) persister.start(Math.min(...next));
    if (next.length === 0) persister.stop();
    intervals = next;
  };
  schedulePersistence(catalog.policies);

  let draining = false;
  const readiness = () => ({
    ready: !draining,
    waitingFor: draining ? ["shutdown"] : [],
    learnedState: intervals.length === 0 ? "not persisted" : persister.loaded ? "loaded" : `loading from ${store.description} (not waited for)`,
  });
  const serverOptions = {
    headersTimeout: config.headersTimeoutMs,
    requestTimeout: config.requestTimeoutMs,
    // How often Node checks those timeouts (its default, 30 s, would let a slow client hold on far longer).
    connectionsCheckingInterval: Math.min(1000, Math.ceil(config.headersTimeoutMs / 2)),
  };
  const service = createGateService({ engine, routes, metrics, log, bodyLimitBytes: config.bodyLimitBytes, readiness, serverOptions });
  service.server.maxConnections = config.maxConnections;
  const port = await listen(service.server, config.port, config.host);
  const metricsServer =
    config.metricsPort === undefined
      ? undefined
      : createServer((req, res) => {
          const ok = req.url === "/metrics";
          const body = ok ? metrics.registry.metrics() : Promise.resolve("only /metrics here\n");
          body.then(
            (text) => {
              res.writeHead(ok ? 200 : 404, { "content-type": ok ? metrics.registry.contentType : "text/plain" });
              res.end(text);
            },
            (err: unknown) => {
              res.writeHead(500, { "content-type": "text/plain" });
              res.end(`cannot collect metrics: ${err instanceof Error ? err.message : String(err)}\n`);
            },
          );
        });
  const metricsPort = metricsServer && config.metricsPort !== undefined ? await listen(metricsServer, config.metricsPort, config.host) : undefined;
  service.setReady(true);
  log.info(`gate engine listening on ${port}: ${engine.networkNames().length} network(s), ${routes.size} route(s), state in ${store.description}`);

  /** Puts a validated catalog in service: a new engine (with the old one's learned state where it fits) and routes. */
  function applyCatalog(next: Catalog): void {
    const nextEngine = new GateEngine(next, { patternLimit: config.patternLimit });
    const dropped = nextEngine.adoptState(engine);
    if (dropped.length > 0) log.info(`learned state dropped because the gate's shape changed: ${dropped.join(", ")}`);
    service.swap(nextEngine, new RouteTable(next.endpoints, new Set(nextEngine.networkNames())));
    persister.engine = engine = nextEngine;
    schedulePersistence(next.policies);
  }

  // Networks from the API replace the mounted ones as soon as the informers deliver them.
  const source =
    config.source === "kubernetes" && kubeConfig
      ? new KubeNetworkSource(kubeConfig, {
          namespace: config.namespace ?? "default",
          apiTimeoutMs: config.apiTimeoutMs,
          log,
          instance: process.env.HOSTNAME,
          onCatalog: applyCatalog,
        })
      : undefined;
  source?.start();

  return {
    port,
    metricsPort,
    get engine() {
      return engine;
    },
    persister,
    async reload() {
      try {
        applyCatalog(await loadManifestDir(config.manifestsDir));
        log.info(`networks reloaded from ${config.manifestsDir}`);
      } catch (err) {
        log.error(`networks not reloaded, the previous ones keep running: ${(err as Error).message}`);
      }
    },
    async shutdown() {
      source?.stop();
      // 1. unready, still serving, while endpoints catch up; 2. drain; 3. one final save with a deadline.
      draining = true;
      service.setReady(false);
      await new Promise((r) => setTimeout(r, config.shutdownDelayMs));
      persister.stop();
      await close(service.server, config.drainTimeoutMs);
      if (metricsServer) await close(metricsServer, config.drainTimeoutMs);
      if (intervals.length === 0) return;
      const saved = await withDeadline(persister.flush(), config.finalSaveTimeoutMs, "final save").catch(() => false);
      if (!saved) throw new Error(`learned state was not saved to ${store.description}`);
    },
  };
}
