// EndpointGate routes resolved by hashing the path: exact paths and `/prefix/*` patterns live in hash maps, so a
// lookup costs one probe per distinct prefix depth, whatever the number of routes.
import { GateEngineError, type EndpointGate } from "./model.ts";

export const RESERVED_PATHS = ["/compute", "/feedback", "/networks", "/healthz", "/readyz", "/metrics"];

export interface ResolvedRoute {
  network: string;
  pattern: string;
  endpoint: string;
}

/** Segments of a path up to its first `depth` ones, as a prefix key: prefixKey("/a/b/c", 2) = "/a/b/". */
function prefixKey(segments: string[], depth: number): string {
  return `/${segments.slice(0, depth).join("/")}/`;
}

export class RouteTable {
  private readonly exact = new Map<string, ResolvedRoute>();
  private readonly prefixes = new Map<string, ResolvedRoute>();
  /** Distinct prefix depths, deepest first, so the most specific pattern wins. */
  private depths: number[] = [];
  private readonly networks: ReadonlySet<string>;

  constructor(endpoints: EndpointGate[], networks: ReadonlySet<string>) {
    this.networks = networks;
    for (const endpoint of endpoints) this.add(endpoint);
  }

  /** Adds the routes of one EndpointGate, all or none: the first bad route throws with its JSON pointer. */
  add(endpoint: EndpointGate): void {
    const staged: { table: Map<string, ResolvedRoute>; key: string; route: ResolvedRoute; depth?: number }[] = [];
    endpoint.routes.forEach(({ path, gate }, i) => {
      const where = `EndpointGate "${endpoint.name}" route ${path}`;
      const fail = (message: string, field: "path" | "gate"): never => {
        throw new GateEngineError(`${where}: ${message}`, 400, `/spec/routes/${i}/${field}`);
      };
      if (!this.networks.has(gate)) fail(`no GateNetwork named "${gate}"`, "gate");
      const segments = path.replace(/\/\*$/, "").split("/").slice(1);
      if (!path.startsWith("/") || segments.some((s) => s === "" || s.includes("*"))) fail("a path is /segment/... with an optional trailing /*", "path");
      if (RESERVED_PATHS.includes(`/${segments[0]}`)) fail(`/${segments[0]} is reserved by the service`, "path");
      const wildcard = path.endsWith("/*");
      const table = wildcard ? this.prefixes : this.exact;
      const key = wildcard ? prefixKey(segments, segments.length) : path;
      const taken = table.get(key) ?? staged.find((s) => s.table === table && s.key === key)?.route;
      if (taken) fail(`the path is already routed by EndpointGate "${taken.endpoint}"`, "path");
      staged.push({ table, key, route: { network: gate, pattern: path, endpoint: endpoint.name }, depth: wildcard ? segments.length : undefined });
    });
    for (const { table, key, route, depth } of staged) {
      table.set(key, route);
      if (depth !== undefined && !this.depths.includes(depth)) this.depths = [...this.depths, depth].sort((a, b) => b - a);
    }
  }

  get size(): number {
    return this.exact.size + this.prefixes.size;
  }

  resolve(path: string): ResolvedRoute | undefined {
    const found = this.exact.get(path);
    if (found) return found;
    const segments = path.split("/").slice(1);
    for (const depth of this.depths) {
      // `/users/*` matches `/users/42` but not `/users` itself: a wildcard needs one more segment.
      if (segments.length <= depth) continue;
      const hit = this.prefixes.get(prefixKey(segments, depth));
      if (hit) return hit;
    }
    return undefined;
  }
}
