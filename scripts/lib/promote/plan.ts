// What a promotion moves: the pinned images (`images:` newName/newTag/digest) and the promotable config values
// (configMapGenerator literals named in policies/config.yaml `promotion.config`) of one kustomization, copied into the
// next environment's. Edits go through the `yaml` Document API, so comments and formatting of the file stay as they were.
import { isMap, isScalar, isSeq, parseDocument, type Document, type YAMLMap, type YAMLSeq } from "yaml";
import { UsageError } from "../util/errors.ts";

export const PIN_FIELDS = ["newName", "newTag", "digest"] as const;
export type Pin = Partial<Record<(typeof PIN_FIELDS)[number], string>>;

export interface PromotableConfig {
  configMap: string;
  keys: string[];
}

export type Move =
  { kind: "image"; name: string; before?: Pin; after: Pin } | { kind: "config"; configMap: string; key: string; before?: string; after: string };

export interface PlanOptions {
  only?: "images" | "config";
  config: PromotableConfig[];
}

function parse(text: string, file: string): Document.Parsed {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new UsageError(`${file}: cannot be read as YAML (${doc.errors[0].message.split("\n")[0]})`);
  if (!isMap(doc.contents)) throw new UsageError(`${file}: expected a Kustomization mapping`);
  return doc;
}

function pinOf(entry: YAMLMap): Pin {
  const pin: Pin = {};
  for (const f of PIN_FIELDS) {
    const v: unknown = entry.get(f);
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") pin[f] = String(v);
  }
  return pin;
}

function entries(doc: Document.Parsed, key: string, file: string): YAMLMap[] {
  const list = doc.get(key);
  if (list === undefined || list === null) return [];
  if (!isSeq(list)) throw new UsageError(`${file}: ${key} must be a list`);
  return list.items.filter((i): i is YAMLMap => isMap(i));
}

function ensureSeq(doc: Document.Parsed, key: string): YAMLSeq {
  const list = doc.get(key);
  if (isSeq(list)) return list;
  const created = doc.createNode([]) as YAMLSeq;
  doc.set(key, created);
  return created;
}

const samePin = (a: Pin, b: Pin) => PIN_FIELDS.every((f) => a[f] === b[f]);

function promoteImages(from: Document.Parsed, to: Document.Parsed, fromFile: string, toFile: string): Move[] {
  const moves: Move[] = [];
  const targets = entries(to, "images", toFile);
  for (const source of entries(from, "images", fromFile)) {
    const name = source.get("name");
    if (typeof name !== "string") continue;
    const after = pinOf(source);
    if (Object.keys(after).length === 0) continue;
    const existing = targets.find((t) => t.get("name") === name);
    if (existing && samePin(pinOf(existing), after)) continue;
    moves.push({ kind: "image", name, ...(existing ? { before: pinOf(existing) } : {}), after });
    if (existing) {
      // Fields in the source order; the ones the source does not pin are removed (a tag left beside a new digest would lie).
      for (const f of PIN_FIELDS) if (after[f] === undefined) existing.delete(f);
      for (const f of PIN_FIELDS) if (after[f] !== undefined) setKeepingStyle(existing, f, after[f]);
    } else ensureSeq(to, "images").add(to.createNode({ name, ...after }));
  }
  return moves;
}

function setKeepingStyle(map: YAMLMap, key: string, value: string): void {
  const node = map.get(key, true);
  if (isScalar(node)) node.value = value;
  else map.set(key, value);
}

function literalsOf(entry: YAMLMap): YAMLSeq | undefined {
  const list = entry.get("literals");
  return isSeq(list) ? list : undefined;
}

function literalValue(list: YAMLSeq | undefined, key: string): { index: number; value: string } | undefined {
  const index = (list?.items ?? []).findIndex((i) => isScalar(i) && String(i.value).startsWith(`${key}=`));
  if (index < 0) return undefined;
  const text = String((list!.items[index] as { value: unknown }).value);
  return { index, value: text.slice(key.length + 1) };
}

function promoteConfig(from: Document.Parsed, to: Document.Parsed, config: PromotableConfig[], fromFile: string, toFile: string): Move[] {
  const moves: Move[] = [];
  for (const { configMap, keys } of config) {
    const source = entries(from, "configMapGenerator", fromFile).find((g) => g.get("name") === configMap);
    if (!source) continue;
    for (const key of keys) {
      const value = literalValue(literalsOf(source), key)?.value;
      if (value === undefined) continue;
      let target = entries(to, "configMapGenerator", toFile).find((g) => g.get("name") === configMap);
      const current = literalValue(target ? literalsOf(target) : undefined, key);
      if (current?.value === value) continue;
      moves.push({ kind: "config", configMap, key, ...(current ? { before: current.value } : {}), after: value });
      if (!target) {
        const behavior = source.get("behavior");
        target = to.createNode({ name: configMap, ...(typeof behavior === "string" ? { behavior } : {}), literals: [] });
        ensureSeq(to, "configMapGenerator").add(target);
      }
      let literals = literalsOf(target);
      if (!literals) {
        literals = to.createNode([]);
        target.set("literals", literals);
      }
      if (current) (literals.items[current.index] as { value: unknown }).value = `${key}=${value}`;
      else literals.add(to.createNode(`${key}=${value}`));
    }
  }
  return moves;
}

/** The moves from `fromText` to `toText` and the edited target text (unchanged when nothing moves). */
export function planPromotion(fromText: string, toText: string, files: { from: string; to: string }, opts: PlanOptions): { moves: Move[]; text: string } {
  const from = parse(fromText, files.from);
  const to = parse(toText, files.to);
  const moves = [
    ...(opts.only === "config" ? [] : promoteImages(from, to, files.from, files.to)),
    ...(opts.only === "images" ? [] : promoteConfig(from, to, opts.config, files.from, files.to)),
  ];
  return { moves, text: moves.length ? to.toString({ lineWidth: 0 }) : toText };
}

export function pinText(pin: Pin | undefined): string {
  if (!pin) return "(not pinned)";
  const name = pin.newName ? `${pin.newName}` : "";
  return `${name}${pin.newTag ? `:${pin.newTag}` : ""}${pin.digest ? `@${pin.digest}` : ""}`.replace(/^:/, "") || "(not pinned)";
}

export function moveText(m: Move): string {
  if (m.kind === "image") return `image ${m.name}: ${pinText(m.before)} → ${pinText(m.after)}`;
  return `config ${m.configMap} ${m.key}: ${m.before ?? "(unset)"} → ${m.after}`;
}
