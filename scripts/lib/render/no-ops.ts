// Kustomize no-ops: a targeted patch or an `images` entry that selects nothing, a `namespace` or `labels` that applies
// to nothing. kustomize accepts them silently (a patch without target, or a `replicas` entry, that matches nothing
// already fails the build). Each kustomization with such entries is built once more as a probe copy
// (probe-kustomization.ts): kustomize's own selection decides, and the finding lands at the entry's line. Probe copies
// of batchable game targets share one kustomize process, split back by namespace as the render does (attribute.ts).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import yaml from "js-yaml";
import type { Finding, K8sObject, SourceLocation, Target } from "../types.ts";
import type { BuildFn } from "../kustomize/build.ts";
import { loadRenderedObjects, takeOrigin } from "../parse/rendered.ts";
import { isClusterScoped } from "../policy/k8s/scope.ts";
import { kustomizationFile } from "../discover/discover.ts";
import { fromRepoPath, toRepoPath } from "../util/paths.ts";
import { runPool } from "../util/pool.ts";
import { attributeBatch } from "./attribute.ts";
import { ClusterKindScanner, takeMember, writeBatchKustomization } from "./batch-members.ts";
import type { RenderCache } from "./cache.ts";
import { DEFAULT_BATCH_SIZE, planUnits } from "./units.ts";
import { closureKey, inputClosure, readKustomization, type FileHasher } from "./closure.ts";
import { PROBE_FIELD, PROBE_TAG_PREFIX, probeKustomization, type Probe } from "./probe-kustomization.ts";

export interface NoOpOptions {
  root: string;
  /** Builds a folder without kustomize's load restrictor (the probe copy refers to the repository's files). */
  build: BuildFn;
  jobs: number;
  cache: RenderCache;
  kustomizeVersion: string;
  hasher: FileHasher;
  lineOf: (file: string, pointer: string) => SourceLocation;
  /** The targets built: probe copies of batchable game targets share kustomize processes (unless `batch` is false). */
  targets?: Target[];
  batch?: boolean;
  batchSize?: number;
}

export const isComponent = (doc: Record<string, any>) => doc.kind === "Component";
export const hasProbes = (doc: Record<string, any>) =>
  Array.isArray(doc.images) || [doc.patches, doc.patchesJson6902].some((list) => Array.isArray(list) && list.some((p: any) => p?.target));

export interface Written {
  probes: Probe[];
  /** Kustomization fields checked on the build's output: `namespace`, `labels`/`commonLabels` entries. */
  fields: string[];
}

/** The `namespace` and `labels`/`commonLabels` fields of a kustomization, as JSON pointers. */
export function checkedFields(doc: Record<string, any>): string[] {
  return [
    ...(typeof doc.namespace === "string" && doc.namespace !== "" ? ["/namespace"] : []),
    ...(Array.isArray(doc.labels) ? doc.labels.map((_: unknown, i: number) => `/labels/${i}`) : []),
    ...(doc.commonLabels && typeof doc.commonLabels === "object" ? ["/commonLabels"] : []),
  ];
}

/**
 * Writes the probe copy of `dir` under `tmp`; undefined when there is nothing to probe. Components are probed through
 * the targets that include them (component-no-ops.ts): alone they select nothing.
 */
export function writeProbe(root: string, dir: string, out: string, nextId: () => string): Written | undefined {
  const doc = readKustomization(dir, root);
  const kfile = kustomizationFile(dir);
  if (!doc || !kfile || isComponent(doc)) return undefined;
  const fields = checkedFields(doc);
  if (!hasProbes(doc) && fields.length === 0) return undefined;
  const { doc: probe, probes } = probeKustomization(doc, { dir, probeDir: out, file: toRepoPath(root, kfile), nextId });
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "kustomization.yaml"), yaml.dump(probe, { lineWidth: -1 }));
  return { probes, fields };
}

export function hits(objects: K8sObject[]): Set<string> {
  const seen = new Set<string>();
  for (const o of objects) {
    const marks = o[PROBE_FIELD];
    if (marks && typeof marks === "object") for (const id of Object.keys(marks)) seen.add(id);
    for (const m of JSON.stringify(o).matchAll(new RegExp(`:${PROBE_TAG_PREFIX}(\\d+)(?=["@])`, "g"))) seen.add(m[1]);
  }
  return seen;
}

export type Located = Omit<Finding, "target">;
type LineOf = NoOpOptions["lineOf"];

function noOp(file: string, pointer: string, message: string, fix: string, severity: Finding["severity"], lineOf: LineOf): Located {
  return { ruleId: "kustomize-no-op", category: "render", severity, message, fix, path: pointer, source: lineOf(file, pointer) };
}

