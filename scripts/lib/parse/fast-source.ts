// parse (large source files): the same parse as parseSource (same parser, options and per-document checks, so the same
// values, lines and findings), streamed document by document, keeping no syntax tree. Trees are needed only to place a
// finding on its line: block-style documents answer that from their text (block-lines.ts); otherwise a document's tree
// is re-parsed from its own text when asked for, and only a few are kept. Memory stays bounded by the values.
import { Composer, LineCounter, Parser, parseAllDocuments, type Document } from "yaml";
import { DEFAULT_LIMITS, PARSE_OPTIONS, decodeSource, parseSource, readDocument, type ParseLimits, type ParsedSource } from "./source.ts";
import { blockPointerLine, isPlainBlockText } from "./block-lines.ts";

/** Re-parsed document trees kept per file: findings are located object by object, so a short window is enough. */
const KEPT_TREES = 64;

/** Directives (%YAML, %TAG) change how later documents read, so a document's text alone would not re-parse the same. */
const HAS_DIRECTIVE = /^%/m;

/** Parses a file's bytes like parseSource (same values, lines and findings), without keeping syntax trees. */
export function parseSourceFast(file: string, bytes: Uint8Array, limits: ParseLimits = DEFAULT_LIMITS): ParsedSource {
  const decoded = decodeSource(file, bytes, limits);
  if ("refused" in decoded) return decoded.refused;
  const { text } = decoded;
  if (HAS_DIRECTIVE.test(text)) return parseSource(file, bytes, limits);
  const lineCounter = new LineCounter();
  const result: ParsedSource = { file, documents: [], lineCounter, findings: [], fatal: false };
  const trees = new Map<number, Document.Parsed>();
  const composer = new Composer(PARSE_OPTIONS);
  let index = 0;
  for (const doc of composer.compose(new Parser(lineCounter.addNewLine).parse(text))) {
    const read = readDocument(result, text, doc, index++, limits);
    if (!read) continue;
    // The document's own text: from the start of its content's line to the end of its last node.
    const from = text.lastIndexOf("\n", (doc.contents?.range?.[0] ?? doc.range[0]) - 1) + 1;
    const to = doc.range[2];
    const at = read.index;
    const treeOf = (): Document.Parsed => {
      let tree = trees.get(at);
      if (tree) trees.delete(at);
      else {
        tree = parseAllDocuments(text.slice(from, to), PARSE_OPTIONS)[0];
        if (trees.size >= KEPT_TREES) trees.delete(trees.keys().next().value!);
      }
      trees.set(at, tree);
      return tree;
    };
    const firstLine = lineCounter.linePos(from).line;
    let plain: boolean | undefined;
    const pointerLine = (segments: string[], rendered: unknown) => {
      const own = text.slice(from, to);
      plain ??= isPlainBlockText(own);
      return plain ? blockPointerLine(own, firstLine, segments, rendered) : undefined;
    };
    Object.defineProperties(read, {
      doc: { get: treeOf, enumerable: true },
      base: { value: from, enumerable: true, writable: true },
      pointerLine: { value: pointerLine, enumerable: false },
    });
  }
  return result;
}
