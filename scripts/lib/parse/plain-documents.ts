// parse (the fast reader): a multi-document file split at its `---` lines, each plain block-style document read by
// js-yaml (about 20x faster than the `yaml` package) with the `yaml` package's own core-schema scalar resolution, so
// values are the ones parseSource gives. Only documents inside a subset both parsers read alike take this path (no
// anchors, aliases, tags, tabs, explicit or null keys, multi-line quoted scalars or flow collections, over-long keys,
// block scalars with leading blank lines, empty list entries); js-yaml rejecting one (a duplicate key, say) sends it to the `yaml` package too.
import jsYaml from "js-yaml";
import { Schema as YamlSchema } from "yaml";
import { resolvePlainScalar } from "./core-schema.ts";
import { isPlainBlockText } from "./block-lines.ts";

/** One document of a file split at its `---` lines: its text and where that text starts in the file. */
export interface DocumentChunk {
  text: string;
  start: number;
  /** True for the text before the first `---` (a document only when it has content). */
  leading: boolean;
}

/** A marker line the splitter does not model (`--- content`, `---  # comment`, `...`): the caller parses the whole file. */
const OTHER_MARKER = /^(?:---[ \t#]|---\S|\.\.\.(?:\s|$))/m;

/** The file's documents, split at lines that are exactly `---`; undefined when the file has other document markers. */
export function splitDocuments(text: string): DocumentChunk[] | undefined {
  if (text.includes("\r") || OTHER_MARKER.test(text)) return undefined;
  const chunks: DocumentChunk[] = [];
  const marker = /^---$/gm;
  let start = 0;
  for (let m = marker.exec(text); m; m = marker.exec(text)) {
    chunks.push({ text: text.slice(start, m.index), start, leading: chunks.length === 0 });
    start = Math.min(m.index + 4, text.length);
  }
  chunks.push({ text: text.slice(start), start, leading: chunks.length === 0 });
  return chunks;
}

/** Offset (in the chunk) of the start of the first line with content, or -1 for a blank or comment-only chunk. */
export function contentLineStart(text: string): number {
  let lineStart = 0;
  while (lineStart < text.length) {
    let at = lineStart;
    while (text[at] === " ") at++;
    if (at < text.length && text[at] !== "\n" && text[at] !== "#") return lineStart;
    const nl = text.indexOf("\n", lineStart);
    if (nl < 0) return -1;
    lineStart = nl + 1;
  }
  return -1;
}

const implicitTests = (new YamlSchema({ schema: "core" }).tags as unknown as Array<{ default?: unknown; test?: RegExp }>)
  .filter((t) => t.default === true && t.test)
  .map((t) => t.test!);

/** js-yaml reading strings, sequences and mappings as YAML's failsafe schema, and plain scalars as the `yaml` package does. */
const CORE_AS_YAML = jsYaml.FAILSAFE_SCHEMA.extend({
  implicit: [
    new jsYaml.Type("tag:yaml.org,2002:core-as-yaml", {
      kind: "scalar",
      resolve: (data: string) => implicitTests.some((test) => test.test(data)),
      construct: (data: string) => resolvePlainScalar(data),
    }),
  ],
});

/** The `yaml` package refuses implicit keys longer than this; js-yaml does not. */
const MAX_IMPLICIT_KEY = 1024;
/** A line opening or closing a flow collection it does not close or open on the same line. */
function hasMultiLineFlow(text: string): boolean {
  const bracket = /[[\]{}]/g;
  for (let m = bracket.exec(text); m; m = bracket.exec(text)) {
    const end = text.indexOf("\n", m.index);
    const lineEnd = end < 0 ? text.length : end;
    let open = 0;
    for (let i = m.index; i < lineEnd; i++) {
      const c = text.charCodeAt(i);
      if (c === 91 || c === 123) open++;
      else if (c === 93 || c === 125) open--;
    }
    if (open !== 0) return true;
    bracket.lastIndex = lineEnd;
  }
  return false;
}
/** A block scalar header followed by a blank line: the `yaml` package's strict mode has its own rules there. */
const BLOCK_SCALAR_THEN_BLANK = /[|>][-+0-9]*[ ]*(?:#[^\n]*)?\n[ ]*(?:\n|$)/;
/** A list entry with nothing after its `-`: js-yaml reads a less indented `-` line after it as the same list's next entry. */
const EMPTY_ENTRY = /^ *-[ ]*(?:#[^\n]*)?$/m;
/** A comment glued to a closing quote or bracket (an error for the `yaml` package), or a null key inside a flow collection. */
const FLOW_QUIRK = /["'\]}]#|[[{,]\s*(?:~|null|Null|NULL)?\s*:/;
const LONG_LINE = new RegExp(`^[^\\n]{${MAX_IMPLICIT_KEY},}`, "m");

/** Whether the fast reader may read this document's text (otherwise the `yaml` package does). */
export function isFastReadable(text: string): boolean {
  return (
    isPlainBlockText(text) &&
    !BLOCK_SCALAR_THEN_BLANK.test(text) &&
    !LONG_LINE.test(text) &&
    !EMPTY_ENTRY.test(text) &&
    !FLOW_QUIRK.test(text) &&
    !hasMultiLineFlow(text)
  );
}

/** Nesting deeper than `limit` (mappings and lists count one level each), as the `yaml` package's tree would show it. */
function nestsPast(value: unknown, limit: number, depth = 0): boolean {
  if (value === null || typeof value !== "object") return false;
  if (depth >= limit) return true;
  for (const child of Array.isArray(value) ? value : Object.values(value)) if (nestsPast(child, limit, depth + 1)) return true;
  return false;
}

/** The value of one fast-readable document, or undefined when it must be read by the `yaml` package instead. */
export function readFast(text: string, maxDepth: number): { value: unknown } | undefined {
  let value: unknown;
  try {
    value = jsYaml.load(text, { schema: CORE_AS_YAML });
  } catch {
    return undefined;
  }
  return nestsPast(value, maxDepth) ? undefined : { value };
}
