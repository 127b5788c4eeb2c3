// A local HTTP server on 127.0.0.1 that speaks the parts of the Kubernetes API the gate engine uses: GET and PUT of
// /api/v1/namespaces/<ns>/configmaps/<name> with resourceVersion checks (409 Conflict when stale) and 404s; list and
// streaming watch of the gaia.tech/v1 custom resources (resuming from a resourceVersion, 410 Gone once expired),
// PUT of their status subresource, and POST of Events. Failure modes: 409, 500, hang.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { KubeConfig } from "@kubernetes/client-node";

interface StoredConfigMap {
  metadata: { name: string; namespace: string; resourceVersion: string; [k: string]: unknown };
  data: Record<string, string>;
}

export interface FakeKubeApi {
  url: string;
  kubeConfig: KubeConfig;
  configMaps: Map<string, StoredConfigMap>;
  requests: string[];
  /** Another writer changes the object right before each of the next `n` PUTs are handled. */
  interleaveWrites(n: number, change: Record<string, string>): void;
  /** The next `n` PUTs find the object changed by someone else (same data, newer resourceVersion): 409 Conflict. */
  conflictNext(n: number): void;
  /** The next `n` requests answer 500. */
  failNext(n: number): void;
  /** The next `n` requests get no answer at all (a hung API server); they are dropped when the server closes. */
  hangNext(n: number): void;
  put(namespace: string, name: string, data: Record<string, string>): void;
  /** Creates or changes a gaia.tech object (metadata.generation goes up when its spec changes); watchers see it. */
  apply(plural: string, object: CustomObject): void;
  remove(plural: string, namespace: string, name: string): void;
  custom(plural: string, namespace: string, name: string): CustomObject | undefined;
  /** Ends every open watch; watches asking for an older resourceVersion then get 410 Gone. */
  expireWatches(): void;
  events: Record<string, unknown>[];
  close(): Promise<void>;
}

export interface CustomObject {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace: string; resourceVersion?: string; generation?: number; [k: string]: unknown };
  spec?: unknown;
  status?: unknown;
}

const status = (code: number, reason: string, message: string) => ({ kind: "Status", apiVersion: "v1", status: "Failure", message, reason, code });

