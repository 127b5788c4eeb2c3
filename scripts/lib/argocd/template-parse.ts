// Parse tree of a Go text/template: text, actions, if/else, range/else, with/else. Other constructs are refused.
import { lex, TemplateError, type Token } from "./template-lex.ts";

export type Operand =
  | { type: "field"; fields: string[] }
  | { type: "dot" }
  | { type: "variable"; name: string; fields: string[] }
  | { type: "function"; name: string }
  | { type: "literal"; value: unknown }
  | { type: "paren"; pipe: Pipeline; fields: string[] };

export interface Pipeline {
  /** Variables declared (`$x :=`) or assigned (`$x =`) by the pipeline. */
  vars: string[];
  assign: boolean;
  commands: Operand[][];
}

export type TemplateNode =
  | { type: "text"; text: string }
  | { type: "action"; pipe: Pipeline }
  | { type: "if" | "with" | "range"; pipe: Pipeline; list: TemplateNode[]; elseList: TemplateNode[] };

const UNSUPPORTED = new Set(["define", "template", "block", "break", "continue"]);

class Parser {
  private i = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly isFunction: (name: string) => boolean,
  ) {}

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.i + offset];
  }

  private next(): Token {
    const t = this.tokens[this.i++];
    if (!t) throw new TemplateError("unexpected end of template");
    return t;
  }

  private expect(kind: Token["kind"], what: string): Token {
    const t = this.next();
    if (t.kind !== kind) throw new TemplateError(`expected ${what}, found ${describe(t)}`);
    return t;
  }

  /** Nodes up to `{{end}}` or `{{else` (consumed), or the end of input. */
  list(): { nodes: TemplateNode[]; stop: "end" | "else" | "eof" } {
    const nodes: TemplateNode[] = [];
    while (this.peek()) {
      const t = this.next();
      if (t.kind === "text") {
        nodes.push({ type: "text", text: t.value });
        continue;
      }
      const head = this.peek();
      if (head?.kind === "close") {
        this.next();
        continue;
      }
      if (head?.kind === "ident" && ["if", "with", "range"].includes(head.value)) {
        this.next();
        nodes.push(this.control(head.value as "if" | "with" | "range"));
      } else if (head?.kind === "ident" && (head.value === "end" || head.value === "else")) {
        this.next();
        if (head.value === "end") this.expect("close", "}} after end");
        return { nodes, stop: head.value };
      } else if (head?.kind === "ident" && UNSUPPORTED.has(head.value)) {
        throw new TemplateError(`{{${head.value}}} is not supported by the offline preview`);
      } else {
        nodes.push({ type: "action", pipe: this.pipeline("close") });
      }
    }
    return { nodes, stop: "eof" };
  }

  private control(type: "if" | "with" | "range"): TemplateNode {
    const pipe = this.pipeline("close");
    const body = this.list();
    if (body.stop === "eof") throw new TemplateError(`unexpected end of template: {{${type}}} without {{end}}`);
    let elseList: TemplateNode[] = [];
    if (body.stop === "else") {
      const chained = this.peek();
      if (chained?.kind === "ident" && (chained.value === "if" || chained.value === "with") && type !== "range") {
        this.next();
        elseList = [this.control(chained.value)];
      } else {
        this.expect("close", "}} after else");
        const rest = this.list();
        if (rest.stop !== "end") throw new TemplateError(`{{${type}}} ... {{else}} without {{end}}`);
        elseList = rest.nodes;
      }
    }
    return { type, pipe, list: body.nodes, elseList };
  }

  private pipeline(until: "close" | "rparen"): Pipeline {
    const vars: string[] = [];
    let assign = false;
    const declEnd = this.declarationLength();
    if (declEnd > 0) {
      for (let k = 0; k < declEnd - 1; k++) {
        const t = this.next();
        if (t.kind === "variable") vars.push(t.name);
      }
      assign = this.next().kind === "assign";
    }
    const commands: Operand[][] = [[]];
    for (;;) {
      const t = this.next();
      if (t.kind === until) break;
      if (t.kind === "pipe") {
        if (commands[commands.length - 1].length === 0) throw new TemplateError("missing command before |");
        commands.push([]);
        continue;
      }
      if (t.kind === "close" || t.kind === "rparen") throw new TemplateError(`unexpected ${describe(t)}`);
      commands[commands.length - 1].push(this.operand(t));
    }
    if (commands[commands.length - 1].length === 0) throw new TemplateError("missing value in action");
    return { vars, assign, commands };
  }

  /** Tokens of a leading `$a, $b :=` (or `$a =`), 0 when the pipeline declares nothing. */
  private declarationLength(): number {
    let k = 0;
    for (;;) {
      const v = this.peek(k);
      if (v?.kind !== "variable" || v.fields.length) return 0;
      const sep = this.peek(k + 1);
      if (sep?.kind === "declare" || sep?.kind === "assign") return k + 2;
      if (sep?.kind !== "comma") return 0;
      k += 2;
    }
  }

  private operand(t: Token): Operand {
    switch (t.kind) {
      case "field":
        return { type: "field", fields: t.value };
      case "dot":
        return { type: "dot" };
      case "variable":
        return { type: "variable", name: t.name, fields: t.fields };
      case "string":
      case "number":
      case "bool":
        return { type: "literal", value: t.value };
      case "nil":
        return { type: "literal", value: null };
      case "ident":
        if (!this.isFunction(t.value)) throw new TemplateError(`function "${t.value}" not defined`);
        return { type: "function", name: t.value };
      case "lparen": {
        const pipe = this.pipeline("rparen");
        const chain = this.peek();
        if (chain?.kind === "chain") this.next();
        return { type: "paren", pipe, fields: chain?.kind === "chain" ? chain.value : [] };
      }
      default:
        throw new TemplateError(`unexpected ${describe(t)} in operand`);
    }
  }
}

function describe(t: Token): string {
  if (t.kind === "ident") return `"${t.value}"`;
  if (t.kind === "close") return "}}";
  if (t.kind === "rparen") return ")";
  return t.kind;
}

export function parseTemplate(src: string, isFunction: (name: string) => boolean): TemplateNode[] {
  const parser = new Parser(lex(src), isFunction);
  const { nodes, stop } = parser.list();
  if (stop !== "eof") throw new TemplateError(`unexpected {{${stop}}}`);
  return nodes;
}
