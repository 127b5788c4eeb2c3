// A local HTTP server on 127.0.0.1 that speaks the ConfigMap part of the Kubernetes API: GET and PUT of
// /api/v1/namespaces/<ns>/configmaps/<name>, resourceVersion checks (409 Conflict when stale) and 404s.
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
  /** The next `n` requests answer 500. */
  failNext(n: number): void;
  put(namespace: string, name: string, data: Record<string, string>): void;
  close(): Promise<void>;
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

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const send = (code: number, value: unknown) => {
      res.writeHead(code, { "content-type": "application/json" });
      res.end(JSON.stringify(value));
    };
    requests.push(`${req.method} ${req.url}`);
    if (failures > 0) {
      failures--;
      return send(500, status(500, "InternalError", "etcd is unhappy"));
    }
    const m = /^\/api\/v1\/namespaces\/([^/]+)\/configmaps\/([^/?]+)/.exec(req.url ?? "");
    if (!m) return send(404, status(404, "NotFound", "the server could not find the requested resource"));
    const key = `${m[1]}/${m[2]}`;
    const current = configMaps.get(key);
    if (!current) return send(404, status(404, "NotFound", `configmaps "${m[2]}" not found`));
    if (req.method === "GET") return send(200, { apiVersion: "v1", kind: "ConfigMap", ...current });
    if (req.method === "PUT") {
      const incoming = (await body(req)) as StoredConfigMap;
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
    put: (namespace, name, data) => configMaps.set(`${namespace}/${name}`, { metadata: { name, namespace, resourceVersion: String(++version) }, data }),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
