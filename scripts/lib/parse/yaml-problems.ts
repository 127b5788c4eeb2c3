// Where a YAML problem starts, and how deep a document nests: the parser reports an unterminated quote or flow
// collection where it gave up (often the end of the file) and a too-deep document as a stack overflow; users need the
// line that opened the construct, and a depth limit named as such.
import { isCollection, isMap, isPair, isScalar, isSeq, Scalar, visit, type Document, type LineCounter, type Node, type YAMLError } from "yaml";

/** Error codes whose position is already where the problem is. */
const EXACT_CODES = new Set(["DUPLICATE_KEY", "TAB_AS_INDENT"]);

/** Offset where the construct the error is about starts: the innermost quoted scalar or flow collection enclosing it. */
export function errorStart(doc: Document.Parsed, err: YAMLError): number {
  const pos = err.pos[0];
  if (EXACT_CODES.has(err.code)) return pos;
  let start = pos;
  let best = -1;
  visit(doc, (_key, node) => {
    if (!isScalar(node) && !isCollection(node)) return;
    const range = (node as Node).range;
    if (!range || range[0] >= pos || range[2] < pos || range[0] <= best) return;
    const quoted = isScalar(node) && (node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE);
    const flow = isCollection(node) && node.flow === true;
    if (quoted || flow) {
      best = range[0];
      start = range[0];
    }
  });
  return start;
}

export const isStackOverflow = (err: { message: string }) => /Maximum call stack size exceeded|too much recursion/i.test(err.message);

/** Offset of the first node nested deeper than `limit` (mappings and lists count one level each), or undefined. */
export function tooDeepAt(doc: Document.Parsed, limit: number): number | undefined {
  const stack: Array<{ node: unknown; depth: number }> = [{ node: doc.contents, depth: 0 }];
  while (stack.length) {
    const { node, depth } = stack.pop()!;
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth >= limit) return node.range?.[0];
    for (const item of node.items) {
      const value = isPair(item) ? item.value : item;
      stack.push({ node: value, depth: depth + 1 });
    }
  }
  return undefined;
}

/**
 * For a document the parser could not even build (stack overflow): the first line whose nesting, counting flow brackets
 * and block indentation, passes `limit`. An estimate used only to point at the right place.
 */
export function lineNestedPast(text: string, from: number, limit: number, lines: LineCounter): number {
  let flow = 0;
  const indents: number[] = [];
  let quote: string | undefined;
  let lineStart = true;
  let indent = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === "\n") {
      lineStart = true;
      indent = 0;
      continue;
    }
    if (lineStart && c === " ") {
      indent++;
      continue;
    }
    if (lineStart) {
      lineStart = false;
      if (flow === 0) {
        while (indents.length && indents[indents.length - 1] >= indent) indents.pop();
        indents.push(indent);
      }
    }
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "[" || c === "{") flow++;
    else if ((c === "]" || c === "}") && flow > 0) flow--;
    if (flow + indents.length > limit) return lines.linePos(i).line;
  }
  return lines.linePos(from).line;
}
