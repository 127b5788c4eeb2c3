// PrometheusRule expressions must parse as PromQL (Prometheus's own lezer grammar), or the rule group fails to load.
import { parser } from "@prometheus-io/lezer-promql";
import type { Finding, K8sObject } from "../types.ts";
import { objectRef } from "../types.ts";
import { ordinal } from "../util/display.ts";

/** Offset of the first syntax error in a PromQL expression, or undefined when it parses. */
export function promqlErrorOffset(expr: string): number | undefined {
  if (!expr.trim()) return 0;
  let offset: number | undefined;
  parser.parse(expr).iterate({
    enter(node) {
      if (offset === undefined && node.type.isError) offset = node.from;
      return offset === undefined;
    },
  });
  return offset;
}

export function promqlFindings(object: K8sObject, target: string, sourceFile: string): Finding[] {
  if (object.kind !== "PrometheusRule") return [];
  const out: Finding[] = [];
  const groups = (object.spec as any)?.groups;
  (Array.isArray(groups) ? groups : []).forEach((group: any, g: number) => {
    (Array.isArray(group?.rules) ? group.rules : []).forEach((rule: any, r: number) => {
      const expr = typeof rule?.expr === "number" ? String(rule.expr) : rule?.expr;
      if (typeof expr !== "string") return;
      const at = promqlErrorOffset(expr);
      if (at === undefined) return;
      const name = rule.alert ?? rule.record ?? `the ${ordinal(r + 1)} rule of group ${typeof group?.name === "string" ? group.name : ordinal(g + 1)}`;
      out.push({
        ruleId: "promql-syntax",
        category: "schema",
        severity: "error",
        message: `${name}: PromQL does not parse near column ${at + 1}: ${JSON.stringify(expr.slice(Math.max(0, at - 15), at + 15))}`,
        fix: "Fix the expression; try it in the Prometheus UI or with promtool check rules.",
        target,
        object: objectRef(object),
        path: `/spec/groups/${g}/rules/${r}/expr`,
        source: { file: sourceFile, line: 0 },
      });
    });
  });
  return out;
}
