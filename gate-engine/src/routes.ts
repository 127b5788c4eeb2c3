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
  private readonly depths: number[];

  constructor(endpoints: EndpointGate[], networks: ReadonlySet<string>) {
    const depths = new Set<number>();
    for (const endpoint of endpoints) {
      for (const { path, gate } of endpoint.routes) {
        const where = `EndpointGate "${endpoint.name}" route ${path}`;
        if (!networks.has(gate)) throw new GateEngineError(`${where}: no GateNetwork named "${gate}"`);
        const segments = path.replace(/\/\*$/, "").split("/").slice(1);
        if (!path.startsWith("/") || segments.some((s) => s === "" || s.includes("*"))) {
          throw new GateEngineError(`${where}: a path is /segment/... with an optional trailing /*`);
        }
        if (RESERVED_PATHS.includes(`/${segments[0]}`)) throw new GateEngineError(`${where}: /${segments[0]} is reserved by the service`);
        const wildcard = path.endsWith("/*");
        const table = wildcard ? this.prefixes : this.exact;
        const key = wildcard ? prefixKey(segments, segments.length) : path;
        const taken = table.get(key);
        if (taken) throw new GateEngineError(`${where}: the path is already routed by EndpointGate "${taken.endpoint}"`);
        table.set(key, { network: gate, pattern: path, endpoint: endpoint.name });
        if (wildcard) depths.add(segments.length);
      }
    }
    this.depths = [...depths].sort((a, b) => b - a);
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
