// A small PromQL evaluator over synthetic series, for unit tests of alert rules in TypeScript (what
// `promtool test rules` does): expressions are parsed with Prometheus's own grammar (@prometheus-io/lezer-promql)
// and evaluated for the parts the gate engine's alerts use: selectors with =, !=, =~ matchers, range vectors,
// rate/increase (counter resets handled; no extrapolation at the window edges), sum/max by, histogram_quantile,
// time(), arithmetic, comparisons (filtering) and `and`. Anything else throws, so a rule using it cannot pass silently.
import { parser } from "@prometheus-io/lezer-promql";
import type { SyntaxNode } from "@lezer/common";

export type Labels = Record<string, string>;
export interface Series {
  labels: Labels;
  /** [seconds, value] in time order. */
  samples: [number, number][];
}
interface Sample {
  labels: Labels;
  value: number;
}
type Value = number | Sample[];

const LOOKBACK_S = 300;
const key = (labels: Labels) =>
  JSON.stringify(
    Object.entries(labels)
      .filter(([k]) => k !== "__name__")
      .sort(),
  );

function durationSeconds(text: string): number {
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(text);
  if (!m) throw new Error(`unsupported duration ${text}`);
  return Number(m[1]) * { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as "s"];
}

function matchers(node: SyntaxNode, text: (n: SyntaxNode) => string): ((l: Labels) => boolean)[] {
  const name = node.getChild("Identifier");
  const out: ((l: Labels) => boolean)[] = name ? [(l) => l.__name__ === text(name)] : [];
  for (const m of node.getChild("LabelMatchers")?.getChildren("UnquotedLabelMatcher") ?? []) {
    const label = text(m.getChild("LabelName") as SyntaxNode);
    const op = text(m.getChild("MatchOp") as SyntaxNode);
    const value = JSON.parse(text(m.getChild("StringLiteral") as SyntaxNode)) as string;
    const re = new RegExp(`^(?:${value})$`);
    if (op === "=") out.push((l) => (l[label] ?? "") === value);
    else if (op === "!=") out.push((l) => (l[label] ?? "") !== value);
    else if (op === "=~") out.push((l) => re.test(l[label] ?? ""));
    else throw new Error(`unsupported matcher ${op}`);
  }
  return out;
}

function increase(samples: [number, number][]): number {
  let total = 0;
  for (let i = 1; i < samples.length; i++) total += samples[i][1] >= samples[i - 1][1] ? samples[i][1] - samples[i - 1][1] : samples[i][1];
  return total;
}

function quantile(q: number, buckets: Sample[]): number {
  const sorted = buckets.map((b) => ({ le: Number(b.labels.le), count: b.value })).sort((a, b) => a.le - b.le);
  const total = sorted[sorted.length - 1]?.count ?? 0;
  if (total === 0) return NaN;
  const rank = q * total;
  let prevLe = 0;
  let prevCount = 0;
  for (const b of sorted) {
    if (b.count >= rank) return b.le === Infinity ? prevLe : prevLe + ((b.le - prevLe) * (rank - prevCount)) / (b.count - prevCount);
    prevLe = b.le;
    prevCount = b.count;
  }
  return prevLe;
}

function aggregate(op: string, by: string[], input: Sample[]): Sample[] {
  const groups = new Map<string, Sample>();
  for (const s of input) {
    const labels = Object.fromEntries(by.filter((l) => s.labels[l] !== undefined).map((l) => [l, s.labels[l]]));
    const k = key(labels);
    const g = groups.get(k);
    if (!g) groups.set(k, { labels, value: s.value });
    else g.value = op === "sum" ? g.value + s.value : Math.max(g.value, s.value);
  }
  return [...groups.values()];
}

const ARITH: Record<string, (a: number, b: number) => number> = { Add: (a, b) => a + b, Sub: (a, b) => a - b, Mul: (a, b) => a * b, Div: (a, b) => a / b };
const COMPARE: Record<string, (a: number, b: number) => boolean> = { Gtr: (a, b) => a > b, Lss: (a, b) => a < b, Gte: (a, b) => a >= b, Lte: (a, b) => a <= b };

