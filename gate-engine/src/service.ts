// The HTTP API of the gate engine: compute, feedback, network listing, health and metrics.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { GateEngine } from "./engine.ts";
import { readJsonBody, sendError, sendJson } from "./http-util.ts";
import type { GateMetrics } from "./metrics.ts";
import { GateEngineError } from "./model.ts";
import type { Logger } from "./persister.ts";
import type { RouteTable } from "./routes.ts";

export interface ServiceContext {
  engine: GateEngine;
  routes: RouteTable;
  metrics: GateMetrics;
  log: Logger;
  bodyLimitBytes: number;
}

/** Labelled metric children, looked up once per label set: the hot path then skips prom-client's label hashing. */
interface HotMetrics {
  evaluation(network: string): { observe(seconds: number): void };
  requests(network: string, status: string): { inc(): void };
}

function hotMetrics(metrics: GateMetrics): HotMetrics {
  const evaluation = new Map<string, { observe(seconds: number): void }>();
  const requests = new Map<string, { inc(): void }>();
  return {
    evaluation(network) {
      let child = evaluation.get(network);
      if (!child) evaluation.set(network, (child = metrics.evaluationSeconds.labels(network)));
      return child;
    },
    requests(network, status) {
      const key = `${network} ${status}`;
      let child = requests.get(key);
      if (!child) requests.set(key, (child = metrics.requests.labels(network, status)));
      return child;
    },
  };
}

export interface GateService {
  server: Server;
  /** Marks the service not ready (readyz answers 503) while it drains. */
  setReady(ready: boolean): void;
}

type Body = Record<string, unknown>;

function wantsTrace(req: IncomingMessage, body: Body): boolean {
  return body.trace === true || (req.url !== undefined && req.url.includes("?") && /[?&]trace=(1|true)(&|$)/.test(req.url));
}

function listNetworks(ctx: ServiceContext): unknown {
  return {
    networks: ctx.engine.networkNames().map((name) => {
      const plan = ctx.engine.plan(name);
      return {
        name,
        inputBits: plan.inputBits,
        outputs: plan.sinks,
        gates: plan.order.map((g) => ({
          name: g.spec.name,
          type: g.spec.type,
          replicas: g.spec.replicas,
          inputWidth: g.inputWidth,
          outputWidth: g.outputWidth,
        })),
        connections: plan.network.connections,
      };
    }),
    routes: ctx.routes.size,
  };
}

async function sendMetrics(ctx: ServiceContext, res: ServerResponse): Promise<void> {
  const text = await ctx.metrics.registry.metrics();
  res.writeHead(200, { "content-type": ctx.metrics.registry.contentType });
  res.end(text);
}

async function compute(ctx: ServiceContext & { children: HotMetrics }, req: IncomingMessage, res: ServerResponse, network: string): Promise<void> {
  const body = (await readJsonBody(req, ctx.bodyLimitBytes)) as Body;
  const trace = wantsTrace(req, body);
  const started = process.hrtime.bigint();
  const result = ctx.engine.evaluate(network, body.inputs, trace);
  ctx.children.evaluation(network).observe(Number(process.hrtime.bigint() - started) / 1e9);
  sendJson(res, 200, trace ? result : { network, outputs: result.outputs });
}

function feedbackHandler(ctx: ServiceContext): (req: IncomingMessage, res: ServerResponse) => Promise<string> {
  const accuracy = new Map<string, { correct: number; total: number }>();
  return async (req, res) => {
    const body = (await readJsonBody(req, ctx.bodyLimitBytes)) as Body;
    if (typeof body.network !== "string") throw new GateEngineError("network must name a loaded GateNetwork");
    const network = body.network;
    const steps = ctx.engine.feedback(network, body.inputs, body.expected);
    for (const step of steps) {
      const labels = { network, gate: step.gate };
      ctx.metrics.learningDelta.set(labels, step.delta);
      ctx.metrics.learningSteps.inc(labels);
      const key = `${network}/${step.gate}`;
      const seen = accuracy.get(key) ?? { correct: 0, total: 0 };
      seen.total += 1;
      seen.correct += step.correct ? 1 : 0;
      accuracy.set(key, seen);
      if (step.type === "PATTERN") ctx.metrics.patternAccuracy.set(labels, seen.correct / seen.total);
    }
    sendJson(res, 200, { network, steps });
    return network;
  };
}

function networkFromPath(path: string): string {
  try {
    return decodeURIComponent(path.slice("/compute/".length));
  } catch {
    throw new GateEngineError(`malformed path ${path}`);
  }
}

/** Label value for a network in request metrics: only loaded networks, so clients cannot grow the label set. */
function networkLabel(ctx: ServiceContext, name: string | undefined): string {
  return name !== undefined && ctx.engine.hasNetwork(name) ? name : "unknown";
}

export function createGateService(context: ServiceContext): GateService {
  // Network labels are bounded (loaded networks or "unknown"), so these caches stay small.
  const ctx = { ...context, children: hotMetrics(context.metrics) };
  let ready = false;
  const feedback = feedbackHandler(ctx);

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? "/").split("?")[0];
    const method = req.method ?? "GET";
    if (method === "GET" && path === "/healthz") return sendJson(res, 200, { status: "ok" });
    if (method === "GET" && path === "/readyz") return sendJson(res, ready ? 200 : 503, { ready });
    let network: string | undefined;
    try {
      if (method === "GET" && path === "/networks") return sendJson(res, 200, listNetworks(ctx));
      if (method === "GET" && path === "/metrics") return await sendMetrics(ctx, res);
      if (path === "/feedback") {
        if (method !== "POST") throw new GateEngineError("/feedback takes POST", 405);
        network = await feedback(req, res);
      } else {
        network = path.startsWith("/compute/") ? networkFromPath(path) : ctx.routes.resolve(path)?.network;
        if (network === undefined) throw new GateEngineError(`no route for ${method} ${path}`, 404);
        if (method !== "POST") throw new GateEngineError(`${path} takes POST`, 405);
        await compute(ctx, req, res, network);
      }
      ctx.children.requests(networkLabel(ctx, network), "200").inc();
    } catch (err) {
      if (!(err instanceof GateEngineError)) ctx.log.error(`${method} ${path}: ${(err as Error).stack ?? String(err)}`);
      const status = sendError(res, err);
      if (network !== undefined || path === "/feedback") ctx.children.requests(networkLabel(ctx, network), String(status)).inc();
    }
  }

  const server = createServer((req, res) => void route(req, res));
  return { server, setReady: (value) => (ready = value) };
}
