// Object-level semantic diff of two renders: objects keyed by apiVersion/kind/namespace/name, fields compared as data
// (key order and formatting ignored), list items matched by name the way Kubernetes merges them, Secret values masked.
import { isDeepStrictEqual } from "node:util";
import type { K8sObject } from "../types.ts";
import { objectRef } from "../types.ts";
import type { FieldChange, ObjectDiff, PathSegment } from "./types.ts";

/** Kinds whose data values are never shown, only whether they changed. */
const SECRET_KINDS = new Set(["Secret"]);
const SECRET_FIELDS = new Set(["data", "stringData"]);
/** kustomize's generator suffix: a dash and ten characters of its hash alphabet. */
const GENERATED_SUFFIX = /^(.+)-[a-z0-9]{10}$/;
const GENERATED_KINDS = new Set(["ConfigMap", "Secret"]);

export function objectKey(o: K8sObject): string {
  return [o.apiVersion, o.kind, o.metadata?.namespace ?? "", o.metadata?.name ?? ""].join("/");
}

type Json = unknown;
const isPlainObject = (v: Json): v is Record<string, Json> => !!v && typeof v === "object" && !Array.isArray(v);

/** Lists whose items all carry a distinct string `name` (containers, env, ports, volumes, volumeMounts...) merge by name. */
function namedItems(list: Json[]): Map<string, Json> | undefined {
  if (list.length === 0) return new Map();
  const byName = new Map<string, Json>();
  for (const item of list) {
    if (!isPlainObject(item) || typeof item.name !== "string" || byName.has(item.name)) return undefined;
    byName.set(item.name, item);
  }
  return byName;
}

function diffLists(a: Json[], b: Json[], path: PathSegment[], out: FieldChange[], masked: boolean): void {
  const named = [namedItems(a), namedItems(b)];
  if (named[0] && named[1] && (a.length > 0 || b.length > 0)) {
    const [before, after] = named as [Map<string, Json>, Map<string, Json>];
    const names = [...new Set([...before.keys(), ...after.keys()])].sort();
    for (const name of names) diffValues(before.get(name), after.get(name), [...path, { name }], out, masked);
    return;
  }
  const scalarsOnly = [...a, ...b].every((v) => !isPlainObject(v) && !Array.isArray(v));
  if (scalarsOnly) {
    out.push(change(path, a, b, masked));
    return;
  }
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) diffValues(a[i], b[i], [...path, { index: i }], out, masked);
}

function change(path: PathSegment[], before: Json, after: Json, masked: boolean): FieldChange {
  const type = before === undefined ? "added" : after === undefined ? "removed" : "changed";
  if (masked) return { path, type, masked: true };
  return { path, type, ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) };
}

function diffValues(a: Json, b: Json, path: PathSegment[], out: FieldChange[], masked: boolean): void {
  if (isDeepStrictEqual(a, b)) return;
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const key of keys) diffValues(a[key], b[key], [...path, key], out, masked);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    diffLists(a, b, path, out, masked);
    return;
  }
  out.push(change(path, a, b, masked));
}

/** Field changes between two versions of one object; Secret data and stringData are reported masked. */
export function diffObject(before: K8sObject, after: K8sObject): FieldChange[] {
  const out: FieldChange[] = [];
  const secret = SECRET_KINDS.has(before.kind) || SECRET_KINDS.has(after.kind);
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  for (const key of keys) diffValues(before[key], after[key], [key], out, secret && SECRET_FIELDS.has(key));
  return out;
}

function generatedBase(o: K8sObject): string | undefined {
  if (!GENERATED_KINDS.has(o.kind)) return undefined;
  const m = GENERATED_SUFFIX.exec(o.metadata?.name ?? "");
  return m ? [o.apiVersion, o.kind, o.metadata?.namespace ?? "", m[1]].join("/") : undefined;
}

const byRef = (a: ObjectDiff, b: ObjectDiff) =>
  [a.object.kind, a.object.namespace ?? "", a.object.name].join("\0").localeCompare([b.object.kind, b.object.namespace ?? "", b.object.name].join("\0"));

/**
 * Added, removed and changed objects between two renders. A generated ConfigMap or Secret whose hash suffix changed
 * with its content is one changed object (its name among the changed fields), not a removal and an addition.
 */
export function diffObjects(before: K8sObject[], after: K8sObject[]): ObjectDiff[] {
  const old = new Map(before.map((o) => [objectKey(o), o]));
  const now = new Map(after.map((o) => [objectKey(o), o]));
  const out: ObjectDiff[] = [];
  const removed: K8sObject[] = [];
  for (const [key, o] of old) {
    const next = now.get(key);
    if (!next) removed.push(o);
    else {
      const fields = diffObject(o, next);
      if (fields.length > 0) out.push({ change: "changed", object: objectRef(next), fields });
    }
  }
  const added = [...now.entries()].filter(([key]) => !old.has(key)).map(([, o]) => o);
  const renamedTo = new Map<string, K8sObject>();
  for (const o of added) {
    const base = generatedBase(o);
    if (base && !renamedTo.has(base)) renamedTo.set(base, o);
  }
  const paired = new Set<K8sObject>();
  for (const o of removed) {
    const base = generatedBase(o);
    const next = base ? renamedTo.get(base) : undefined;
    if (next && !paired.has(next)) {
      paired.add(next);
      out.push({ change: "changed", object: objectRef(next), renamedFrom: o.metadata.name, fields: diffObject(o, next) });
    } else out.push({ change: "removed", object: objectRef(o), fields: [] });
  }
  for (const o of added) if (!paired.has(o)) out.push({ change: "added", object: objectRef(o), fields: [] });
  return out.sort(byRef);
}

/** `spec.template.spec.containers[name=chat].image`, `metadata.annotations["gaia.tech/tier"]`, `spec.rules[0].host`. */
export function formatPath(path: PathSegment[]): string {
  let text = "";
  for (const seg of path) {
    if (typeof seg === "string") text += /^[A-Za-z_$][\w$-]*$/.test(seg) ? `${text ? "." : ""}${seg}` : `[${JSON.stringify(seg)}]`;
    else if ("name" in seg) text += `[name=${seg.name}]`;
    else text += `[${seg.index}]`;
  }
  return text;
}