/** What a build made, for the `namespace` and `labels` checks. */
export interface BuiltShape {
  namespaced: boolean;
  any: boolean;
}

export const shapeOf = (objects: K8sObject[]): BuiltShape => ({ namespaced: objects.some((o) => !isClusterScoped(String(o.kind))), any: objects.length > 0 });

/** The no-op findings of one probed kustomization, given what its probe build rendered (and the marks seen on it). */
export function evaluate(written: Written, kfile: string, objects: K8sObject[], lineOf: LineOf, seen: Set<string> = hits(objects)): Located[] {
  return noOpsOf(written, kfile, seen, shapeOf(objects), lineOf);
}

/** The entries of `written` that selected nothing: probes not in `seen`, fields the built shape gives nothing to. */
export function noOpsOf(written: Written, kfile: string, seen: Set<string>, shape: BuiltShape, lineOf: LineOf): Located[] {
  const out: Located[] = [];
  for (const p of written.probes.filter((probe) => !seen.has(probe.id)))
    out.push(
      p.kind === "patch"
        ? noOp(
            p.file,
            p.pointer,
            `this patch selects no object (target: ${p.wants}): kustomize applies it to nothing`,
            "Correct the target (kind, name, namespace, labelSelector) to an object this kustomization builds, or remove the patch.",
            "error",
            lineOf,
          )
        : noOp(
            p.file,
            p.pointer,
            `this images entry matches no container (${p.wants}): kustomize changes no image`,
            "Use the image name exactly as the containers write it (without tag or digest), or remove the entry.",
            "error",
            lineOf,
          ),
    );
  for (const field of written.fields) {
    if (field === "/namespace" && !shape.namespaced)
      out.push(
        noOp(
          kfile,
          field,
          "namespace applies to no object: this kustomization builds no namespaced object",
          "Remove namespace, or add the namespaced resources it is meant for.",
          "warning",
          lineOf,
        ),
      );
    else if (field !== "/namespace" && !shape.any)
      out.push(
        noOp(
          kfile,
          field,
          "these labels apply to no object: this kustomization builds nothing",
          "Remove the labels, or add the resources they are meant for.",
          "warning",
          lineOf,
        ),
      );
  }
  return out;
}

/** A target's own kustomization without probe entries: its `namespace` and `labels` are checked on what it rendered. */
function checkRendered(dir: string, objects: K8sObject[], opts: NoOpOptions): Located[] | undefined {
  const doc = readKustomization(dir, opts.root);
  const kfile = kustomizationFile(dir);
  if (!doc || !kfile || isComponent(doc) || hasProbes(doc)) return undefined;
  return evaluate({ probes: [], fields: checkedFields(doc) }, toRepoPath(opts.root, kfile), objects, opts.lineOf);
}

interface Pending {
  dir: string;
  key: string;
}

export function probeTemp(): string {
  const base = join(tmpdir(), "gaia-render");
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, "p-"));
}

const ownFile = (dir: string, opts: NoOpOptions) => toRepoPath(opts.root, kustomizationFile(dir)!);

