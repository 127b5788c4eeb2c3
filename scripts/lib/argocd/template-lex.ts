// Tokens of Go's text/template, for the subset Argo CD ApplicationSet templates use.

export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TemplateError";
  }
}

export type Token =
  | { kind: "text"; value: string }
  | { kind: "open" }
  | { kind: "close" }
  | { kind: "field"; value: string[] }
  /** Fields right after a closing parenthesis: `(index .x 0).name`. */
  | { kind: "chain"; value: string[] }
  | { kind: "dot" }
  | { kind: "variable"; name: string; fields: string[] }
  | { kind: "ident"; value: string }
  | { kind: "string"; value: string }
  | { kind: "number"; value: number }
  | { kind: "bool"; value: boolean }
  | { kind: "nil" }
  | { kind: "pipe" }
  | { kind: "lparen" }
  | { kind: "rparen" }
  | { kind: "declare" }
  | { kind: "assign" }
  | { kind: "comma" };

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*/;
const FIELD_CHAIN = /^(\.[A-Za-z_][A-Za-z0-9_]*)+/;
const NUMBER = /^[-+]?(0x[0-9a-fA-F]+|\d+(\.\d+)?([eE][-+]?\d+)?)/;

function unquote(raw: string, at: number): string {
  try {
    return JSON.parse(raw.replace(/\\'/g, "'").replace(/\\a/g, "\\u0007").replace(/\\v/g, "\\u000b")) as string;
  } catch {
    throw new TemplateError(`malformed string ${raw} at offset ${at}`);
  }
}

function fieldsOf(chain: string): string[] {
  return chain.split(".").slice(1);
}

/** Tokens of one action, from `from` up to its closing delimiter; returns the tokens and where the action ends. */
function lexAction(src: string, from: number): { tokens: Token[]; end: number; trimAfter: boolean } {
  const tokens: Token[] = [];
  let i = from;
  for (;;) {
    while (i < src.length && /\s/.test(src[i])) i++;
    if (i >= src.length) throw new TemplateError("unclosed action: missing }}");
    const rest = src.slice(i);
    if (rest.startsWith("}}")) return { tokens, end: i + 2, trimAfter: false };
    if (src.startsWith("-}}", i) && /\s/.test(src[i - 1] ?? "")) return { tokens, end: i + 3, trimAfter: true };
    const c = src[i];
    if (rest.startsWith("/*")) {
      const close = src.indexOf("*/", i + 2);
      if (close < 0) throw new TemplateError("unclosed comment");
      i = close + 2;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== '"') j += src[j] === "\\" ? 2 : 1;
      if (j >= src.length) throw new TemplateError("unterminated quoted string");
      tokens.push({ kind: "string", value: unquote(src.slice(i, j + 1), i) });
      i = j + 1;
    } else if (c === "`") {
      const j = src.indexOf("`", i + 1);
      if (j < 0) throw new TemplateError("unterminated raw string");
      tokens.push({ kind: "string", value: src.slice(i + 1, j) });
      i = j + 1;
    } else if (c === "|") {
      tokens.push({ kind: "pipe" });
      i++;
    } else if (c === "(" || c === ")") {
      tokens.push({ kind: c === "(" ? "lparen" : "rparen" });
      i++;
    } else if (c === ",") {
      tokens.push({ kind: "comma" });
      i++;
    } else if (rest.startsWith(":=")) {
      tokens.push({ kind: "declare" });
      i += 2;
    } else if (c === "=") {
      tokens.push({ kind: "assign" });
      i++;
    } else if (c === "$") {
      const name = /^\$[A-Za-z0-9_]*/.exec(rest)![0];
      const chain = FIELD_CHAIN.exec(rest.slice(name.length));
      tokens.push({ kind: "variable", name, fields: chain ? fieldsOf(chain[0]) : [] });
      i += name.length + (chain ? chain[0].length : 0);
    } else if (c === ".") {
      const chain = FIELD_CHAIN.exec(rest);
      if (chain) {
        tokens.push({ kind: src[i - 1] === ")" ? "chain" : "field", value: fieldsOf(chain[0]) });
        i += chain[0].length;
      } else {
        tokens.push({ kind: "dot" });
        i++;
      }
    } else if (NUMBER.test(rest) && (/\d/.test(c) || /\d/.test(rest[1] ?? ""))) {
      const text = NUMBER.exec(rest)![0];
      tokens.push({ kind: "number", value: Number(text) });
      i += text.length;
    } else if (IDENT.test(rest)) {
      const word = IDENT.exec(rest)![0];
      if (word === "true" || word === "false") tokens.push({ kind: "bool", value: word === "true" });
      else if (word === "nil") tokens.push({ kind: "nil" });
      else tokens.push({ kind: "ident", value: word });
      i += word.length;
      const chain = FIELD_CHAIN.exec(src.slice(i));
      if (chain && word !== "true" && word !== "false") throw new TemplateError(`field access on "${word}" is not supported; use parentheses`);
    } else {
      throw new TemplateError(`unexpected "${c}" in action`);
    }
  }
}

/** Splits a template into text and action tokens, applying the `{{-` / `-}}` whitespace trims. */
export function lex(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let trimNext = false;
  while (i < src.length) {
    const open = src.indexOf("{{", i);
    let text = src.slice(i, open < 0 ? src.length : open);
    if (trimNext) text = text.replace(/^\s+/, "");
    const trimBefore = open >= 0 && /^\{\{-\s/.test(src.slice(open, open + 4));
    if (trimBefore) text = text.replace(/\s+$/, "");
    if (text) out.push({ kind: "text", value: text });
    if (open < 0) break;
    const start = open + (trimBefore ? 3 : 2);
    const action = lexAction(src, start);
    out.push({ kind: "open" }, ...action.tokens, { kind: "close" });
    i = action.end;
    trimNext = action.trimAfter;
  }
  return out;
}
