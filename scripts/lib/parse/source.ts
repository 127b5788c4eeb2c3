// parse (source files): multi-document YAML/JSON from the repo or stdin, with positions, bounded against hostile input.
import { Document, LineCounter, isScalar, parseAllDocuments, visit } from "yaml";
import type { Finding, K8sObject } from "../types.ts";
import { errorStart, isStackOverflow, lineNestedPast, tooDeepAt } from "./yaml-problems.ts";
import { malformedObjectFinding, objectShapeProblem } from "./object-shape.ts";

export const DEFAULT_LIMITS = {
  /** Files (and stdin) above this size are not parsed: a guard against runaway input, far above any real manifest set. */
  maxBytes: 512 * 1024 * 1024,
  /** Alias dereferences allowed in one document; "billion laughs" expansion stops here. */
  maxAliasCount: 100,
  /** Nesting levels (mappings and lists) allowed in one document; CRD schemas, the deepest real manifests, stay far below. */
  maxDepth: 100,
};
export type ParseLimits = typeof DEFAULT_LIMITS;

/** Parse limits with the input size limit given in MiB (the --max-input-size option). */
export function limitsWithMaxMiB(maxMiB: number | undefined): ParseLimits {
  return maxMiB === undefined ? DEFAULT_LIMITS : { ...DEFAULT_LIMITS, maxBytes: Math.floor(maxMiB * 1024 * 1024) };
}

export interface SourceDocument {
  /** Index of the document in the file (0-based). */
  index: number;
  /** 1-based line where the document's content starts. */
  line: number;
  value: unknown;
  /** The document's syntax tree; its offsets count from `base`. */
  readonly doc: Document.Parsed;
  /** Offset in the file where the text `doc` was parsed from starts (0 when the whole file was parsed at once). */
  base: number;
  /** The line of a pointer read from the document's text without its syntax tree, when the document allows it. */
  pointerLine?(segments: string[], rendered: unknown): { line: number; exact: boolean } | undefined;
}

export interface ParsedSource {
  file: string;
  documents: SourceDocument[];
  lineCounter: LineCounter;
  findings: Finding[];
  /** True when a finding means the file's content cannot be trusted (skip what depends on it). */
  fatal: boolean;
}

function syntaxFinding(file: string, line: number, ruleId: string, message: string, fix: string): Finding {
  return { ruleId, category: "syntax", severity: "error", message, fix, target: "", path: "", source: { file, line } };
}

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

const ERROR_RULES: Record<string, [string, string]> = {
  DUPLICATE_KEY: ["yaml-duplicate-key", "Remove one of the duplicate keys; Kubernetes and kustomize would silently keep only one of them."],
  TAB_AS_INDENT: ["yaml-tab-indent", "Indent with spaces; YAML forbids tabs for indentation."],
};

/** Keys repeated in one mapping (scalar keys equal by value, as the yaml library's uniqueKeys compares them), in linear time. */
function duplicateKeys(doc: Document.Parsed): Array<{ pos: number; code: string; message: string }> {
  const out: Array<{ pos: number; code: string; message: string }> = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (seen.has(key))
          out.push({ pos: (pair.key as { range?: [number] } | null)?.range?.[0] ?? 0, code: "DUPLICATE_KEY", message: "Map keys must be unique" });
        else seen.add(key);
      }
    },
  });
  return out;
}

/** The text of a file's bytes, or a finding-carrying result when the bytes cannot be read as YAML at all. */
export function decodeSource(file: string, bytes: Uint8Array, limits: ParseLimits): { text: string } | { refused: ParsedSource } {
  const result: ParsedSource = { file, documents: [], lineCounter: new LineCounter(), findings: [], fatal: true };
  const refuse = (ruleId: string, message: string, fix: string) => {
    result.findings.push(syntaxFinding(file, 1, ruleId, message, fix));
    return { refused: result };
  };
  if (bytes.byteLength > limits.maxBytes)
    return refuse(
      "file-too-large",
      `file is ${bytes.byteLength} bytes, over the ${limits.maxBytes}-byte input limit (--max-input-size); it was not parsed`,
      "Split the input, or raise the limit with --max-input-size <MiB> when a manifest set this large is intended.",
    );
  if (bytes.includes(0))
    return refuse(
      "binary-file",
      "file contains NUL bytes: it looks binary, not YAML",
      "Remove the binary file from the manifest folders or from the kustomization's resources.",
    );
  const text = decodeUtf8(bytes);
  if (text === undefined) return refuse("invalid-utf8", "file is not valid UTF-8", "Re-save the file as UTF-8.");
  return { text };
}

/** Options of every parse: the yaml library's own uniqueKeys check is quadratic in a map's size (duplicateKeys is not). */
export const PARSE_OPTIONS = { uniqueKeys: false, prettyErrors: false, strict: true } as const;

