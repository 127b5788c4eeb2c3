// Executes a Go text/template the way Argo CD does for `goTemplate: true` ApplicationSets.
import { TemplateError } from "./template-lex.ts";
import { isTemplateFunction, TEMPLATE_FUNCTIONS } from "./template-funcs.ts";
import { parseTemplate, type Operand, type Pipeline, type TemplateNode } from "./template-parse.ts";
import { formatValue, isMap, isTrue, typeName } from "./template-values.ts";

export { TemplateError } from "./template-lex.ts";

/** Go's `missingkey` option: Argo CD users set `goTemplateOptions: ["missingkey=error"]`. */
export type MissingKey = "default" | "zero" | "error";

export function missingKeyOption(options: unknown): MissingKey {
  const list = Array.isArray(options) ? options.map(String) : [];
  const found = list
    .map((o) => /^missingkey=(default|invalid|zero|error)$/.exec(o)?.[1])
    .filter(Boolean)
    .pop();
  return found === "error" ? "error" : found === "zero" ? "zero" : "default";
}

interface Scope {
  dot: unknown;
  root: unknown;
  vars: Map<string, unknown>[];
  missingKey: MissingKey;
}

const MISSING = Symbol("missing");

function lookupVar(scope: Scope, name: string): unknown {
  if (name === "$") return scope.root;
  for (let i = scope.vars.length - 1; i >= 0; i--) if (scope.vars[i].has(name)) return scope.vars[i].get(name);
  throw new TemplateError(`undefined variable: ${name}`);
}

function setVar(scope: Scope, name: string, value: unknown, declare: boolean): void {
  if (declare) {
    scope.vars[scope.vars.length - 1].set(name, value);
    return;
  }
  for (let i = scope.vars.length - 1; i >= 0; i--) {
    if (scope.vars[i].has(name)) {
      scope.vars[i].set(name, value);
      return;
    }
  }
  throw new TemplateError(`undefined variable: ${name}`);
}

function field(value: unknown, name: string, scope: Scope, path: string): unknown {
  if (isMap(value)) {
    if (Object.hasOwn(value, name)) return value[name];
    if (scope.missingKey === "error") throw new TemplateError(`map has no entry for key "${name}" (at ${path})`);
    return scope.missingKey === "zero" ? null : MISSING;
  }
  if (value === undefined || value === null || value === MISSING) throw new TemplateError(`nil pointer evaluating interface {}.${name} (at ${path})`);
  throw new TemplateError(`can't evaluate field ${name} in type ${typeName(value)} (at ${path})`);
}

function walkFields(value: unknown, fields: string[], scope: Scope, prefix: string): unknown {
  let cur = value;
  let path = prefix;
  for (const f of fields) {
    path = `${path === "." ? "" : path}.${f}`;
    cur = field(cur, f, scope, path);
  }
  return cur;
}

function evalOperand(op: Operand, scope: Scope): unknown {
  switch (op.type) {
    case "dot":
      return scope.dot;
    case "field":
      return walkFields(scope.dot, op.fields, scope, ".");
    case "variable":
      return walkFields(lookupVar(scope, op.name), op.fields, scope, op.name);
    case "literal":
      return op.value;
    case "paren":
      return walkFields(evalPipeline(op.pipe, scope), op.fields, scope, "(...)");
    case "function":
      return callFunction(op.name, []);
  }
}

function callFunction(name: string, args: unknown[]): unknown {
  const fn = TEMPLATE_FUNCTIONS[name];
  try {
    return fn(...args.map((a) => (a === MISSING ? null : a)));
  } catch (err) {
    if (err instanceof TemplateError) throw err;
    throw new TemplateError(`error calling ${name}: ${(err as Error).message}`);
  }
}

function evalCommand(cmd: Operand[], scope: Scope, piped: unknown[]): unknown {
  const [head, ...rest] = cmd;
  if (head.type === "function") return callFunction(head.name, [...rest.map((o) => evalOperand(o, scope)), ...piped]);
  if (rest.length > 0 || piped.length > 0) throw new TemplateError(`can't give argument to non-function ${describeOperand(head)}`);
  return evalOperand(head, scope);
}

function describeOperand(op: Operand): string {
  if (op.type === "field") return `.${op.fields.join(".")}`;
  if (op.type === "variable") return [op.name, ...op.fields].join(".");
  if (op.type === "literal") return JSON.stringify(op.value);
  return op.type === "dot" ? "." : op.type;
}

function evalPipeline(pipe: Pipeline, scope: Scope): unknown {
  let value: unknown = undefined;
  pipe.commands.forEach((cmd, i) => {
    value = evalCommand(cmd, scope, i === 0 ? [] : [value]);
  });
  if (pipe.vars.length === 1) setVar(scope, pipe.vars[0], value, !pipe.assign);
  return value;
}

function rangeItems(value: unknown): Array<[unknown, unknown]> {
  if (Array.isArray(value)) return value.map((v, i) => [i, v]);
  if (isMap(value))
    return Object.keys(value)
      .sort()
      .map((k) => [k, value[k]]);
  if (value === null || value === undefined || value === MISSING) return [];
  if (typeof value === "number" && Number.isInteger(value)) return Array.from({ length: Math.max(0, value) }, (_, i) => [i, i]);
  throw new TemplateError(`range can't iterate over ${formatValue(value)}`);
}

function execNodes(nodes: TemplateNode[], scope: Scope, out: string[]): void {
  for (const node of nodes) {
    if (node.type === "text") out.push(node.text);
    else if (node.type === "action") {
      const value = evalPipeline(node.pipe, scope);
      if (node.pipe.vars.length === 0) out.push(value === MISSING ? "<no value>" : formatValue(value));
    } else execControl(node, scope, out);
  }
}

function inBlock(scope: Scope, dot: unknown, run: (s: Scope) => void): void {
  const inner: Scope = { ...scope, dot, vars: [...scope.vars, new Map()] };
  run(inner);
}

function execControl(node: Extract<TemplateNode, { type: "if" | "with" | "range" }>, scope: Scope, out: string[]): void {
  if (node.type !== "range" && node.pipe.vars.length > 1) throw new TemplateError(`too many declarations in ${node.type}`);
  const pipe = node.type === "range" ? { ...node.pipe, vars: [] } : node.pipe;
  inBlock(scope, scope.dot, (s) => {
    const value = evalPipeline(pipe, s);
    if (node.type === "range") {
      const items = rangeItems(value);
      if (items.length === 0) return execNodes(node.elseList, s, out);
      for (const [key, item] of items) {
        inBlock(s, item, (iter) => {
          const vars = node.pipe.vars;
          if (vars.length === 1) setVar(iter, vars[0], item, true);
          if (vars.length === 2) {
            setVar(iter, vars[0], key, true);
            setVar(iter, vars[1], item, true);
          }
          execNodes(node.list, iter, out);
        });
      }
      return;
    }
    const truth = isTrue(value === MISSING ? null : value);
    if (!truth) return execNodes(node.elseList, s, out);
    execNodes(node.list, node.type === "with" ? { ...s, dot: value } : s, out);
  });
}

/** Renders `text` with `data` as dot; throws TemplateError with Go-like messages for anything it cannot evaluate. */
export function renderGoTemplate(text: string, data: unknown, missingKey: MissingKey = "default"): string {
  const nodes = parseTemplate(text, isTemplateFunction);
  const out: string[] = [];
  execNodes(nodes, { dot: data, root: data, vars: [new Map()], missingKey }, out);
  return out.join("");
}
