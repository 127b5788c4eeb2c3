// Functions of Argo CD's goTemplate: Go's builtins and the Sprig/Argo CD functions ApplicationSets commonly use.
import { stringify } from "yaml";
import { TemplateError } from "./template-lex.ts";
import { formatValue, isMap, isTrue, typeName } from "./template-values.ts";

export type TemplateFunction = (...args: unknown[]) => unknown;

function str(v: unknown): string {
  return v === undefined || v === null ? "" : typeof v === "string" ? v : formatValue(v);
}

function arity(name: string, args: unknown[], min: number, max = min): void {
  if (args.length < min || args.length > max)
    throw new TemplateError(`wrong number of args for ${name}: want ${min === max ? min : `${min}-${max}`} got ${args.length}`);
}

const VERB = /%([-+ 0#]*)(\d*)(?:\.(\d+))?([vsdqtfxX%])/g;

/** Go's fmt.Sprintf for the verbs templates use. */
export function sprintf(format: string, args: unknown[]): string {
  let next = 0;
  const out = format.replace(VERB, (_m, flags: string, width: string, precision: string | undefined, verb: string) => {
    if (verb === "%") return "%";
    if (next >= args.length) return `%!${verb}(MISSING)`;
    const a = args[next++];
    let text: string;
    if (a === null || a === undefined) text = verb === "v" ? "<nil>" : `%!${verb}(<nil>)`;
    else if (verb === "d" && typeof a === "number" && Number.isInteger(a)) text = String(a);
    else if (verb === "d") text = `%!d(${typeName(a)}=${formatValue(a)})`;
    else if (verb === "f" && typeof a === "number") text = a.toFixed(precision === undefined ? 6 : Number(precision));
    else if (verb === "q") text = JSON.stringify(str(a));
    else if (verb === "t" && typeof a === "boolean") text = String(a);
    else if ((verb === "x" || verb === "X") && typeof a === "number" && Number.isInteger(a)) text = a.toString(16);
    else if (verb === "x" || verb === "X") text = Buffer.from(str(a)).toString("hex");
    else text = formatValue(a);
    if (verb === "X") text = text.toUpperCase();
    const w = Number(width || 0);
    if (text.length < w) text = flags.includes("-") ? text.padEnd(w) : text.padStart(w, flags.includes("0") && verb !== "s" ? "0" : " ");
    return text;
  });
  return next < args.length
    ? `${out}%!(EXTRA ${args
        .slice(next)
        .map((a) => `${typeName(a)}=${formatValue(a)}`)
        .join(", ")})`
    : out;
}

function compare(name: string, a: unknown, b: unknown): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  throw new TemplateError(`error calling ${name}: incompatible types for comparison (${typeName(a)}, ${typeName(b)})`);
}

function index(item: unknown, ...keys: unknown[]): unknown {
  let cur = item;
  for (const k of keys) {
    if (Array.isArray(cur)) {
      if (typeof k !== "number" || !Number.isInteger(k)) throw new TemplateError(`error calling index: cannot index slice/array with type ${typeName(k)}`);
      if (k < 0 || k >= cur.length) throw new TemplateError(`error calling index: index out of range: ${k}`);
      cur = cur[k];
    } else if (isMap(cur)) {
      cur = cur[str(k)];
    } else {
      throw new TemplateError(`error calling index: can't index item of type ${typeName(cur)}`);
    }
  }
  return cur ?? null;
}

/** Argo CD's `normalize`: a name Kubernetes accepts (lowercase alphanumerics, '-' and '.'). */
export function sanitizeName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9.-]/g, "-")
    .replace(/^[^a-z0-9]+/, "")
    .replace(/[^a-z0-9]+$/, "")
    .slice(0, 253);
}

