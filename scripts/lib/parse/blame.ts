// Which kustomization field set a rendered value: `namespace`, `namePrefix`/`nameSuffix`, `images`, `replicas`,
// `labels`/`commonLabels`, `commonAnnotations`, inline patches (with or without target). A finding about that value
// belongs at the field's line in the kustomization (where a pull request changed it), not at the base file the object
// came from. A field is blamed only when it sets exactly the rendered value (the last writer wins in kustomize).
import { LineCounter, parseDocument } from "yaml";
import type { K8sObject } from "../types.ts";

export interface Kustomization {
  file: string;
  doc: Record<string, any>;
}

export interface BlameOptions {
  /**
   * A name as a whole decided the verdict (another object's reference to it broke), not its syntax: every namePrefix
   * and nameSuffix that changed it is a cause, malformed or not.
   */
  wholeName?: boolean;
}

/** A field of a kustomization (JSON pointer) or a line inside one of its inline patches. */
export interface Blame {
  file: string;
  pointer: string;
  /** Lines below the pointer's line (inside an inline patch's text). */
  offset?: number;
  /** Other fields that set the same value together with this one (a name's namePrefix and nameSuffix). */
  also?: Blame[];
}

const escape = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");

/** The value at a path of keys, undefined where the path leaves the objects. */
export function valueAt(value: unknown, segments: string[]): unknown {
  let v: any = value;
  for (const s of segments) {
    if (v === null || typeof v !== "object") return undefined;
    v = v[s];
  }
  return v;
}

/**
 * Where `labels`/`commonLabels` write a label: any labels or matchLabels map (metadata, pod templates, selectors of
 * workloads, topology spread constraints, network policy peers, as kustomize's field specs list them) and a Service's
 * spec.selector.
 */
function isLabelPlace(pointer: string[]): boolean {
  const parent = pointer.at(-2);
  return parent === "labels" || parent === "matchLabels" || (pointer.length === 3 && pointer[0] === "spec" && pointer[1] === "selector");
}

function labelBlame(k: Kustomization, key: string, value: unknown): Blame | undefined {
  const labels = Array.isArray(k.doc.labels) ? k.doc.labels : [];
  for (let i = labels.length - 1; i >= 0; i--)
    if (labels[i]?.pairs && String(labels[i].pairs[key]) === String(value)) return { file: k.file, pointer: `/labels/${i}/pairs/${escape(key)}` };
  if (k.doc.commonLabels && String(k.doc.commonLabels[key]) === String(value)) return { file: k.file, pointer: `/commonLabels/${escape(key)}` };
  return undefined;
}

function imageBlame(k: Kustomization, image: string): Blame | undefined {
  const images = Array.isArray(k.doc.images) ? k.doc.images : [];
  for (let i = images.length - 1; i >= 0; i--) {
    const e = images[i];
    if (!e || typeof e.name !== "string") continue;
    const name = typeof e.newName === "string" ? e.newName : e.name;
    const sets = [e.newTag !== undefined ? `:${String(e.newTag)}` : "", e.digest !== undefined ? `@${String(e.digest)}` : ""];
    if (image.startsWith(name) && sets.every((part) => part === "" || image.includes(part))) {
      const field =
        e.digest !== undefined && image.includes(`@${String(e.digest)}`)
          ? "digest"
          : e.newTag !== undefined
            ? "newTag"
            : e.newName !== undefined
              ? "newName"
              : "name";
      return { file: k.file, pointer: `/images/${i}/${field}` };
    }
  }
  return undefined;
}

/** A name part that is itself no DNS-1123 text: the part to blame when the name is refused for its syntax. */
function malformed(part: { field: string; text: string }): boolean {
  if (/[^a-z0-9.-]/.test(part.text)) return true;
  return part.field === "namePrefix" ? /^[^a-z0-9]/.test(part.text) : /[^a-z0-9]$/.test(part.text);
}

/**
 * The namePrefix/nameSuffix fields that built a rendered name, outermost kustomization first. A part that is malformed
 * by itself is the cause; otherwise (a name too long, a reference that no longer matches) every part contributed and
 * all are named, the first as the primary. `declared`: for a reference field, its value before the transformers; the
 * parts are blamed only when they are exactly what was added to it.
 */
function nameBlame(kustomizations: Kustomization[], rendered: string, declared: unknown, wholeName = false): Blame | undefined {
  const parts: Array<{ file: string; field: "namePrefix" | "nameSuffix"; text: string }> = [];
  // A generator's content hash comes after every suffix.
  const hash = declared === undefined ? /-[bcdfghjklmnpqrstvwxz2456789]{10}$/.exec(rendered) : null;
  let rest =
    hash && !kustomizations.some((k) => typeof k.doc.nameSuffix === "string" && rendered.endsWith(k.doc.nameSuffix)) ? rendered.slice(0, hash.index) : rendered;
  for (const k of kustomizations) {
    const { namePrefix: prefix, nameSuffix: suffix } = k.doc;
    if (typeof prefix === "string" && prefix !== "" && rest.startsWith(prefix)) {
      parts.push({ file: k.file, field: "namePrefix", text: prefix });
      rest = rest.slice(prefix.length);
    }
    if (typeof suffix === "string" && suffix !== "" && rest.endsWith(suffix)) {
      parts.push({ file: k.file, field: "nameSuffix", text: suffix });
      rest = rest.slice(0, rest.length - suffix.length);
    }
  }
  if (declared !== undefined && rest !== declared) return undefined;
  const bad = wholeName ? [] : parts.filter(malformed);
  // The declared name is malformed itself: the declaring file is to blame, not what was added to it.
  if (!wholeName && bad.length === 0 && /[^a-z0-9.-]/.test(rest)) return undefined;
  const [first, ...others] = (bad.length > 0 ? bad : parts).map((p) => ({ file: p.file, pointer: `/${p.field}` }));
  return first && (others.length > 0 ? { ...first, also: others } : first);
}

