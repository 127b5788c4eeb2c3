// parse (large source files): values with js-yaml, which is several times faster than the `yaml` package's Document
// API and keeps no syntax tree. Each document's `yaml` tree, needed only to place a finding on its line, is re-parsed
// from that document's own text when asked for, and only a few are kept. Anything the fast reader might read differently
// from the `yaml` package (aliases, directives, tags, tabs, errors of any kind) goes through parseSource instead, so
// values, lines and findings are always the ones parseSource gives.
import yaml from "js-yaml";
import { LineCounter, parseAllDocuments, type Document } from "yaml";
import { DEFAULT_LIMITS, parseSource, type ParseLimits, type ParsedSource, type SourceDocument } from "./source.ts";
import { yamlCoreSchema } from "./core-schema.ts";

/** Re-parsed document trees kept per file: findings are located object by object, so a short window is enough. */
const KEPT_TREES = 64;

/**
 * Constructs the fast reader leaves to parseSource: aliases and anchors (alias limits), directives and tags (other
 * schemas), tabs (tab-indent findings), a byte-order mark (offsets), keys the two libraries name differently (null, and
 * collections as keys: explicit `? ` keys and flow collections before a colon).
 */
const NEEDS_FULL_PARSER = /(?:^|[\s[{,:])[*&!]|^%|\t|\uFEFF|(?:^|[\s{,?-])(?:~|null|Null|NULL)?:(?:\s|$)|(?:^|\s)\?(?:\s|$)|[\]}]\s*:/m;

/**
 * True when some line opens a quoted scalar it does not close: js-yaml accepts continuation lines the `yaml` package
 * rejects for their indentation, so multi-line quoted scalars are left to parseSource.
 */
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

/** A document found by the fast reader: where its content starts, and the end of its text. */
interface Span {
  start: number;
  end: number;
  value: unknown;
}

function lineCounterOf(text: string): LineCounter {
  const counter = new LineCounter();
  counter.addNewLine(0);
  for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) counter.addNewLine(at + 1);
  return counter;
}

/** Values and content offsets of every document, or undefined when js-yaml refuses the text. */
function readSpans(text: string, maxDepth: number): Span[] | undefined {
  const starts: number[] = [];
  let values: unknown[];
  // maxDepth (js-yaml 4.3) is not in its type definitions yet.
  const options = {
    schema: yamlCoreSchema,
    maxDepth,
    listener(event: string, state: object) {
      // The first node opened while document k is read is its content; readDocument has already skipped the preamble.
      if (event === "open" && (state as { depth?: number }).depth === 1 && starts.length === documentsRead(state)) starts.push((state as yaml.State).position);
    },
  } as yaml.LoadOptions;
  try {
    values = yaml.loadAll(text, null, options);
  } catch {
    return undefined;
  }
  if (starts.length !== values.length) return undefined;
  return values.map((value, i) => ({ start: starts[i], end: i + 1 < starts.length ? lineStart(text, starts[i + 1]) : text.length, value }));
}

/** Documents js-yaml has finished reading (it hands them out only after reading the whole stream). */
const documentsRead = (state: object) => (state as { documents?: unknown[] }).documents?.length ?? 0;

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

/** Parses a file's bytes like parseSource (same values, lines and findings), faster and without keeping syntax trees. */
export function parseSourceFast(file: string, bytes: Uint8Array, limits: ParseLimits = DEFAULT_LIMITS): ParsedSource {
  if (bytes.byteLength > limits.maxBytes || bytes.includes(0)) return parseSource(file, bytes, limits);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return parseSource(file, bytes, limits);
  }
  if (NEEDS_FULL_PARSER.test(text) || hasOpenQuote(text)) return parseSource(file, bytes, limits);
  const spans = readSpans(text, limits.maxDepth);
  if (!spans) return parseSource(file, bytes, limits);
  const lineCounter = lineCounterOf(text);
  const trees = new Map<number, Document.Parsed>();
  const treeOf = (index: number, span: Span): Document.Parsed => {
    let tree = trees.get(index);
    if (tree) {
      trees.delete(index);
    } else {
      const from = lineStart(text, span.start);
      tree = parseAllDocuments(text.slice(from, span.end), { uniqueKeys: false, prettyErrors: false, strict: true })[0];
      if (trees.size >= KEPT_TREES) trees.delete(trees.keys().next().value!);
    }
    trees.set(index, tree);
    return tree;
  };
  const documents: SourceDocument[] = [];
  spans.forEach((span, index) => {
    if (span.value === null || span.value === undefined) return;
    const base = lineStart(text, span.start);
    documents.push({
      index,
      line: lineCounter.linePos(span.start).line,
      value: span.value,
      base,
      get doc() {
        return treeOf(index, span);
      },
    });
  });
  return { file, documents, lineCounter, findings: [], fatal: false };
}