export const TEMPLATE_FUNCTIONS: Record<string, TemplateFunction> = {
  and: (...a) => a.find((x) => !isTrue(x)) ?? a[a.length - 1],
  or: (...a) => a.find((x) => isTrue(x)) ?? a[a.length - 1],
  not: (...a) => (arity("not", a, 1), !isTrue(a[0])),
  len: (...a) => {
    arity("len", a, 1);
    const v = a[0];
    if (typeof v === "string" || Array.isArray(v)) return v.length;
    if (isMap(v)) return Object.keys(v).length;
    throw new TemplateError(`error calling len: len of type ${typeName(v)}`);
  },
  index: (...a) => index(a[0], ...a.slice(1)),
  print: (...a) => a.map((x, i) => (i > 0 && typeof x !== "string" && typeof a[i - 1] !== "string" ? " " : "") + formatValue(x)).join(""),
  println: (...a) => `${a.map(formatValue).join(" ")}\n`,
  printf: (...a) => sprintf(str(a[0]), a.slice(1)),
  eq: (...a) => a.slice(1).some((b) => a[0] === b || (a[0] == null && b == null)),
  ne: (...a) => (arity("ne", a, 2), a[0] !== a[1]),
  lt: (...a) => (arity("lt", a, 2), compare("lt", a[0], a[1]) < 0),
  le: (...a) => (arity("le", a, 2), compare("le", a[0], a[1]) <= 0),
  gt: (...a) => (arity("gt", a, 2), compare("gt", a[0], a[1]) > 0),
  ge: (...a) => (arity("ge", a, 2), compare("ge", a[0], a[1]) >= 0),
  lower: (...a) => (arity("lower", a, 1), str(a[0]).toLowerCase()),
  upper: (...a) => (arity("upper", a, 1), str(a[0]).toUpperCase()),
  trim: (...a) => (arity("trim", a, 1), str(a[0]).trim()),
  trimPrefix: (...a) => (arity("trimPrefix", a, 2), str(a[1]).startsWith(str(a[0])) ? str(a[1]).slice(str(a[0]).length) : str(a[1])),
  trimSuffix: (...a) => (arity("trimSuffix", a, 2), str(a[0]) && str(a[1]).endsWith(str(a[0])) ? str(a[1]).slice(0, -str(a[0]).length) : str(a[1])),
  replace: (...a) => (arity("replace", a, 3), str(a[2]).split(str(a[0])).join(str(a[1]))),
  contains: (...a) => (arity("contains", a, 2), str(a[1]).includes(str(a[0]))),
  hasPrefix: (...a) => (arity("hasPrefix", a, 2), str(a[1]).startsWith(str(a[0]))),
  hasSuffix: (...a) => (arity("hasSuffix", a, 2), str(a[1]).endsWith(str(a[0]))),
  quote: (...a) =>
    a
      .filter((x) => x !== null && x !== undefined)
      .map((x) => JSON.stringify(str(x)))
      .join(" "),
  squote: (...a) =>
    a
      .filter((x) => x !== null && x !== undefined)
      .map((x) => `'${str(x)}'`)
      .join(" "),
  default: (...a) => (arity("default", a, 1, 2), a.length === 2 && isTrue(a[1]) ? a[1] : a[0]),
  empty: (...a) => (arity("empty", a, 1), !isTrue(a[0])),
  join: (...a) => (arity("join", a, 2), (Array.isArray(a[1]) ? a[1] : [a[1]]).map(str).join(str(a[0]))),
  splitList: (...a) => (arity("splitList", a, 2), str(a[1]).split(str(a[0]))),
  toString: (...a: unknown[]) => (arity("toString", a, 1), str(a[0])),
  trunc: (...a) => {
    arity("trunc", a, 2);
    const n = Number(a[0]);
    const s = str(a[1]);
    return n >= 0 ? s.slice(0, n) : s.slice(Math.max(0, s.length + n));
  },
  list: (...a) => a,
  toJson: (...a) => (arity("toJson", a, 1), JSON.stringify(a[0] ?? null)),
  toYaml: (...a) => (arity("toYaml", a, 1), stringify(a[0] ?? null).replace(/\n$/, "")),
  normalize: (...a) => (arity("normalize", a, 1), sanitizeName(str(a[0]))),
  int: (...a) => (arity("int", a, 1), Math.trunc(Number(a[0]) || 0)),
  float64: (...a) => (arity("float64", a, 1), Number(a[0]) || 0),
};

export const isTemplateFunction = (name: string): boolean => Object.hasOwn(TEMPLATE_FUNCTIONS, name);
