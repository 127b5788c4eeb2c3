// Resolves a JSON pointer in a rendered object to the line of the repo file that set it: the patches that touched the
// object (last applied first), then the file that declared it. Runs lazily, only for objects with findings.
import { dirname, posix } from "node:path";
import { isMap, isSeq, type Node, type Document } from "yaml";
import type { Attribution, K8sObject, LocatedObject, SourceLocation } from "../types.ts";
import { fromRepoPath } from "../util/paths.ts";
import { readInsideRepo } from "../util/safe-fs.ts";
import { parseSourceFast } from "./fast-source.ts";
import { DEFAULT_LIMITS, type ParseLimits, type ParsedSource, type SourceDocument } from "./source.ts";
import { kustomizationReferences } from "../render/closure.ts";
import { blameField, valueAt, type Blame, type BlameOptions } from "./blame.ts";
import { MERGE_KEYS } from "./block-lines.ts";

export function parsePointer(pointer: string): string[] {
  if (!pointer || pointer === "/") return [];
  return pointer
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

export class SourceLocator {
  private readonly parsed = new Map<string, ParsedSource | undefined>();
  private readonly byLine = new WeakMap<ParsedSource, Map<number, SourceDocument>>();
  private readonly bestByObject = new Map<string, SourceDocument | undefined>();
  constructor(
    private readonly root: string,
    private readonly limits: ParseLimits = DEFAULT_LIMITS,
  ) {}

  /** Makes in-memory text (stdin) locatable under a name. */
  register(file: string, bytes: Uint8Array): void {
    this.parsed.set(file, parseSourceFast(file, bytes, this.limits));
  }

  /** Makes an already parsed file locatable (plain manifests are parsed once, for both objects and lines). */
  registerParsed(parsed: ParsedSource): void {
    this.parsed.set(parsed.file, parsed);
  }

  parsedFile(file: string): ParsedSource | undefined {
    if (!this.parsed.has(file)) {
      const bytes = readInsideRepo(this.root, fromRepoPath(this.root, file));
      this.parsed.set(file, bytes ? parseSourceFast(file, bytes, this.limits) : undefined);
    }
    return this.parsed.get(file);
  }

  /** The line of `pointer` inside the document of `file` chosen by `pick` (default: the first document). */
  lineIn(file: string, pointer: string, pick?: (d: SourceDocument) => boolean, rendered?: unknown): { line: number; exact: boolean } | undefined {
    const parsed = this.parsedFile(file);
    if (!parsed || parsed.documents.length === 0) return undefined;
    const doc = pick ? parsed.documents.find(pick) : parsed.documents[0];
    return doc ? this.lineInDocument(parsed, doc, pointer, rendered) : undefined;
  }

  private lineInDocument(parsed: ParsedSource, doc: SourceDocument, pointer: string, rendered?: unknown): { line: number; exact: boolean } {
    const segments = parsePointer(pointer);
    const read = doc.pointerLine?.(segments, rendered);
    if (read) return read;
    const { node, exact } = deepestNode(doc.doc, segments, rendered);
    const offset = node?.range?.[0];
    const line = offset === undefined ? doc.line : parsed.lineCounter.linePos(doc.base + offset).line;
    return { line, exact };
  }

  /** The document of `file` starting at `line` (a map per file, so locating N findings stays linear). */
  private documentAt(file: string, line: number): SourceDocument | undefined {
    const parsed = this.parsedFile(file);
    if (!parsed) return undefined;
    let byLine = this.byLine.get(parsed);
    if (!byLine) {
      byLine = new Map();
      for (const d of parsed.documents) if (!byLine.has(d.line)) byLine.set(d.line, d);
      this.byLine.set(parsed, byLine);
    }
    return byLine.get(line);
  }

  /** Best source location for a field of a rendered object. */
  locate(lo: LocatedObject, pointer: string): SourceLocation {
    return this.attribute(lo, pointer).source;
  }

  /** locate(), with the other kustomization lines that set the value together with the one chosen. */
  attribute(lo: LocatedObject, pointer: string): Attribution {
    const object = lo.object;
    const origin = lo.origin?.file ?? lo.source.file;
    // Whole-object or top-level pointers (/metadata, /spec) belong to the declaring file, not to a patch that touches them.
    const segments = parsePointer(pointer);
    const renderedValue = valueAt(object, segments);
    for (const patchFile of segments.length >= 2 ? this.patchFiles(lo) : []) {
      const patchDoc = this.bestDocument(patchFile, object, (v) => isPatchFor(v, object));
      const hit = this.lineIn(patchFile, pointer, patchDoc, object);
      // A scalar the patch sets to something else was overridden later (a kustomization's replicas, images...).
      const patched = valueAt(this.parsedFile(patchFile)?.documents.find(patchDoc)?.value, segments);
      const overridden = isScalar(renderedValue) && isScalar(patched) && patched !== renderedValue;
      if (hit?.exact && !overridden) return { source: { file: patchFile, line: hit.line } };
    }
    const parsed = this.parsedFile(origin);
    const doc = this.declaringDocument(lo);
    const blamed = this.blame(lo, pointer, origin, (d) => d === doc);
    if (blamed) return blamed;
    const hit = parsed && doc ? this.lineInDocument(parsed, doc, pointer, object) : this.lineIn(origin, pointer, undefined, object);
    return { source: { file: origin, line: hit?.line ?? Math.max(lo.source.line, 1) } };
  }

  /** The kustomization line that set the value at `pointer`, when a transformer of the object's kustomizations did. */
  blameOf(lo: LocatedObject, pointer: string, options?: BlameOptions): Attribution | undefined {
    const doc = this.declaringDocument(lo);
    return this.blame(lo, pointer, lo.origin?.file ?? lo.source.file, (d) => d === doc, options);
  }

  private declaringDocument(lo: LocatedObject): SourceDocument | undefined {
    const origin = lo.origin?.file ?? lo.source.file;
    const exactDoc = lo.source.line > 0 && !lo.origin?.transformedBy;
    return exactDoc ? this.documentAt(origin, lo.source.line) : this.bestOriginDocument(origin, lo.object);
  }

  /** bestDocument for the declaring file, memoised per file, kind and name: many findings share one object. */
  private bestOriginDocument(file: string, object: K8sObject): SourceDocument | undefined {
    const key = `${file}\0${object.kind}\0${object.metadata?.name ?? ""}`;
    if (!this.bestByObject.has(key)) {
      const pick = this.bestDocument(file, object);
      this.bestByObject.set(key, this.parsedFile(file)?.documents.find(pick));
    }
    return this.bestByObject.get(key);
  }

  /** The kustomization field line that set the value at `pointer`, when a kustomization (not the declaring file) did. */
  private blame(lo: LocatedObject, pointer: string, origin: string, pick: (d: SourceDocument) => boolean, options?: BlameOptions): Attribution | undefined {
    // An object a kustomization generated (configMapGenerator) is declared there: its own fields are not transformers.
    const generated = (lo.origin?.transformedBy ?? []).includes(origin);
    const kustomizations = (lo.origin?.transformedBy ?? []).flatMap((file) => {
      const doc = file === origin ? undefined : this.parsedFile(file)?.documents[0]?.value;
      return doc && typeof doc === "object" && !Array.isArray(doc) ? [{ file, doc: doc as Record<string, any> }] : [];
    });
    if (kustomizations.length === 0) return undefined;
    const declared = generated ? undefined : this.parsedFile(origin)?.documents.find(pick)?.value;
    const found = blameField(lo.object, parsePointer(pointer), declared, kustomizations, options);
    if (!found) return undefined;
    const fieldOf = (b: Blame) => b.pointer.split("/")[1] ?? "";
    const others = found.also ?? [];
    return {
      source: this.blameLine(found),
      ...(others.length > 0 ? { related: others.map((b) => this.blameLine(b)), fields: [found, ...others].map(fieldOf) } : {}),
    };
  }

  private blameLine(found: Blame): SourceLocation {
    const at = this.lineIn(found.file, found.pointer);
    return { file: found.file, line: (at?.line ?? 1) + (found.offset !== undefined ? found.offset + 1 : 0) };
  }

  /**
   * The document of `file` meant for `object` among those `matches` accepts: the exact name, else the longest name kustomize
   * may have prefixed or suffixed (so a document for "web" never claims "web-worker" when "web-worker" has its own).
   */
  private bestDocument(file: string, object: K8sObject, matches: (value: unknown) => boolean = documentMatcher(object)): (d: SourceDocument) => boolean {
    const candidates = (this.parsedFile(file)?.documents ?? []).filter((d) => matches(d.value));
    const sourceName = (d: SourceDocument) => String((d.value as any)?.metadata?.name ?? "");
    const best =
      candidates.find((d) => sourceName(d) === object.metadata?.name) ?? [...candidates].sort((a, b) => sourceName(b).length - sourceName(a).length)[0];
    return (d) => d === best;
  }

  /** Patch files listed by the kustomizations that may have changed the object, outermost (last applied) first. */
  private patchFiles(lo: LocatedObject): string[] {
    const files: string[] = [];
    for (const kfile of lo.origin?.transformedBy ?? []) {
      const parsed = this.parsedFile(kfile);
      const k = parsed?.documents[0]?.value as Record<string, unknown> | undefined;
      if (!k) continue;
      const dir = dirname(kfile);
      const patchRefs = kustomizationReferences({ patches: k.patches, patchesStrategicMerge: k.patchesStrategicMerge, patchesJson6902: k.patchesJson6902 });
      for (const ref of patchRefs) files.push(posix.normalize(posix.join(dir, ref)));
    }
    return [...new Set(files)];
  }
}

const isScalar = (v: unknown) => v !== null && v !== undefined && typeof v !== "object";

function documentMatcher(object: K8sObject): (value: unknown) => boolean {
  const name = object.metadata?.name ?? "";
  return (value) => {
    const v = value as any;
    if (!v || v.kind !== object.kind) return false;
    const srcName = v.metadata?.name;
    return !srcName || srcName === name || name.endsWith(srcName) || name.startsWith(srcName) || name.includes(srcName);
  };
}

function isPatchFor(value: unknown, object: K8sObject): boolean {
  const v = value as any;
  if (!v || typeof v !== "object" || Array.isArray(v)) return false;
  if (v.kind && v.kind !== object.kind) return false;
  const n = v.metadata?.name;
  return !n || n === object.metadata?.name || String(object.metadata?.name ?? "").includes(n);
}

/** Walks the YAML AST along the pointer; list indices are mapped by merge key (name, port...) using the rendered object. */
function deepestNode(doc: Document.Parsed, segments: string[], rendered: unknown): { node: Node | undefined; exact: boolean } {
  let node: Node | null | undefined = doc.contents;
  let renderedCursor: any = rendered;
  let last: Node | undefined = node ?? undefined;
  for (const seg of segments) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as any)?.value === seg || String((p.key as any)?.value) === seg);
      if (!pair) return { node: last, exact: false };
      node = pair.value as Node | null;
      renderedCursor = renderedCursor?.[seg];
      last = (pair.key as Node) ?? last;
      continue;
    } else if (isSeq(node)) {
      const idx = Number(seg);
      const renderedItem = Array.isArray(renderedCursor) ? renderedCursor[idx] : undefined;
      const key = renderedItem && typeof renderedItem === "object" ? MERGE_KEYS.find((k) => renderedItem[k] !== undefined) : undefined;
      const srcIdx = key ? node.items.findIndex((it) => isMap(it) && it.get(key) === renderedItem[key]) : idx;
      if (srcIdx < 0 || srcIdx >= node.items.length) return { node: last, exact: false };
      node = node.items[srcIdx] as Node;
      last = node ?? last;
      renderedCursor = renderedItem;
    } else {
      return { node: last, exact: false };
    }
    if (node) last = node;
  }
  return { node: last, exact: true };
}
