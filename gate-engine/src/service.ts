// The HTTP API of the gate engine: compute, feedback, network listing, health and metrics.
import { createServer, type IncomingMessage, type Server, type ServerOptions, type ServerResponse } from "node:http";
import { MAX_COMPILED_WIDTH, encodeBits, type CompiledNetwork } from "./compiled-network.ts";
import { canonicalInputs, canonicalWidth } from "./compute-body.ts";
import { checkBits, type Evaluation, type GateEngine } from "./engine.ts";
import {
  answerParserError,
  parseJsonObject,
  prepareJson,
  readBody,
  readJsonBody,
  sendError,
  sendJson,
  sendPreparedJson,
  type PreparedJson,
} from "./http-util.ts";
import type { LatencySeries } from "./latency-histogram.ts";
import type { GateMetrics, Tally } from "./metrics.ts";
import { GateEngineError, MethodNotAllowedError } from "./model.ts";
import type { Logger } from "./persister.ts";
import type { RouteTable } from "./routes.ts";

export interface ServiceContext {
  engine: GateEngine;
  routes: RouteTable;
  metrics: GateMetrics;
  log: Logger;
  bodyLimitBytes: number;
  /** What /readyz reports besides `ready` (what it waits for, the state of learned state). */
  readiness?: () => Record<string, unknown>;
  /** Listener options (timeouts against slow clients). */
  serverOptions?: ServerOptions;
}

/** The metric series /compute touches for one network, looked up once: the request path then skips label lookups. */
interface NetworkSeries {
  evaluation: LatencySeries;
  ok: Tally;
}

export interface GateService {
  server: Server;
  /** Marks the service not ready (readyz answers 503) while it drains. */
  setReady(ready: boolean): void;
  /** Puts new networks and routes in service at once; requests already received finish on the previous ones. */
  swap(engine: GateEngine, routes: RouteTable): void;
}

/** Networks with at most this many output bits keep every answer without a trace they gave, ready to send. */
const CACHED_ANSWER_BITS = 8;

const GET_PATHS = new Set(["/healthz", "/readyz", "/networks", "/metrics"]);
const TRACE_QUERY = /[?&]trace=(1|true)(&|$)/;

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

