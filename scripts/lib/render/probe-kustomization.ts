// A probe copy of a kustomization: kustomize itself tells which entries select something. Before each targeted patch
// goes a patch with the same target that only adds a mark naming the entry (a delete patch is left out, so that
// what it selects stays visible); each `images` entry sets a tag
// naming the entry. What carries a probe mark after the build was selected; an entry whose mark is nowhere is a no-op.
// The copy lives in a temporary folder, every local path rewritten relative to it, so the repository is never written.
import { relative, resolve } from "node:path";

/** A top-level field no transformer or user patch touches: later patches that replace annotations cannot erase it. */
export const PROBE_FIELD = "gaiaNoopProbe";
export const PROBE_TAG_PREFIX = "gaia-noop-probe-";

export type ProbeKind = "patch" | "image";

export interface Probe {
  id: string;
  kind: ProbeKind;
  /** Repo-relative kustomization file holding the entry, and the entry's JSON pointer. */
  file: string;
  pointer: string;
  /** What the entry asks for, for the message ("kind Ingress, name gateway" or "image nginx"). */
  wants: string;
}

export interface ProbeContext {
  /** Absolute folder of the kustomization being copied, and where the copy is written. */
  dir: string;
  probeDir: string;
  /** Repo-relative path of the kustomization file (for the probes' locations). */
  file: string;
  nextId(): string;
}

const PATH_LISTS = ["resources", "bases", "components", "crds", "configurations", "generators", "transformers", "validators"];

function rel(ctx: ProbeContext, p: string): string {
  return relative(ctx.probeDir, resolve(ctx.dir, p)) || ".";
}

function relGeneratorFile(ctx: ProbeContext, entry: string): string {
  const eq = entry.indexOf("=");
  return eq < 0 ? rel(ctx, entry) : `${entry.slice(0, eq)}=${rel(ctx, entry.slice(eq + 1))}`;
}

function describeTarget(target: Record<string, unknown>): string {
  const parts = ["group", "version", "kind", "name", "namespace", "labelSelector", "annotationSelector"]
    .filter((k) => typeof target[k] === "string" && target[k] !== "")
    .map((k) => `${k} ${String(target[k])}`);
  return parts.length ? parts.join(", ") : "every object";
}

function probePatch(id: string, target: unknown): Record<string, unknown> {
  const patch = `apiVersion: v1\nkind: GaiaProbe\nmetadata:\n  name: probe\n${PROBE_FIELD}:\n  "${id}": "1"\n`;
  return { target, patch };
}

/** Local paths made relative to the probe folder; string entries holding inline YAML are left as they are. */
function rewritePaths(doc: Record<string, any>, ctx: ProbeContext): void {
  const local = (v: unknown) => typeof v === "string" && !v.includes("\n");
  for (const field of PATH_LISTS) if (Array.isArray(doc[field])) doc[field] = doc[field].map((v: unknown) => (local(v) ? rel(ctx, v as string) : v));
  if (Array.isArray(doc.patchesStrategicMerge))
    doc.patchesStrategicMerge = doc.patchesStrategicMerge.map((v: unknown) => (local(v) ? rel(ctx, v as string) : v));
  for (const field of ["patches", "patchesJson6902", "replacements"])
    if (Array.isArray(doc[field])) doc[field] = doc[field].map((p: any) => (p && typeof p.path === "string" ? { ...p, path: rel(ctx, p.path) } : p));
  for (const field of ["configMapGenerator", "secretGenerator"])
    if (Array.isArray(doc[field]))
      doc[field] = doc[field].map((g: any) => {
        if (!g || typeof g !== "object") return g;
        const out = { ...g };
        if (Array.isArray(g.files)) out.files = g.files.map((f: unknown) => (typeof f === "string" ? relGeneratorFile(ctx, f) : f));
        if (Array.isArray(g.envs)) out.envs = g.envs.map((f: unknown) => (typeof f === "string" ? rel(ctx, f) : f));
        if (typeof g.env === "string") out.env = rel(ctx, g.env);
        return out;
      });
  if (typeof doc.openapi?.path === "string") doc.openapi = { ...doc.openapi, path: rel(ctx, doc.openapi.path) };
}

/** A copy of `source` for the probe folder, with its local paths rewritten and no probes. `source` is not changed. */
export function relocateKustomization(source: Record<string, any>, ctx: Pick<ProbeContext, "dir" | "probeDir">): Record<string, any> {
  const doc: Record<string, any> = structuredClone(source);
  rewritePaths(doc, { ...ctx, file: "", nextId: () => "" });
  return doc;
}

/** The probe copy of `doc` and the probes it carries. `doc` is not changed. */
export function probeKustomization(source: Record<string, any>, ctx: ProbeContext): { doc: Record<string, any>; probes: Probe[] } {
  const doc = relocateKustomization(source, ctx);
  const probes: Probe[] = [];
  for (const field of ["patches", "patchesJson6902"]) {
    if (!Array.isArray(doc[field])) continue;
    const out: unknown[] = [];
    doc[field].forEach((p: any, i: number) => {
      const target = p?.target;
      if (target && typeof target === "object" && !Array.isArray(target)) {
        const id = ctx.nextId();
        probes.push({ id, kind: "patch", file: ctx.file, pointer: `/${field}/${i}`, wants: describeTarget(target) });
        // A probe is always a strategic-merge patch, which kustomize accepts in `patches` only.
        if (field === "patches") out.push(probePatch(id, target));
        else (doc.patches ??= []).push(probePatch(id, target));
        if (typeof p.patch === "string" && /\$patch:\s*delete/.test(p.patch)) return;
      }
      out.push(p);
    });
    doc[field] = out;
  }
  if (Array.isArray(doc.images))
    doc.images = doc.images.map((img: any, i: number) => {
      if (!img || typeof img.name !== "string") return img;
      const id = ctx.nextId();
      probes.push({ id, kind: "image", file: ctx.file, pointer: `/images/${i}`, wants: `image ${img.name}` });
      return { name: img.name, newTag: `${PROBE_TAG_PREFIX}${id}` };
    });
  return { doc, probes };
}
