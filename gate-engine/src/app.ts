// Wires the gate engine together: manifests → engine and routes → state → HTTP listeners; and shuts it down.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createStore, type GateEngineConfig } from "./config.ts";
import { GateEngine } from "./engine.ts";
import type { StateStore } from "./file-store.ts";
import { loadManifestDir } from "./manifests.ts";
import { createMetrics } from "./metrics.ts";
import { StatePersister, type Logger } from "./persister.ts";
import { RouteTable } from "./routes.ts";
import { createGateService } from "./service.ts";

export interface RunningGateEngine {
  port: number;
  metricsPort: number | undefined;
  engine: GateEngine;
  /** Drains requests, saves learned state and closes the listeners. */
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

export async function startGateEngine(config: GateEngineConfig, options: { log?: Logger; store?: StateStore } = {}): Promise<RunningGateEngine> {
  const log = options.log ?? consoleLogger;
  const catalog = await loadManifestDir(config.manifestsDir);
  const engine = new GateEngine(catalog);
  const routes = new RouteTable(catalog.endpoints, new Set(engine.networkNames()));
  const metrics = createMetrics({ processMetrics: process.env.GATE_ENGINE_PROCESS_METRICS !== "off" });
  const store = options.store ?? createStore(config);
  const persister = new StatePersister(engine, store, metrics, log);
  await persister.restore();
  const intervals = catalog.policies.filter((p) => p.persistence).map((p) => p.updateIntervalMs);
  if (intervals.length > 0) persister.start(Math.min(...intervals));

  const service = createGateService({ engine, routes, metrics, log, bodyLimitBytes: config.bodyLimitBytes });
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

  return {
    port,
    metricsPort,
    engine,
    async shutdown() {
      service.setReady(false);
      persister.stop();
      await close(service.server, config.drainTimeoutMs);
      if (metricsServer) await close(metricsServer, config.drainTimeoutMs);
      if (intervals.length > 0 && !(await persister.flush())) throw new Error(`learned state was not saved to ${store.description}`);
    },
  };
}