function feedbackHandler(ctx: ServiceContext): (req: IncomingMessage, res: ServerResponse) => Promise<string> {
  const accuracy = new Map<string, { correct: number; total: number }>();
  return async (req, res) => {
    const engine = ctx.engine; // the version the request started on
    const body = await readJsonBody(req, ctx.bodyLimitBytes);
    if (typeof body.network !== "string") throw new GateEngineError("network must name a loaded GateNetwork");
    const network = body.network;
    const steps = engine.feedback(network, body.inputs, body.expected);
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
  const encoded = path.slice("/compute/".length);
  if (!encoded.includes("%")) return encoded;
  try {
    return decodeURIComponent(encoded);
  } catch {
    throw new GateEngineError(`malformed path ${path}`);
  }
}

/** Label value for a network in request metrics: only loaded networks, so clients cannot grow the label set. */
function networkLabel(ctx: ServiceContext, name: string | undefined): string {
  return name !== undefined && ctx.engine.hasNetwork(name) ? name : "unknown";
}

export function createGateService(ctx: ServiceContext): GateService {
  let ready = false;
  const feedback = feedbackHandler(ctx);
  // Keyed by loaded network names only (an unknown network fails before its series is looked up), so this stays small.
  const seriesByNetwork = new Map<string, NetworkSeries>();
  const answerPrefixes = new Map<string, string>();
  // Answers by compiled network (so a swap never mixes two versions of a network), indexed by output code.
  const preparedAnswers = new WeakMap<CompiledNetwork, PreparedJson[]>();

  function seriesOf(network: string): NetworkSeries {
    let series = seriesByNetwork.get(network);
    if (!series) {
      series = { evaluation: ctx.metrics.evaluationSeconds.labels(network), ok: ctx.metrics.requests.labels(network, "200") };
      seriesByNetwork.set(network, series);
    }
    return series;
  }

  /** The answer without a trace, `{"network":…,"outputs":…}`, with the network part serialised once. */
  function plainAnswer(network: string, outputs: Evaluation["outputs"]): string {
    let prefix = answerPrefixes.get(network);
    if (prefix === undefined) answerPrefixes.set(network, (prefix = `{"network":${JSON.stringify(network)},"outputs":`));
    return `${prefix}${JSON.stringify(outputs)}}`;
  }

  /** The answer without a trace for the compiled network's output `code`, kept for small outputs. */
  function compiledAnswer(network: string, compiled: CompiledNetwork, code: number): PreparedJson {
    if (compiled.outputBits > CACHED_ANSWER_BITS) return prepareJson(plainAnswer(network, compiled.outputsOf(code)));
    let answers = preparedAnswers.get(compiled);
    if (answers === undefined) preparedAnswers.set(compiled, (answers = []));
    return (answers[code] ??= prepareJson(plainAnswer(network, compiled.outputsOf(code))));
  }

  /** Evaluates without a trace through the compiled network: inputs from the canonical body's `fastCode` or from `body`. */
  function runCompiled(compiled: CompiledNetwork, fastCode: number, width: number, body: Record<string, unknown> | undefined, series: NetworkSeries): number {
    const input = fastCode !== -1 && width === compiled.inputBits ? fastCode : encodeBits(checkBits(body?.inputs, compiled.inputBits, "inputs"));
    const started = performance.now();
    const code = compiled.run(input);
    series.evaluation.observe((performance.now() - started) / 1000);
    return code;
  }

  function fail(req: IncomingMessage, res: ServerResponse, path: string, network: string | undefined, err: unknown): void {
    // A client that hung up is not a server error, and there is nobody left to answer.
    if (req.destroyed && !(err instanceof GateEngineError)) return ctx.metrics.clientAborts.inc();
    if (!(err instanceof GateEngineError)) ctx.log.error(`${req.method} ${path}: ${(err as Error).stack ?? String(err)}`);
    const status = sendError(res, err);
    if (network !== undefined || path === "/feedback") ctx.metrics.requests.labels(networkLabel(ctx, network), String(status)).inc();
  }

  function compute(req: IncomingMessage, res: ServerResponse, path: string, network: string, traceByQuery: boolean, engine: GateEngine): void {
    readBody(req, ctx.bodyLimitBytes, (err, text) => {
      if (err) return fail(req, res, path, network, err);
      let answer: PreparedJson;
      let series: NetworkSeries;
      try {
        // The usual body needs no JSON.parse and asks for no trace: the compiled network answers it.
        const fastCode = traceByQuery ? -1 : canonicalInputs(text, MAX_COMPILED_WIDTH);
        let body = fastCode === -1 ? parseJsonObject(text) : undefined;
        const trace = traceByQuery || body?.trace === true;
        const compiled = trace ? undefined : engine.compiled(network);
        if (compiled) {
          const width = canonicalWidth(text);
          if (fastCode !== -1 && width !== compiled.inputBits) body = parseJsonObject(text);
          series = seriesOf(network);
          answer = compiledAnswer(network, compiled, runCompiled(compiled, fastCode, width, body, series));
        } else {
          const started = performance.now();
          const result = engine.evaluate(network, (body ?? parseJsonObject(text)).inputs, trace);
          const seconds = (performance.now() - started) / 1000;
          series = seriesOf(network);
          series.evaluation.observe(seconds);
          answer = prepareJson(trace ? JSON.stringify(result) : plainAnswer(network, result.outputs));
        }
      } catch (evalErr) {
        return fail(req, res, path, network, evalErr);
      }
      sendPreparedJson(res, answer);
      series.ok.inc();
    });
  }

  function route(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? "/";
    const query = url.indexOf("?");
    const path = query === -1 ? url : url.slice(0, query);
    const method = req.method ?? "GET";
    // A request runs on the networks loaded when it arrived, even if they are swapped while its body streams in.
    const { engine, routes } = ctx;
    let network: string | undefined;
    try {
      if (GET_PATHS.has(path) && method !== "GET" && method !== "HEAD") throw new MethodNotAllowedError(`${path} takes GET`, "GET, HEAD");
      if (method === "GET" || method === "HEAD") {
        if (path === "/healthz") return sendJson(res, 200, { status: "ok" });
        if (path === "/readyz") return sendJson(res, ready ? 200 : 503, { ...ctx.readiness?.(), ready });
        if (path === "/networks") return sendJson(res, 200, listNetworks(ctx));
        if (path === "/metrics") return void sendMetrics(ctx, res).catch((err: unknown) => fail(req, res, path, undefined, err));
      }
      if (path === "/feedback") {
        if (method !== "POST") throw new MethodNotAllowedError("/feedback takes POST", "POST");
        return void feedback(req, res).then(
          (name) => ctx.metrics.requests.labels(networkLabel(ctx, name), "200").inc(),
          (err: unknown) => fail(req, res, path, undefined, err),
        );
      }
      network = path.startsWith("/compute/") ? networkFromPath(path) : routes.resolve(path)?.network;
      if (network === undefined) throw new GateEngineError(`no route for ${method} ${path}`, 404);
      if (method !== "POST") throw new MethodNotAllowedError(`${path} takes POST`, "POST");
      compute(req, res, path, network, query !== -1 && TRACE_QUERY.test(url), engine);
    } catch (err) {
      fail(req, res, path, network, err);
    }
  }

  const server = createServer(ctx.serverOptions ?? {}, route);
  server.on("clientError", answerParserError);
  return {
    server,
    setReady: (value) => (ready = value),
    swap(engine, routes) {
      ctx.engine = engine;
      ctx.routes = routes;
    },
  };
}