export function evaluate(expr: string, series: Series[], t: number): Value {
  const tree = parser.parse(expr);
  const text = (n: SyntaxNode) => expr.slice(n.from, n.to);
  const instant = (sel: SyntaxNode): Sample[] =>
    series
      .filter((s) => matchers(sel, text).every((m) => m(s.labels)))
      .flatMap((s) => {
        const last = s.samples.filter(([ts]) => ts <= t && ts > t - LOOKBACK_S).pop();
        return last ? [{ labels: s.labels, value: last[1] }] : [];
      });
  const ev = (n: SyntaxNode): Value => {
    switch (n.name) {
      case "PromQL":
      case "ParenExpr":
        return ev(n.lastChild?.name === ")" ? (n.firstChild?.nextSibling as SyntaxNode) : (n.firstChild as SyntaxNode));
      case "NumberDurationLiteral":
        return Number(text(n));
      case "VectorSelector":
        return instant(n);
      case "FunctionCall": {
        const fn = text(n.getChild("FunctionIdentifier") as SyntaxNode);
        const args = (n.getChild("FunctionCallBody") as SyntaxNode).getChildren("Expr").length
          ? (n.getChild("FunctionCallBody") as SyntaxNode).getChildren("Expr")
          : childExprs(n.getChild("FunctionCallBody") as SyntaxNode);
        if (fn === "time") return t;
        if (fn === "rate" || fn === "increase") {
          const matrix = args[0];
          const range = durationSeconds(text(matrix.getChild("DurationExpr") as SyntaxNode));
          const sel = matrix.getChild("VectorSelector") as SyntaxNode;
          return series
            .filter((s) => matchers(sel, text).every((m) => m(s.labels)))
            .flatMap((s) => {
              const window = s.samples.filter(([ts]) => ts <= t && ts > t - range);
              if (window.length < 2) return [];
              const inc = increase(window);
              return [{ labels: s.labels, value: fn === "rate" ? inc / range : inc }];
            });
        }
        if (fn === "histogram_quantile") {
          const q = ev(args[0]) as number;
          const groups = new Map<string, Sample[]>();
          for (const s of ev(args[1]) as Sample[]) {
            const { le: _le, ...rest } = s.labels;
            const k = key(rest);
            groups.set(k, [...(groups.get(k) ?? []), s]);
          }
          return [...groups.values()].map((g) => {
            const { le: _le, ...rest } = g[0].labels;
            return { labels: rest, value: quantile(q, g) };
          });
        }
        throw new Error(`unsupported function ${fn}`);
      }
      case "AggregateExpr": {
        const op = text(n.getChild("AggregateOp") as SyntaxNode);
        if (op !== "sum" && op !== "max") throw new Error(`unsupported aggregation ${op}`);
        const by = (n.getChild("AggregateModifier")?.getChild("GroupingLabels")?.getChildren("LabelName") ?? []).map(text);
        const body = childExprs(n.getChild("FunctionCallBody") as SyntaxNode);
        return aggregate(op, by, ev(body[0]) as Sample[]);
      }
      case "BinaryExpr": {
        const [left, right] = childExprs(n);
        const op =
          n.getChildren("Gtr")[0] ??
          n.getChildren("Lss")[0] ??
          n.getChildren("Gte")[0] ??
          n.getChildren("Lte")[0] ??
          n.getChildren("Add")[0] ??
          n.getChildren("Sub")[0] ??
          n.getChildren("Mul")[0] ??
          n.getChildren("Div")[0] ??
          n.getChildren("And")[0];
        const a = ev(left);
        const b = ev(right);
        if (op.name === "And") {
          const keep = new Set((b as Sample[]).map((s) => key(s.labels)));
          return (a as Sample[]).filter((s) => keep.has(key(s.labels)));
        }
        const apply = (x: number, y: number): number | undefined => {
          if (ARITH[op.name]) return ARITH[op.name](x, y);
          return COMPARE[op.name](x, y) ? x : undefined;
        };
        if (typeof a === "number" && typeof b === "number") return apply(a, b) ?? NaN;
        if (typeof b === "number")
          return (a as Sample[]).flatMap((s) => (apply(s.value, b) === undefined ? [] : [{ labels: s.labels, value: apply(s.value, b) as number }]));
        if (typeof a === "number") return b.flatMap((s) => (apply(a, s.value) === undefined ? [] : [{ labels: s.labels, value: apply(a, s.value) as number }]));
        const right_ = new Map(b.map((s) => [key(s.labels), s]));
        return a.flatMap((s) => {
          const other = right_.get(key(s.labels));
          const v = other ? apply(s.value, other.value) : undefined;
          if (v === undefined) return [];
          const { __name__: _n, ...labels } = s.labels;
          return [{ labels, value: v }];
        });
      }
      default:
        throw new Error(`unsupported PromQL node ${n.name}: ${text(n)}`);
    }
  };
  return ev(tree.topNode);
}

/** The expression children of a node (skipping punctuation, operators and modifiers). */
function childExprs(n: SyntaxNode): SyntaxNode[] {
  const skip = new Set(["(", ")", ",", "Gtr", "Lss", "Gte", "Lte", "Add", "Sub", "Mul", "Div", "And", "BoolModifier", "AggregateOp", "AggregateModifier"]);
  const out: SyntaxNode[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) if (!skip.has(c.name) && !c.type.isError) out.push(c);
  return out;
}

/** When an alert with `forSeconds` fires, evaluating every `stepSeconds` from 0 to `until`: the first firing time, or undefined. */
export function firesAt(expr: string, forSeconds: number, series: Series[], until: number, stepSeconds = 15): number | undefined {
  let pendingSince: number | undefined;
  for (let t = 0; t <= until; t += stepSeconds) {
    const v = evaluate(expr, series, t);
    const active = typeof v === "number" ? !Number.isNaN(v) : v.length > 0;
    if (!active) pendingSince = undefined;
    else {
      pendingSince ??= t;
      if (t - pendingSince >= forSeconds) return t;
    }
  }
  return undefined;
}
