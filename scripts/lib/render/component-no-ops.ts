// Kustomize no-ops inside Components. A Component's patches, images, labels and namespace apply to whatever the build
// that includes it has, so one including target selecting nothing is normal (a tier patches a workload only some games
// run); an entry is a no-op when it selects nothing in every target that includes the Component. Each including target
// is built once more with the chain of kustomizations that leads to the Component copied and the Component probed
// (probe-kustomization.ts); a Component is judged only when the run renders every target that includes it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import yaml from "js-yaml";
import type { Finding, Target } from "../types.ts";
import { KUSTOMIZATION_FILES, kustomizationFile } from "../discover/discover.ts";
import { loadRenderedObjects } from "../parse/rendered.ts";
import { fromRepoPath, toRepoPath } from "../util/paths.ts";
import { runPool } from "../util/pool.ts";
import { ClosureReader, closureKey, inputClosure, readKustomization } from "./closure.ts";
import { checkedFields, hasProbes, hits, isComponent, noOpsOf, shapeOf, type NoOpOptions, type Written } from "./no-ops.ts";
import { probeKustomization, relocateKustomization } from "./probe-kustomization.ts";

export interface ComponentNoOpInput {
  /** Targets rendered without failure in this run. */
  rendered: Target[];
  /** Every target of the repository (a Component is judged only when all of its including targets are rendered). */
  all: Target[];
  /** Absolute input closure of a target. */
  closureOf: (targetPath: string) => string[];
  /** Reads the repository's folders for "does this target include the Component" (shared with the run when given). */
  reader?: ClosureReader;
}

const REF_LISTS = ["resources", "bases", "components"];
const entryKey = (file: string, pointer: string) => `${file}\0${pointer}`;

/** The Components worth probing (absolute folders) among the kustomization files of a closure. */
function probedComponents(closure: string[], root: string, memo: Map<string, boolean>): string[] {
  const out: string[] = [];
  for (const f of closure) {
    if (!/(^|\/)(kustomization\.ya?ml|Kustomization)$/.test(f)) continue;
    const dir = dirname(f);
    if (!memo.has(dir)) {
      const doc = readKustomization(dir, root);
      memo.set(dir, !!doc && isComponent(doc) && (hasProbes(doc) || checkedFields(doc).length > 0));
    }
    if (memo.get(dir)) out.push(dir);
  }
  return out;
}

interface Chain {
  /** Probe id → "file\0pointer" of the Component entry it stands for. */
  ids: Map<string, string>;
  /** "file\0pointer" of each `namespace`/`labels` field of a probed Component. */
  fields: Array<{ key: string; pointer: string }>;
}

/**
 * Writes under `out` a copy of the kustomization in `dir` whose references to folders leading to a probed Component
 * point at copies of their own, down to the probed Components. Copies carry no probes and no `images` of their own
 * (an outer `images` entry would overwrite an image probe's tag); only the Components are probed.
 */
function writeChain(
  dir: string,
  out: string,
  probed: Set<string>,
  root: string,
  chain: Chain,
  closureOfDir: (d: string) => string[],
  next: () => string,
): void {
  const doc = readKustomization(dir, root) ?? {};
  const file = toRepoPath(root, kustomizationFile(dir)!);
  let copy: Record<string, any>;
  if (probed.has(dir)) {
    const { doc: probe, probes } = probeKustomization(doc, { dir, probeDir: out, file, nextId: next });
    for (const p of probes) chain.ids.set(p.id, entryKey(p.file, p.pointer));
    for (const pointer of checkedFields(doc)) chain.fields.push({ key: entryKey(file, pointer), pointer });
    copy = probe;
  } else {
    copy = relocateKustomization(doc, { dir, probeDir: out });
    delete copy.images;
  }
  for (const list of REF_LISTS) {
    if (!Array.isArray(doc[list])) continue;
    copy[list] = doc[list].map((entry: unknown, i: number) => {
      if (typeof entry !== "string" || entry.includes("\n")) return copy[list][i];
      const sub = resolve(dir, entry);
      if (!kustomizationFile(sub) || !closureOfDir(sub).some((f) => probed.has(dirname(f)))) return copy[list][i];
      const name = `c${next()}`;
      writeChain(sub, join(out, name), probed, root, chain, closureOfDir, next);
      return name;
    });
  }
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "kustomization.yaml"), yaml.dump(copy, { lineWidth: -1 }));
}

