// An Application's `source.kustomize` overrides as kustomization fields. Argo CD writes them into the source's own
// kustomization (`kustomize edit set namePrefix|namespace|image|replicas`, `add label|annotation|patch|component`);
// here they go into a wrapper kustomization that has the source folder as its only resource, which renders the same
// objects unless the source itself sets the same field.
import { posix } from "node:path";
import { isMap } from "./template-values.ts";

export class KustomizeOptionError extends Error {}

export interface WrapperContext {
  /** Path from the wrapper's folder to the source folder (forward slashes). */
  sourceFromWrapper: string;
  /** Reads a file of the source folder (path relative to it); undefined when missing. */
  readSourceFile(relativePath: string): string | undefined;
}

/** kustomize's image override from Argo CD's `name[=newName][:tag][@digest]` form. */
export function imageOverride(spec: string): Record<string, string> {
  const [name, replacement] = spec.includes("=") ? spec.split("=", 2) : [undefined, spec];
  let rest = replacement;
  const out: Record<string, string> = {};
  const at = rest.indexOf("@");
  if (at >= 0) {
    out.digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const colon = rest.lastIndexOf(":");
  if (colon > rest.lastIndexOf("/")) {
    out.newTag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  if (name === undefined) return { name: rest, ...out };
  return { name, ...(rest && rest !== name ? { newName: rest } : {}), ...out };
}

function patchesOf(options: Record<string, unknown>, ctx: WrapperContext): unknown[] {
  if (!Array.isArray(options.patches)) return [];
  return options.patches.map((p, i) => {
    if (!isMap(p)) throw new KustomizeOptionError(`kustomize.patches[${i}] is not a mapping`);
    if (typeof p.path !== "string") return p;
    const text = ctx.readSourceFile(p.path);
    if (text === undefined) throw new KustomizeOptionError(`kustomize.patches[${i}].path ${p.path} does not exist in the source folder`);
    const { path: _path, ...rest } = p;
    return { ...rest, patch: text };
  });
}

/** The wrapper kustomization's fields for a source folder and its Argo CD kustomize overrides. */
export function wrapperFields(options: Record<string, unknown> | undefined, ctx: WrapperContext): Record<string, unknown> {
  const fields: Record<string, unknown> = { resources: [ctx.sourceFromWrapper] };
  if (!options) return fields;
  for (const key of ["namePrefix", "nameSuffix", "namespace"] as const) if (typeof options[key] === "string" && options[key] !== "") fields[key] = options[key];
  if (isMap(options.commonLabels) && Object.keys(options.commonLabels).length > 0)
    fields.labels = [{ pairs: options.commonLabels, includeSelectors: options.labelWithoutSelector !== true }];
  if (isMap(options.commonAnnotations) && Object.keys(options.commonAnnotations).length > 0) fields.commonAnnotations = options.commonAnnotations;
  if (Array.isArray(options.images) && options.images.length > 0) fields.images = options.images.map((i) => imageOverride(String(i)));
  if (Array.isArray(options.replicas) && options.replicas.length > 0) fields.replicas = options.replicas;
  const patches = patchesOf(options, ctx);
  if (patches.length > 0) fields.patches = patches;
  if (Array.isArray(options.components) && options.components.length > 0)
    fields.components = options.components.map((c) => posix.normalize(posix.join(ctx.sourceFromWrapper, String(c))));
  return fields;
}