async function probeFolder({ dir, key }: Pending, opts: NoOpOptions): Promise<Located[]> {
  const tmp = probeTemp();
  try {
    let n = 0;
    const written = writeProbe(opts.root, dir, join(tmp, "k"), () => String(n++));
    if (!written) return [];
    const res = await opts.build(join(tmp, "k"));
    // A build that fails here fails for the target too, and is reported there.
    if (!res.ok) return [];
    const found = evaluate(written, ownFile(dir, opts), loadRenderedObjects(res.stdout), opts.lineOf);
    opts.cache.put(key, { entries: [], noOps: found });
    return found;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Probe copies of several game targets as the resources of one build, each object given back to its target by
 * namespace (attributeBatch). Undefined when the build fails or an object cannot be attributed: the caller then probes
 * the folders one by one. Probe ids run across the batch, so no mark can be taken for another folder's.
 */
async function probeBatch(unit: Required<Member>[], opts: NoOpOptions, kinds: ClusterKindScanner): Promise<Map<string, Located[]> | undefined> {
  const tmp = probeTemp();
  try {
    let n = 0;
    const nextId = () => String(n++);
    const found = new Map<string, Located[]>();
    const probed: { pending: Pending; target: Target; written: Written; folder: string }[] = [];
    unit.forEach((u, i) => {
      const folder = `k${i}`;
      const written = writeProbe(opts.root, u.pending.dir, join(tmp, folder), nextId);
      if (written) probed.push({ ...u, written, folder });
      else found.set(u.pending.dir, []);
    });
    if (probed.length > 0) {
      const members = probed.map((p) => ({ resource: p.folder, clusterKinds: kinds.kindsIn(inputClosure(p.pending.dir, opts.root)) }));
      const suffixed = members.some((m) => m.clusterKinds.length > 0);
      writeBatchKustomization(tmp, members);
      const res = await opts.build(tmp);
      if (!res.ok) return undefined;
      const items = loadRenderedObjects(res.stdout).map((rendered) => {
        const { object, member } = takeMember(rendered, suffixed);
        return { object, origin: takeOrigin(object, tmp, opts.root), ...(member !== undefined ? { member: probed[member]?.target.path } : {}) };
      });
      const split = attributeBatch(
        probed.map((p) => p.target),
        items,
      );
      if (!split) return undefined;
      for (const p of probed) {
        const objects = (split.get(p.target.path) ?? []).map((a) => a.object);
        found.set(p.pending.dir, evaluate(p.written, ownFile(p.pending.dir, opts), objects, opts.lineOf));
      }
    }
    for (const u of unit) opts.cache.put(u.pending.key, { entries: [], noOps: found.get(u.pending.dir)! });
    return found;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

interface Member {
  pending: Pending;
  /** The batchable game target built from the folder; set for every member of a unit of several. */
  target?: Target;
}

/** Probe units: folders of batchable game targets grouped as the render groups them (planUnits), every other alone. */
function probeUnits(misses: Pending[], opts: NoOpOptions): Member[][] {
  const byPath = new Map((opts.targets ?? []).map((t) => [fromRepoPath(opts.root, t.path), t]));
  const pendingOf = new Map<string, Pending>();
  const targets: Target[] = [];
  const others: Member[][] = [];
  for (const m of misses) {
    const t = byPath.get(m.dir);
    if (t) {
      pendingOf.set(t.path, m);
      targets.push(t);
    } else others.push([{ pending: m }]);
  }
  const grouped = planUnits(opts.root, targets, opts.jobs, opts.batch !== false, opts.batchSize ?? DEFAULT_BATCH_SIZE);
  return [...grouped.map((u) => u.targets.map((target) => ({ pending: pendingOf.get(target.path)!, target }))), ...others];
}

/** The kustomization folders the targets build (their own and every one they include), each once. */
export function kustomizationFolders(closures: string[][]): string[] {
  const dirs = new Set<string>();
  for (const files of closures) for (const f of files) if (/^(kustomization\.ya?ml|Kustomization)$/.test(basename(f))) dirs.add(dirname(f));
  return [...dirs].sort();
}

/**
 * No-op findings for the given kustomization folders (absolute paths), probed in parallel. `rendered` holds what target
 * folders rendered: one without probe entries is checked on that, without another build. `probedByRender` holds the
 * verdicts of folders the render stage already built through their probe copies (probed-render.ts).
 */
export async function noOpFindings(
  dirs: string[],
  opts: NoOpOptions,
  rendered: Map<string, K8sObject[]> = new Map(),
  probedByRender: Map<string, Located[]> = new Map(),
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const emit = (dir: string, found: Located[]) => {
    const target = toRepoPath(opts.root, dir);
    for (const f of found) findings.push({ ...f, target });
  };
  const misses: Pending[] = [];
  for (const dir of dirs) {
    const objects = rendered.get(dir);
    const checked = objects && checkRendered(dir, objects, opts);
    if (checked) {
      emit(dir, checked);
      continue;
    }
    const key = closureKey(opts.root, inputClosure(dir, opts.root), opts.kustomizeVersion, opts.hasher, `noop-v1\0${toRepoPath(opts.root, dir)}`);
    const probed = probedByRender.get(dir);
    if (probed) {
      opts.cache.put(key, { entries: [], noOps: probed });
      emit(dir, probed);
      continue;
    }
    const cached = opts.cache.get(key);
    if (cached?.noOps) emit(dir, cached.noOps as Located[]);
    else misses.push({ dir, key });
  }
  const retry: Pending[] = [];
  const kinds = new ClusterKindScanner();
  await runPool(probeUnits(misses, opts), opts.jobs, async (unit) => {
    if (unit.length === 1) return emit(unit[0].pending.dir, await probeFolder(unit[0].pending, opts));
    const found = await probeBatch(unit as Required<Member>[], opts, kinds);
    if (!found) return void retry.push(...unit.map((m) => m.pending));
    for (const [dir, list] of found) emit(dir, list);
  });
  await runPool(retry, opts.jobs, async (pending) => emit(pending.dir, await probeFolder(pending, opts)));
  return findings;
}
