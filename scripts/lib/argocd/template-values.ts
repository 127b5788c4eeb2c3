// Values as Go sees them after Argo CD decodes YAML into interface{}: how they print and when they are "true".
import { displayValue } from "../util/display.ts";

export function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Go's %v of a float64 (every YAML number is one after Argo CD's JSON decoding): 500 → "500", 1e6 → "1e+06". */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? "NaN" : n > 0 ? "+Inf" : "-Inf";
  if (n === 0) return "0";
  const [mantissa, e] = n.toExponential().split("e");
  const exp = Number(e);
  // strconv's shortest 'g' switches to exponent form below 1e-4 and from 1e6 up.
  if (exp >= -4 && exp < 6) return String(n);
  return `${mantissa}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
}

/** fmt.Sprint of a value: what `{{ .x }}` writes. */
export function formatValue(v: unknown): string {
  if (v === undefined || v === null) return "<no value>";
  if (typeof v === "string") return v;
  if (typeof v === "number") return formatNumber(v);
  if (typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `[${v.map((x) => (x === null || x === undefined ? "<nil>" : formatValue(x))).join(" ")}]`;
  if (isMap(v)) {
    const keys = Object.keys(v).sort();
    return `map[${keys.map((k) => `${k}:${v[k] === null || v[k] === undefined ? "<nil>" : formatValue(v[k])}`).join(" ")}]`;
  }
  return v instanceof Date ? v.toISOString() : displayValue(v);
}

/** Go template truth: false, 0, "", nil and empty collections are false. */
export function isTrue(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === "") return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isMap(v)) return Object.keys(v).length > 0;
  return true;
}

export function typeName(v: unknown): string {
  if (v === undefined || v === null) return "<nil>";
  if (typeof v === "string") return "string";
  if (typeof v === "number") return "float64";
  if (typeof v === "boolean") return "bool";
  if (Array.isArray(v)) return "[]interface {}";
  return "map[string]interface {}";
}