/** The Component entries ("file\0pointer") that selected something when `target` was built with its Components probed. */
async function probeTarget(target: Target, probed: Set<string>, opts: NoOpOptions, closureOfDir: (d: string) => string[]): Promise<Set<string>> {
  const base = join(tmpdir(), "gaia-render");
  mkdirSync(base, { recursive: true });
  const tmp = mkdtempSync(join(base, "c-"));
  try {
    let n = 0;
    const chain: Chain = { ids: new Map(), fields: [] };
    writeChain(fromRepoPath(opts.root, target.path), join(tmp, "k"), probed, opts.root, chain, closureOfDir, () => String(n++));
    const res = await opts.build(join(tmp, "k"));
    // A build that fails here fails for the target too, and is reported there; it proves nothing either way.
    if (!res.ok) return new Set([...chain.ids.values(), ...chain.fields.map((f) => f.key)]);
    const objects = loadRenderedObjects(res.stdout);
    const shape = shapeOf(objects);
    const hit = new Set([...hits(objects)].flatMap((id) => (chain.ids.has(id) ? [chain.ids.get(id)!] : [])));
    for (const f of chain.fields) if (f.pointer === "/namespace" ? shape.namespaced : shape.any) hit.add(f.key);
    return hit;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The probes and fields of a Component, as the messages need them (ids are the entries' keys). */
function writtenOf(dir: string, root: string): { written: Written; file: string } {
  const doc = readKustomization(dir, root) ?? {};
  const file = toRepoPath(root, kustomizationFile(dir)!);
  const { probes } = probeKustomization(doc, { dir, probeDir: dir, file, nextId: () => "" });
  return { written: { probes: probes.map((p) => ({ ...p, id: entryKey(p.file, p.pointer) })), fields: checkedFields(doc) }, file };
}

/**
 * The probed Components of the rendered targets that no other target of the repository includes. Only the rendered
 * targets' closures are computed; the others are asked, per Component, whether their builds reach its kustomization
 * (answers shared per folder, and the first including target settles it), so a run over a few targets of a large
 * repository does not compute every target's closure.
 */
function judgedComponents(input: ComponentNoOpInput, root: string, componentsOf: Map<string, string[]>): Set<string> {
  const renderedPaths = new Set(input.rendered.map((t) => t.path));
  const others = input.all.filter((t) => !renderedPaths.has(t.path));
  const reader = input.reader ?? new ClosureReader(root);
  const judged = new Set<string>();
  for (const dir of new Set(input.rendered.flatMap((t) => componentsOf.get(t.path) ?? []))) {
    const files = new Set(KUSTOMIZATION_FILES.map((name) => join(dir, name)));
    const memo = new Map<string, boolean>();
    if (!others.some((t) => reader.touches(fromRepoPath(root, t.path), files, memo))) judged.add(dir);
  }
  return judged;
}

/** No-op findings for the entries of Components that no including target selects anything with. */
export async function componentNoOpFindings(input: ComponentNoOpInput, opts: NoOpOptions): Promise<Finding[]> {
  const memo = new Map<string, boolean>();
  const componentsOf = new Map(input.rendered.map((t) => [t.path, probedComponents(input.closureOf(t.path), opts.root, memo)]));
  const judged = judgedComponents(input, opts.root, componentsOf);
  if (judged.size === 0) return [];

  const folderClosures = new Map<string, string[]>();
  const closureOfDir = (d: string) => {
    if (!folderClosures.has(d)) folderClosures.set(d, inputClosure(d, opts.root));
    return folderClosures.get(d)!;
  };
  const seen = new Set<string>();
  const probing = input.rendered.filter((t) => (componentsOf.get(t.path) ?? []).some((d) => judged.has(d)));
  await runPool(probing, opts.jobs, async (t) => {
    const key = closureKey(opts.root, input.closureOf(t.path), opts.kustomizeVersion, opts.hasher, `component-noop-v1\0${t.path}`);
    const cached = opts.cache.get(key)?.componentHits;
    const found = cached ? new Set(cached) : await probeTarget(t, new Set(componentsOf.get(t.path)), opts, closureOfDir);
    if (!cached) opts.cache.put(key, { entries: [], componentHits: [...found].sort() });
    for (const h of found) seen.add(h);
  });

  const findings: Finding[] = [];
  for (const dir of [...judged].sort()) {
    const { written, file } = writtenOf(dir, opts.root);
    // Fields no including build gave anything to are reported as if built empty.
    const fields = written.fields.filter((f) => !seen.has(entryKey(file, f)));
    const located = noOpsOf({ probes: written.probes, fields }, file, seen, { namespaced: false, any: false }, opts.lineOf);
    for (const f of located) findings.push({ ...f, target: toRepoPath(opts.root, dir) });
  }
  return findings;
}
