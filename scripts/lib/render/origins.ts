// Where a rendered object was declared, found from the target's own input closure: the resource file (or generator
// entry) with the object's kind and name. This replaces kustomize's originAnnotations, which made builds of the
// template's game targets about eight times slower.
import { dirname, posix } from "node:path";
import { isMap, isSeq } from "yaml";
import type { K8sObject, SourceLocation } from "../types.ts";
import type { ParsedSource } from "../parse/source.ts";
import { isRemoteReference } from "./closure.ts";

interface Declared {
  kind: string;
  name: string;
  location: SourceLocation;
}

const KUSTOMIZATION = /(^|\/)(kustomization\.ya?ml|Kustomization)$/;

/** Objects declared by one kustomization: its resource files' documents and its generators. */
function declaredBy(kfile: string, parse: (file: string) => ParsedSource | undefined): Declared[] {
  const parsed = parse(kfile);
  const doc = parsed?.documents[0];
  const k = doc?.value as Record<string, any> | undefined;
  if (!parsed || !doc || !k || typeof k !== "object") return [];
  const dir = dirname(kfile);
  const out: Declared[] = [];
  for (const ref of [...(Array.isArray(k.resources) ? k.resources : []), ...(Array.isArray(k.crds) ? k.crds : [])]) {
    if (typeof ref !== "string" || isRemoteReference(ref) || !/\.(ya?ml|json)$/.test(ref)) continue;
    const file = posix.normalize(posix.join(dir, ref));
    for (const d of parse(file)?.documents ?? []) {
      const v = d.value as any;
      const items = v?.kind?.endsWith?.("List") && Array.isArray(v.items) ? v.items : [v];
      for (const item of items)
        if (item?.kind && item?.metadata?.name) out.push({ kind: item.kind, name: String(item.metadata.name), location: { file, line: d.line } });
    }
  }
  for (const [key, kind] of [
    ["configMapGenerator", "ConfigMap"],
    ["secretGenerator", "Secret"],
  ] as const) {
    const list = doc.doc.get(key, true);
    if (!isSeq(list)) continue;
    list.items.forEach((item) => {
      const name = isMap(item) ? item.get("name") : undefined;
      const offset = (item as { range?: [number, number, number] }).range?.[0];
      if (typeof name === "string")
        out.push({ kind, name, location: { file: kfile, line: offset === undefined ? doc.line : parsed.lineCounter.linePos(doc.base + offset).line } });
    });
  }
  return out;
}

/** How well a declared name explains a rendered one: exact, or with a namePrefix/nameSuffix/hash suffix added. */
function nameScore(declared: string, rendered: string): number {
  if (declared === rendered) return 3;
  if (rendered.startsWith(`${declared}-`) || rendered.endsWith(`-${declared}`) || rendered.includes(`-${declared}-`)) return 2;
  if (rendered.includes(declared)) return 1;
  return 0;
}

export class OriginIndex {
  private readonly perKustomization = new Map<string, Declared[]>();
  constructor(private readonly parse: (file: string) => ParsedSource | undefined) {}

  /** A lookup for one target, given its closure (repo-relative files). */
  forTarget(closure: string[]): (object: K8sObject) => SourceLocation | undefined {
    const declared: Declared[] = [];
    for (const file of closure.filter((f) => KUSTOMIZATION.test(f))) {
      if (!this.perKustomization.has(file)) this.perKustomization.set(file, declaredBy(file, this.parse));
      declared.push(...this.perKustomization.get(file)!);
    }
    const byKind = new Map<string, Declared[]>();
    for (const d of declared) byKind.set(d.kind, [...(byKind.get(d.kind) ?? []), d]);
    return (object) => {
      const name = String(object.metadata?.name ?? "");
      let best: Declared | undefined;
      let bestScore = 0;
      for (const d of byKind.get(object.kind) ?? []) {
        const score = nameScore(d.name, name) * 1000 + d.name.length;
        if (nameScore(d.name, name) > 0 && score > bestScore) [best, bestScore] = [d, score];
      }
      return best?.location;
    };
  }
}