async function body(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

export async function startFakeKubeApi(): Promise<FakeKubeApi> {
  const configMaps = new Map<string, StoredConfigMap>();
  const requests: string[] = [];
  let version = 100;
  let interleave = { left: 0, change: {} as Record<string, string> };
  let failures = 0;
  let hangs = 0;
  let conflicts = 0;

  const customs = new Map<string, Map<string, CustomObject>>();
  const watchers = new Set<{ plural: string; namespace: string; send: (type: string, object: unknown) => void; end: () => void }>();
  const events: Record<string, unknown>[] = [];
  let expiredBefore = 0;
  const collection = (plural: string) => customs.get(plural) ?? customs.set(plural, new Map()).get(plural)!;
  const history: { plural: string; type: string; object: CustomObject }[] = [];
  const notify = (plural: string, type: string, object: CustomObject) => {
    history.push({ plural, type, object });
    for (const w of watchers) if (w.plural === plural && w.namespace === object.metadata.namespace) w.send(type, object);
  };

  async function customApi(req: IncomingMessage, res: ServerResponse, send: (code: number, value: unknown) => void): Promise<boolean> {
    const url = new URL(req.url ?? "/", "http://x");
    const events_ = /^\/api\/v1\/namespaces\/([^/]+)\/events$/.exec(url.pathname);
    if (events_ && req.method === "POST") {
      const event = (await body(req)) as Record<string, unknown>;
      events.push(event);
      send(201, event);
      return true;
    }
    const m = /^\/apis\/gaia\.tech\/v1\/namespaces\/([^/]+)\/([a-z]+)(?:\/([^/]+))?(\/status)?$/.exec(url.pathname);
    if (!m) return false;
    const [, namespace, plural, name, statusPath] = m;
    const objects = collection(plural);
    if (name === undefined && req.method === "GET" && url.searchParams.get("watch") === "true") {
      const from = Number(url.searchParams.get("resourceVersion") ?? "0");
      res.writeHead(200, { "content-type": "application/json" });
      if (from < expiredBefore) {
        res.end(`${JSON.stringify({ type: "ERROR", object: status(410, "Expired", "too old resource version") })}\n`);
        return true;
      }
      const watcher = {
        plural,
        namespace,
        send: (type: string, object: unknown) => void (res.writableEnded ? undefined : res.write(`${JSON.stringify({ type, object })}\n`)),
        end: () => res.end(),
      };
      // Like the API server: everything that happened after the resourceVersion the watch starts from.
      for (const h of history) {
        if (h.plural === plural && h.object.metadata.namespace === namespace && Number(h.object.metadata.resourceVersion) > from)
          watcher.send(h.type, h.object);
      }
      watchers.add(watcher);
      res.on("close", () => watchers.delete(watcher));
      return true;
    }
    if (name === undefined && req.method === "GET") {
      const items = [...objects.values()].filter((o) => o.metadata.namespace === namespace);
      send(200, { apiVersion: "gaia.tech/v1", kind: "List", metadata: { resourceVersion: String(version) }, items });
      return true;
    }
    const current = name === undefined ? undefined : objects.get(`${namespace}/${name}`);
    if (!current) {
      send(404, status(404, "NotFound", `${plural} "${name}" not found`));
      return true;
    }
    if (statusPath && req.method === "PUT") {
      const incoming = (await body(req)) as CustomObject;
      if (incoming.metadata?.resourceVersion !== current.metadata.resourceVersion) {
        send(409, status(409, "Conflict", "the object has been modified"));
        return true;
      }
      const updated = { ...current, status: incoming.status, metadata: { ...current.metadata, resourceVersion: String(++version) } };
      objects.set(`${namespace}/${name}`, updated);
      notify(plural, "MODIFIED", updated);
      send(200, updated);
      return true;
    }
    send(405, status(405, "MethodNotAllowed", `${req.method} is not supported here`));
    return true;
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const send = (code: number, value: unknown) => {
      res.writeHead(code, { "content-type": "application/json" });
      res.end(JSON.stringify(value));
    };
    requests.push(`${req.method} ${req.url}`);
    if (hangs > 0) {
      hangs--;
      return;
    }
    if (failures > 0) {
      failures--;
      return send(500, status(500, "InternalError", "etcd is unhappy"));
    }
    if (await customApi(req, res, send)) return;
    const m = /^\/api\/v1\/namespaces\/([^/]+)\/configmaps\/([^/?]+)/.exec(req.url ?? "");
    if (!m) return send(404, status(404, "NotFound", "the server could not find the requested resource"));
    const key = `${m[1]}/${m[2]}`;
    const current = configMaps.get(key);
    if (!current) return send(404, status(404, "NotFound", `configmaps "${m[2]}" not found`));
    if (req.method === "GET") return send(200, { apiVersion: "v1", kind: "ConfigMap", ...current });
    if (req.method === "PUT") {
      const incoming = (await body(req)) as StoredConfigMap;
      if (conflicts > 0) {
        conflicts--;
        current.metadata.resourceVersion = String(++version);
      }
      if (interleave.left > 0) {
        interleave.left--;
        current.data = { ...current.data, ...interleave.change };
        current.metadata.resourceVersion = String(++version);
      }
      if (incoming.metadata?.resourceVersion !== current.metadata.resourceVersion) {
        return send(409, status(409, "Conflict", `Operation cannot be fulfilled on configmaps "${m[2]}": the object has been modified`));
      }
      const stored: StoredConfigMap = { metadata: { ...incoming.metadata, resourceVersion: String(++version) }, data: incoming.data ?? {} };
      configMaps.set(key, stored);
      return send(200, { apiVersion: "v1", kind: "ConfigMap", ...stored });
    }
    return send(405, status(405, "MethodNotAllowed", `${req.method} is not supported here`));
  };
  const server: Server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: "local", server: url, skipTLSVerify: true }],
    users: [{ name: "test", token: "test-token" }],
    contexts: [{ name: "local", cluster: "local", user: "test" }],
    currentContext: "local",
  });
  return {
    url,
    kubeConfig,
    configMaps,
    requests,
    interleaveWrites: (n, change) => (interleave = { left: n, change }),
    failNext: (n) => (failures = n),
    hangNext: (n) => (hangs = n),
    conflictNext: (n) => (conflicts = n),
    put: (namespace, name, data) => configMaps.set(`${namespace}/${name}`, { metadata: { name, namespace, resourceVersion: String(++version) }, data }),
    apply: (plural, object) => {
      const objects = collection(plural);
      const key = `${object.metadata.namespace}/${object.metadata.name}`;
      const before = objects.get(key);
      const changed = !before || JSON.stringify(before.spec) !== JSON.stringify(object.spec);
      const generation = (before?.metadata.generation ?? 0) + (changed ? 1 : 0);
      const stored = { ...object, status: before?.status, metadata: { ...object.metadata, generation, resourceVersion: String(++version) } };
      objects.set(key, stored);
      notify(plural, before ? "MODIFIED" : "ADDED", stored);
    },
    remove: (plural, namespace, name) => {
      const objects = collection(plural);
      const gone = objects.get(`${namespace}/${name}`);
      if (!gone) return;
      objects.delete(`${namespace}/${name}`);
      notify(plural, "DELETED", { ...gone, metadata: { ...gone.metadata, resourceVersion: String(++version) } });
    },
    custom: (plural, namespace, name) => collection(plural).get(`${namespace}/${name}`),
    expireWatches: () => {
      expiredBefore = ++version;
      for (const w of watchers) w.end();
    },
    events,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