/**
 * Reads one parsed document into `result`: its value (pushed as a SourceDocument holding `doc`), or the findings that
 * keep it out. Each document stands alone: one with an error is reported and left out, the others are still read.
 */
export function readDocument(result: ParsedSource, text: string, doc: Document.Parsed, index: number, limits: ParseLimits): SourceDocument | undefined {
  const { file, lineCounter } = result;
  const fail = (line: number, ruleId: string, message: string, fix: string) => {
    result.findings.push(syntaxFinding(file, line, ruleId, message, fix));
    result.fatal = true;
  };
  const tooDeep = (line: number) =>
    fail(
      line,
      "yaml-too-deep",
      `document nests deeper than the limit of ${limits.maxDepth} levels; it was not read`,
      "Flatten the structure; no Kubernetes object needs this depth (it is usually generated or hostile input).",
    );
  if (doc.errors.some(isStackOverflow)) {
    tooDeep(lineNestedPast(text, doc.range[0], limits.maxDepth, lineCounter));
    return undefined;
  }
  const errors = [...doc.errors.map((e) => ({ pos: errorStart(doc, e), code: e.code, message: e.message })), ...duplicateKeys(doc)].sort(
    (a, b) => a.pos - b.pos,
  );
  for (const err of errors) {
    const line = lineCounter.linePos(err.pos).line;
    const [ruleId, fix] = ERROR_RULES[err.code] ?? ["yaml-syntax", "Fix the YAML syntax where the construct named here starts."];
    fail(line, ruleId, err.message.split("\n")[0], fix);
  }
  if (errors.length) return undefined;
  const deepAt = tooDeepAt(doc, limits.maxDepth);
  if (deepAt !== undefined) {
    tooDeep(lineCounter.linePos(deepAt).line);
    return undefined;
  }
  const startOffset = doc.contents?.range?.[0] ?? doc.range[0];
  const line = lineCounter.linePos(startOffset).line;
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: limits.maxAliasCount });
  } catch (err) {
    fail(
      line,
      "yaml-alias-bomb",
      `document expands aliases past the limit of ${limits.maxAliasCount}: ${(err as Error).message}`,
      "Remove the recursive anchors/aliases; write the values out.",
    );
    return undefined;
  }
  if (value === null || value === undefined) return undefined;
  const read: SourceDocument = { index, line, value, doc, base: 0 };
  result.documents.push(read);
  return read;
}

/**
 * The start of every line of `text`. The parser's own line counting misses the line breaks inside tokens it reports as
 * errors, which would shift every later line of the file.
 */
export function lineCounterOf(text: string): LineCounter {
  const lineCounter = new LineCounter();
  lineCounter.addNewLine(0);
  for (let nl = text.indexOf("\n"); nl >= 0; nl = text.indexOf("\n", nl + 1)) lineCounter.addNewLine(nl + 1);
  return lineCounter;
}

/** Parses a file's bytes; never throws, every problem becomes a finding at its line. */
export function parseSource(file: string, bytes: Uint8Array, limits: ParseLimits = DEFAULT_LIMITS): ParsedSource {
  const decoded = decodeSource(file, bytes, limits);
  if ("refused" in decoded) return decoded.refused;
  const result: ParsedSource = { file, documents: [], lineCounter: lineCounterOf(decoded.text), findings: [], fatal: false };
  const docs = parseAllDocuments(decoded.text, PARSE_OPTIONS);
  (Array.isArray(docs) ? docs : []).forEach((doc, index) => readDocument(result, decoded.text, doc, index, limits));
  return result;
}

function fieldLine(parsed: ParsedSource, d: SourceDocument, pointer: string): number {
  const node = pointer ? (d.doc.getIn(pointer.split("/").slice(1), true) as { range?: [number, number, number] } | undefined) : undefined;
  return node?.range ? parsed.lineCounter.linePos(d.base + node.range[0]).line : d.line;
}

/** Documents that look like Kubernetes objects; others become findings. */
export function sourceObjects(parsed: ParsedSource): { objects: Array<{ object: K8sObject; line: number; index: number }>; findings: Finding[] } {
  const objects: Array<{ object: K8sObject; line: number; index: number }> = [];
  const findings: Finding[] = [];
  for (const d of parsed.documents) {
    const v = d.value as any;
    // `kind: List` is a container whose items are objects of their own (as kubectl and kubeconform read it); a typed
    // list such as ConfigMapList is an object with its own schema.
    const items = v && typeof v === "object" && !Array.isArray(v) && v.kind === "List" && Array.isArray(v.items) ? v.items : [v];
    for (const item of items) {
      const problem = objectShapeProblem(item);
      if (problem) {
        findings.push(malformedObjectFinding(problem, "", { file: parsed.file, line: items === v.items ? d.line : fieldLine(parsed, d, problem.path) }));
        continue;
      }
      if (item.metadata === undefined) item.metadata = {};
      objects.push({ object: item as K8sObject, line: d.line, index: d.index });
    }
  }
  return { objects, findings };
}
