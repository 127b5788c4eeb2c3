// Kustomize no-ops: a targeted patch or an `images` entry that selects nothing, a `namespace` or `labels` that applies
// to nothing. kustomize accepts them silently (a patch without target, or a `replicas` entry, that matches nothing
// already fails the build). Each kustomization with such entries is built once more as a probe copy
// (probe-kustomization.ts): kustomize's own selection decides, and the finding lands at the entry's line.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import yaml from "js-yaml";
import type { Finding, K8sObject, SourceLocation } from "../types.ts";
import type { BuildFn } from "../kustomize/build.ts";
import { loadRenderedObjects } from "../parse/rendered.ts";
import { isClusterScoped } from "../policy/k8s/scope.ts";
import { kustomizationFile } from "../discover/discover.ts";
import { toRepoPath } from "../util/paths.ts";
import { runPool } from "../util/pool.ts";
import type { RenderCache } from "./cache.ts";
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
}

const isComponent = (doc: Record<string, any>) => doc.kind === "Component";
const hasProbes = (doc: Record<string, any>) =>
  Array.isArray(doc.images) || [doc.patches, doc.patchesJson6902].some((list) => Array.isArray(list) && list.some((p: any) => p?.target));

interface Written {
  probes: Probe[];
  /** Kustomization fields checked on the build's output: `namespace`, `labels`/`commonLabels` entries. */
  fields: string[];
}

/**
 * Writes the probe copy of `dir` under `tmp`; undefined when there is nothing to probe. Components are not probed: they
 * are reusable pieces whose patches apply to what a including build happens to have (a tier's patch of an optional
 * workload), so selecting nothing in one build is their normal case.
 */
function checkedFields(doc: Record<string, any>): string[] {
  return [
    ...(typeof doc.namespace === "string" && doc.namespace !== "" ? ["/namespace"] : []),
    ...(Array.isArray(doc.labels) ? doc.labels.map((_: unknown, i: number) => `/labels/${i}`) : []),
    ...(doc.commonLabels && typeof doc.commonLabels === "object" ? ["/commonLabels"] : []),
  ];
}

function writeProbe(root: string, dir: string, tmp: string): Written | undefined {
  const doc = readKustomization(dir, root);
  const kfile = kustomizationFile(dir);
  if (!doc || !kfile || isComponent(doc)) return undefined;
  const fields = checkedFields(doc);
  if (!hasProbes(doc) && fields.length === 0) return undefined;
  let n = 0;
  const out = join(tmp, "k");
  const { doc: probe, probes } = probeKustomization(doc, { dir, probeDir: out, file: toRepoPath(root, kfile), nextId: () => String(n++) });
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "kustomization.yaml"), yaml.dump(probe, { lineWidth: -1 }));
  return { probes, fields };
}

function hits(objects: K8sObject[]): Set<string> {
  const seen = new Set<string>();
  for (const o of objects) {
    const marks = o[PROBE_FIELD];
    if (marks && typeof marks === "object") for (const id of Object.keys(marks)) seen.add(id);
    for (const m of JSON.stringify(o).matchAll(new RegExp(`:${PROBE_TAG_PREFIX}(\\d+)(?=["@])`, "g"))) seen.add(m[1]);
  }
  return seen;
}

type Located = Omit<Finding, "target">;

function noOp(file: string, pointer: string, message: string, fix: string, severity: Finding["severity"], opts: NoOpOptions): Located {
  return { ruleId: "kustomize-no-op", category: "render", severity, message, fix, path: pointer, source: opts.lineOf(file, pointer) };
}

function evaluate(written: Written, kfile: string, objects: K8sObject[], opts: NoOpOptions): Located[] {
  const seen = hits(objects);
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
            opts,
          )
        : noOp(
            p.file,
            p.pointer,
            `this images entry matches no container (${p.wants}): kustomize changes no image`,
            "Use the image name exactly as the containers write it (without tag or digest), or remove the entry.",
            "error",
            opts,
          ),
    );
  const namespaced = objects.some((o) => !isClusterScoped(String(o.kind)));
  for (const field of written.fields) {
    if (field === "/namespace" && !namespaced)
      out.push(
        noOp(
          kfile,
          field,
          "namespace applies to no object: this kustomization builds no namespaced object",
          "Remove namespace, or add the namespaced resources it is meant for.",
          "warning",
          opts,
        ),
      );
    else if (field !== "/namespace" && objects.length === 0)
      out.push(
        noOp(
          kfile,
          field,
          "these labels apply to no object: this kustomization builds nothing",
          "Remove the labels, or add the resources they are meant for.",
          "warning",
          opts,
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
  return evaluate({ probes: [], fields: checkedFields(doc) }, toRepoPath(opts.root, kfile), objects, opts);
}

async function probeFolder(dir: string, opts: NoOpOptions): Promise<Located[]> {
  const key = closureKey(opts.root, inputClosure(dir, opts.root), opts.kustomizeVersion, opts.hasher, `noop-v1\0${toRepoPath(opts.root, dir)}`);
  const cached = opts.cache.get(key);
  if (cached?.noOps) return cached.noOps as Located[];
  const base = join(tmpdir(), "gaia-render");
  mkdirSync(base, { recursive: true });
  const tmp = mkdtempSync(join(base, "p-"));
  try {
    const written = writeProbe(opts.root, dir, tmp);
    if (!written) return [];
    const res = await opts.build(join(tmp, "k"));
    // A build that fails here fails for the target too, and is reported there.
    if (!res.ok) return [];
    const found = evaluate(written, toRepoPath(opts.root, kustomizationFile(dir)!), loadRenderedObjects(res.stdout), opts);
    opts.cache.put(key, { entries: [], noOps: found });
    return found;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The kustomization folders the targets build (their own and every one they include), each once. */
export function kustomizationFolders(closures: string[][]): string[] {
  const dirs = new Set<string>();
  for (const files of closures) for (const f of files) if (/^(kustomization\.ya?ml|Kustomization)$/.test(basename(f))) dirs.add(dirname(f));
  return [...dirs].sort();
}

/**
 * No-op findings for the given kustomization folders (absolute paths), probed in parallel. `rendered` holds what target
 * folders rendered: one without probe entries is checked on that, without another build.
 */
export async function noOpFindings(dirs: string[], opts: NoOpOptions, rendered: Map<string, K8sObject[]> = new Map()): Promise<Finding[]> {
  const findings: Finding[] = [];
  await runPool(dirs, opts.jobs, async (dir) => {
    const target = toRepoPath(opts.root, dir);
    const objects = rendered.get(dir);
    const found = (objects && checkRendered(dir, objects, opts)) ?? (await probeFolder(dir, opts));
    for (const f of found) findings.push({ ...f, target });
  });
  return findings;
}
