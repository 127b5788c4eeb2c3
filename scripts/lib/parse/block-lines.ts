// The line of a JSON pointer in one block-style YAML document, read from its text without building a syntax tree: what
// SourceLocator's tree walk answers (the start of the deepest node on the path, list items matched by merge key), for
// the documents the fast reader accepted (no aliases, tags, tabs, explicit keys or multi-line quoted scalars). Anything
// it does not model (flow collections on the path, escaped keys, block scalars compared by value) returns undefined,
// and the caller walks the `yaml` tree instead.
import { resolvePlainScalar } from "./core-schema.ts";

export const MERGE_KEYS = ["name", "mountPath", "containerPort", "port", "devicePath", "ip", "topologyKey"];

interface Line {
  indent: number;
  text: string;
}

/** A node: where its content starts (line index and column), or an empty node standing at line `at`. */
interface At {
  line: number;
  col: number;
  empty?: boolean;
}

class Unsupported extends Error {}

/**
 * Constructs left to the tree: anchors, aliases and tags, directives, tabs, a byte-order mark, keys that are not plain
 * scalars (null, explicit `? ` keys, flow collections before a colon).
 */
const TREE_ONLY = /(?:^|[\s[{,:])[*&!]|^%|\t|\uFEFF|(?:^|[\s{,?-])(?:~|null|Null|NULL)?:(?:\s|$)|(?:^|\s)\?(?:\s|$)|[\]}]\s*:/m;

/** True when some line opens a quoted scalar it does not close (a quoted scalar over several lines). */
function hasOpenQuote(text: string): boolean {
  let doubles = 0;
  let singles = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      if (doubles % 2 === 1 || singles % 2 === 1) return true;
      doubles = singles = 0;
    } else if (c === 34 && text.charCodeAt(i - 1) !== 92) doubles++;
    else if (c === 39) singles++;
  }
  return doubles % 2 === 1 || singles % 2 === 1;
}

/** Whether blockPointerLine may read this document's text (otherwise the caller walks the tree). */
export function isPlainBlockText(text: string): boolean {
  return !TREE_ONLY.test(text) && !hasOpenQuote(text);
}

const isSeqEntry = (text: string, col: number) => text[col] === "-" && (text.length === col + 1 || text[col + 1] === " ");
const skipSpaces = (text: string, from: number) => {
  let at = from;
  while (text[at] === " ") at++;
  return at;
};
const isEnd = (text: string, at: number) => at >= text.length || text[at] === "#";

/** A document's text split for blockPointerLine: split once, the lines answer every pointer of the document. */
export type BlockLines = readonly Line[];

/** The document's lines; `---` or `...` at column 0 ends it. Blank and comment-only lines are kept but marked (indent -1). */
export function blockLines(text: string): BlockLines {
  const out: Line[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (/^(?:---|\.\.\.)(?:\s|$)/.test(line)) break;
    const indent = skipSpaces(line, 0);
    out.push({ indent: isEnd(line, indent) ? -1 : indent, text: line });
  }
  return out;
}

/** Next line at or after `from` with content. */
function nextContent(lines: BlockLines, from: number): number {
  let i = from;
  while (i < lines.length && lines[i].indent < 0) i++;
  return i;
}

/** Plain keys as the tree compares them (String of the resolved scalar), memoised: the same few keys recur in every document. */
const plainKeys = new Map<string, string>();
function plainKey(raw: string): string {
  let key = plainKeys.get(raw);
  if (key === undefined) {
    key = String(resolvePlainScalar(raw));
    if (plainKeys.size >= 10_000) plainKeys.clear();
    plainKeys.set(raw, key);
  }
  return key;
}