/** The line inside an inline patch that sets `segments` (strategic merge: the key; JSON 6902: the operation). */
function inlinePatchBlame(k: Kustomization, segments: string[], object: K8sObject): Blame | undefined {
  const lists: Array<[string, unknown]> = [
    ["patches", k.doc.patches],
    ["patchesStrategicMerge", k.doc.patchesStrategicMerge],
  ];
  const pointer = `/${segments.map(escape).join("/")}`;
  for (const [field, list] of lists) {
    if (!Array.isArray(list)) continue;
    for (let i = list.length - 1; i >= 0; i--) {
      const entry = list[i];
      const text = typeof entry === "string" ? (entry.includes("\n") ? entry : undefined) : typeof entry?.patch === "string" ? entry.patch : undefined;
      if (!text) continue;
      const at = typeof entry === "string" ? `/${field}/${i}` : `/${field}/${i}/patch`;
      const offset = lineInPatch(text, segments, pointer, object, !!entry?.target);
      if (offset !== undefined) return { file: k.file, pointer: at, offset };
    }
  }
  return undefined;
}

/** 0-based line of the patch text that sets the pointer, or undefined. */
function lineInPatch(text: string, segments: string[], pointer: string, object: K8sObject, targeted: boolean): number | undefined {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  const value = doc.toJS() as unknown;
  if (Array.isArray(value)) {
    const idx = value.findIndex((op: any) => typeof op?.path === "string" && (pointer === op.path || pointer.startsWith(`${op.path}/`)) && op.op !== "remove");
    if (idx < 0) return undefined;
    const node = (doc.contents as any)?.items?.[idx];
    return node?.range ? counter.linePos(node.range[0]).line - 1 : undefined;
  }
  if (!value || typeof value !== "object") return undefined;
  const v = value as any;
  if (!targeted && ((v.kind && v.kind !== object.kind) || (v.metadata?.name && !String(object.metadata?.name ?? "").includes(v.metadata.name))))
    return undefined;
  if (valueAt(v, segments) === undefined) return undefined;
  const node = doc.getIn(segments, true) as any;
  return node?.range ? counter.linePos(node.range[0]).line - 1 : undefined;
}

/**
 * The kustomization field that set `pointer` of `object`, looking at the kustomizations outermost first; `declared` is
 * the document that declared the object (its name is what a `replicas` entry names).
 */
export function blameField(
  object: K8sObject,
  pointer: string[],
  declared: unknown,
  kustomizations: Kustomization[],
  options: BlameOptions = {},
): Blame | undefined {
  if (pointer.length < 2) return undefined;
  const rendered = valueAt(object, pointer);
  if (rendered === undefined) return undefined;
  const path = pointer.join("/");
  const declaredName = path === "metadata/name" ? null : valueAt(declared, pointer);
  if (typeof rendered === "string" && pointer.at(-1) === "name" && (declaredName === null || typeof declaredName === "string")) {
    const named = nameBlame(kustomizations, rendered, declaredName ?? undefined, options.wholeName);
    if (named) return named;
  }
  for (const k of kustomizations) {
    const d = k.doc;
    if (path === "metadata/namespace" && d.namespace === rendered) return { file: k.file, pointer: "/namespace" };
    if (pointer.at(-1) === "image" && typeof rendered === "string") {
      const hit = imageBlame(k, rendered);
      if (hit) return hit;
    }
    if (path === "spec/replicas" && Array.isArray(d.replicas)) {
      const names = [String((declared as any)?.metadata?.name ?? ""), String(object.metadata?.name ?? "")];
      const i = d.replicas.map((r: any) => names.includes(r?.name) && Number(r.count) === rendered).lastIndexOf(true);
      if (i >= 0) return { file: k.file, pointer: `/replicas/${i}/count` };
    }
    if (isLabelPlace(pointer)) {
      const hit = labelBlame(k, pointer.at(-1)!, rendered);
      if (hit) return hit;
    }
    if (path.startsWith("metadata/annotations/") && pointer.length === 3 && typeof rendered === "string" && d.commonAnnotations?.[pointer[2]] === rendered)
      return { file: k.file, pointer: `/commonAnnotations/${escape(pointer[2])}` };
    const patched = inlinePatchBlame(k, pointer, object);
    if (patched) return patched;
  }
  return undefined;
}
