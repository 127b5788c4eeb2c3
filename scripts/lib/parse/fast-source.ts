// parse (large source files): the same parse as parseSource (same values, lines and findings), document by document,
// keeping no syntax tree. Plain block-style documents are read by js-yaml (plain-documents.ts); the others by the
// `yaml` package, each from its own text. Trees are needed only to place a finding on its line: block-style documents
// answer that from their text (block-lines.ts); otherwise a document's tree is re-parsed from its own text when asked
// for, and only a few are kept. Memory stays bounded by the values.
import { Composer, LineCounter, Parser, parseAllDocuments, type Document } from "yaml";
import {
  DEFAULT_LIMITS,
  PARSE_OPTIONS,
  decodeSource,
  lineCounterOf,
  parseSource,
  readDocument,
  type ParseLimits,
  type ParsedSource,
  type SourceDocument,
} from "./source.ts";
import { blockLines, blockPointerLine, isPlainBlockText, type BlockLines } from "./block-lines.ts";
import { contentLineStart, isFastReadable, readFast, splitDocuments, type DocumentChunk } from "./plain-documents.ts";

/** Re-parsed document trees kept per file: findings are located object by object, so a short window is enough. */
const KEPT_TREES = 64;

/** Directives (%YAML, %TAG) change how later documents read, so a document's text alone would not re-parse the same. */
const HAS_DIRECTIVE = /^%/m;

/** Per file: the few documents whose trees (re-parsed) or split lines were asked for last. */
interface KeptViews {
  trees: Map<number, Document.Parsed>;
  lines: Map<number, BlockLines | undefined>;
}

/** Looks `at` up in a window of the most recently used entries, making it the newest (and computing it when absent). */
function recent<T>(kept: Map<number, T>, at: number, make: () => T): T {
  const had = kept.has(at);
  const value = had ? (kept.get(at) as T) : make();
  if (had) kept.delete(at);
  else if (kept.size >= KEPT_TREES) kept.delete(kept.keys().next().value!);
  kept.set(at, value);
  return value;
}

/**
 * Gives `read` its tree on demand (re-parsed from text[from, to)) and, for block-style text, lines without a tree;
 * `plain` is true when the text is already known to be block-style.
 */
function attachLazyTree(read: SourceDocument, text: string, from: number, to: number, firstLine: number, kept: KeptViews, plain?: boolean): void {
  const at = read.index;
  const treeOf = () => recent(kept.trees, at, () => parseAllDocuments(text.slice(from, to), PARSE_OPTIONS)[0]);
  const linesOf = () =>
    recent(kept.lines, at, () => {
      const own = text.slice(from, to);
      return plain || isPlainBlockText(own) ? blockLines(own) : undefined;
    });
  const pointerLine = (segments: string[], rendered: unknown) => {
    const lines = linesOf();
    return lines ? blockPointerLine(lines, firstLine, segments, rendered) : undefined;
  };
  Object.defineProperties(read, {
    doc: { get: treeOf, enumerable: true },
    base: { value: from, enumerable: true, writable: true },
    pointerLine: { value: pointerLine, enumerable: false },
  });
}

/** Reads the `yaml` package's documents of `text` (offsets counted from `shift` in the file) into `result`. */
function readWithTrees(result: ParsedSource, fileText: string, text: string, shift: number, firstIndex: number, limits: ParseLimits, kept: KeptViews): number {
  const lines = result.lineCounter;
  const shifted = shift === 0 ? lines : ({ linePos: (offset: number) => lines.linePos(offset + shift) } as LineCounter);
  const view: ParsedSource = { file: result.file, documents: result.documents, findings: result.findings, lineCounter: shifted, fatal: false };
  let index = firstIndex;
  for (const doc of new Composer(PARSE_OPTIONS).compose(new Parser().parse(text))) {
    const read = readDocument(view, text, doc, index++, limits);
    if (!read) continue;
    // The document's own text: from the start of its content's line to the end of its last node.
    const from = shift + text.lastIndexOf("\n", (doc.contents?.range?.[0] ?? doc.range[0]) - 1) + 1;
    attachLazyTree(read, fileText, from, shift + doc.range[2], lines.linePos(from).line, kept);
  }
  result.fatal ||= view.fatal;
  return index - firstIndex;
}

/**
 * Reads one `---`-separated document; false when the `yaml` package found a problem in it or more than one document:
 * where a broken construct ends depends on the text after it, so the caller then parses the whole file in one stream.
 */
function readChunk(result: ParsedSource, text: string, chunk: DocumentChunk, index: number, limits: ParseLimits, kept: KeptViews): boolean {
  const content = contentLineStart(chunk.text);
  const fast = content >= 0 && isFastReadable(chunk.text) ? readFast(chunk.text, limits.maxDepth) : undefined;
  if (!fast) {
    const findings = result.findings.length;
    return readWithTrees(result, text, chunk.text, chunk.start, index, limits, kept) <= 1 && result.findings.length === findings;
  }
  if (fast.value === null || fast.value === undefined) return true;
  const from = chunk.start + content;
  const line = result.lineCounter.linePos(from).line;
  const read = { index, line, value: fast.value } as SourceDocument;
  attachLazyTree(read, text, from, chunk.start + chunk.text.length, line, kept, true);
  result.documents.push(read);
  return true;
}

/** Parses a file's bytes like parseSource (same values, lines and findings), without keeping syntax trees. */
export function parseSourceFast(file: string, bytes: Uint8Array, limits: ParseLimits = DEFAULT_LIMITS): ParsedSource {
  const decoded = decodeSource(file, bytes, limits);
  if ("refused" in decoded) return decoded.refused;
  const { text } = decoded;
  if (HAS_DIRECTIVE.test(text)) return parseSource(file, bytes, limits);
  const fresh = (): ParsedSource => ({ file, documents: [], lineCounter: lineCounterOf(text), findings: [], fatal: false });
  const kept: KeptViews = { trees: new Map(), lines: new Map() };
  const chunks = splitDocuments(text);
  if (chunks) {
    const result = fresh();
    let index = 0;
    let split = true;
    for (const chunk of chunks) {
      if (chunk.leading && contentLineStart(chunk.text) < 0) continue;
      if (!readChunk(result, text, chunk, index++, limits, kept)) {
        split = false;
        break;
      }
    }
    if (split) return result;
    kept.trees.clear();
    kept.lines.clear();
  }
  const result = fresh();
  readWithTrees(result, text, text, 0, 0, limits, kept);
  return result;
}