/** A mapping key starting at `col` of `text`: its name as the tree compares it, and where an inline value starts. */
function keyAt(text: string, col: number): { key: string; valueCol?: number } | undefined {
  let end: number;
  let key: string;
  const quote = text[col];
  if (quote === '"' || quote === "'") {
    let at = col + 1;
    let value = "";
    for (;;) {
      if (at >= text.length) return undefined;
      if (quote === '"' && text[at] === "\\") throw new Unsupported();
      if (text[at] === quote) {
        if (quote === "'" && text[at + 1] === "'") {
          value += "'";
          at += 2;
          continue;
        }
        break;
      }
      value += text[at++];
    }
    end = skipSpaces(text, at + 1);
    if (text[end] !== ":" || (end + 1 < text.length && text[end + 1] !== " ")) return undefined;
    key = value;
  } else {
    if (quote === "[" || quote === "{" || quote === "|" || quote === ">") return undefined;
    end = col;
    for (;;) {
      end = text.indexOf(":", end);
      if (end < 0) return undefined;
      if (end + 1 >= text.length || text[end + 1] === " ") break;
      end++;
    }
    const raw = text.slice(col, end).trimEnd();
    if (/\s#/.test(raw)) return undefined;
    key = plainKey(raw);
  }
  const valueAt = skipSpaces(text, end + 1);
  return isEnd(text, valueAt) ? { key } : { key, valueCol: valueAt };
}

/**
 * The entries of the mapping whose first key is at `at`: each key's line and where its value starts; with `until`,
 * the entries up to the first with that key (the entry a lookup wants), so a lookup reads no further.
 */
function mapEntries(lines: BlockLines, at: At, until?: string): Array<{ key: string; line: number; value: At }> {
  const entries: Array<{ key: string; line: number; value: At }> = [];
  let i = at.line;
  let col = at.col;
  while (i < lines.length) {
    const found = keyAt(lines[i].text, col);
    if (!found) throw new Unsupported();
    const keyLine = i;
    let value: At;
    i = nextContent(lines, i + 1);
    if (found.valueCol !== undefined) value = { line: keyLine, col: found.valueCol };
    else if (i < lines.length && lines[i].indent > col) value = { line: i, col: lines[i].indent };
    else if (i < lines.length && lines[i].indent === col && isSeqEntry(lines[i].text, col)) value = { line: i, col };
    else value = { line: keyLine, col: lines[keyLine].text.length, empty: true };
    // The value's own lines: deeper ones, and entries of a list written at the key's own indentation.
    const sameColumnList = value.line !== keyLine && value.col === col;
    while (i < lines.length && (lines[i].indent > col || (sameColumnList && lines[i].indent === col && isSeqEntry(lines[i].text, col)))) {
      i = nextContent(lines, i + 1);
    }
    entries.push({ key: found.key, line: keyLine, value });
    if (found.key === until || i >= lines.length || lines[i].indent !== col) break;
    col = lines[i].indent;
  }
  return entries;
}

/** The items of the list whose first `-` is at `at`: where each item's content starts. */
function seqItems(lines: BlockLines, at: At): At[] {
  const items: At[] = [];
  let i = at.line;
  let first = true;
  while (i < lines.length && (first ? true : lines[i].indent === at.col) && isSeqEntry(lines[i].text, at.col)) {
    const dashLine = i;
    const contentCol = skipSpaces(lines[i].text, at.col + 1);
    i = nextContent(lines, i + 1);
    let item: At;
    if (!isEnd(lines[dashLine].text, contentCol)) item = { line: dashLine, col: contentCol };
    else if (i < lines.length && lines[i].indent > at.col) item = { line: i, col: lines[i].indent };
    else item = { line: dashLine, col: lines[dashLine].text.length, empty: true };
    while (i < lines.length && lines[i].indent > at.col) i = nextContent(lines, i + 1);
    items.push(item);
    first = false;
  }
  return items;
}

type Kind = "map" | "seq" | "scalar";

function kindOf(lines: BlockLines, at: At): Kind {
  if (at.empty) return "scalar";
  const text = lines[at.line].text;
  const c = text[at.col];
  if (c === "[" || c === "{") throw new Unsupported();
  if (isSeqEntry(text, at.col)) return "seq";
  if (c === "|" || c === ">") return "scalar";
  return keyAt(text, at.col) ? "map" : "scalar";
}

/** The scalar value a single-line node holds (what the tree's `map.get(key)` gives), or a marker for anything else. */
function scalarValue(lines: BlockLines, at: At, keyCol: number): unknown {
  if (at.empty) return null;
  const kind = kindOf(lines, at);
  if (kind !== "scalar") return NOT_SCALAR;
  const text = lines[at.line].text.slice(at.col);
  const next = nextContent(lines, at.line + 1);
  // A value continued on deeper lines (folded plain scalar) or a block scalar: not modelled.
  if (text[0] === "|" || text[0] === ">" || (next < lines.length && lines[next].indent > keyCol)) throw new Unsupported();
  if (text[0] === '"') {
    const close = text.indexOf('"', 1);
    if (close < 0 || text.slice(1, close).includes("\\")) throw new Unsupported();
    return text.slice(1, close);
  }
  if (text[0] === "'") {
    const m = /^'((?:[^']|'')*)'/.exec(text);
    if (!m) throw new Unsupported();
    return m[1].replace(/''/g, "'");
  }
  return resolvePlainScalar(text.replace(/\s+#.*$/, "").trimEnd());
}

const NOT_SCALAR = Symbol("not a scalar");

/** Line (1-based, counted from `firstLine`) of the node `segments` leads to, as SourceLocator's tree walk finds it. */
export function blockPointerLine(
  text: string | BlockLines,
  firstLine: number,
  segments: string[],
  rendered: unknown,
): { line: number; exact: boolean } | undefined {
  try {
    const lines = typeof text === "string" ? blockLines(text) : text;
    const start = nextContent(lines, 0);
    if (start >= lines.length) return undefined;
    let node: At = { line: start, col: lines[start].indent };
    let last = node.line;
    let cursor: any = rendered;
    for (const seg of segments) {
      const kind = kindOf(lines, node);
      if (kind === "map") {
        const entry = mapEntries(lines, node, seg).find((e) => e.key === seg);
        if (!entry) return { line: firstLine + last, exact: false };
        node = entry.value;
        last = entry.line;
        cursor = cursor?.[seg];
      } else if (kind === "seq") {
        if (!/^\d+$/.test(seg)) throw new Unsupported();
        const items = seqItems(lines, node);
        const idx = Number(seg);
        const item = Array.isArray(cursor) ? cursor[idx] : undefined;
        const key = item && typeof item === "object" ? MERGE_KEYS.find((k) => item[k] !== undefined) : undefined;
        if (key !== undefined && item[key] !== null && typeof item[key] === "object") throw new Unsupported();
        const srcIdx = key === undefined ? idx : items.findIndex((it) => kindOf(lines, it) === "map" && itemValue(lines, it, key) === item[key]);
        if (srcIdx < 0 || srcIdx >= items.length) return { line: firstLine + last, exact: false };
        node = items[srcIdx];
        last = node.line;
        cursor = item;
      } else {
        return { line: firstLine + last, exact: false };
      }
    }
    return { line: firstLine + last, exact: true };
  } catch (err) {
    if (err instanceof Unsupported) return undefined;
    throw err;
  }
}

/** What the tree's `map.get(key)` gives for a list item: a null value reads as undefined there too. */
function itemValue(lines: BlockLines, item: At, key: string): unknown {
  const entry = mapEntries(lines, item, key).find((e) => e.key === key);
  return (entry ? scalarValue(lines, entry.value, item.col) : undefined) ?? undefined;
}
