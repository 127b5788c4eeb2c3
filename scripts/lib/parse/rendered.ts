// Parses kustomize output (trusted, alias-free YAML) fast with js-yaml and turns origin annotations into source info.
import { resolve } from "node:path";
import yaml from "js-yaml";
import type { K8sObject, LocatedObject } from "../types.ts";
import { toRepoPath } from "../util/paths.ts";

export const ORIGIN_ANNOTATION = "config.kubernetes.io/origin";
export const TRANSFORMATIONS_ANNOTATION = "alpha.config.kubernetes.io/transformations";

export interface OriginDetails {
  /** Repo-relative file that declared the object (or the kustomization whose generator made it). */
  file?: string;
  /** Repo-relative kustomization files whose transformers changed the object, in application order. */
  configuredIn: string[];
}

function readOriginAnnotation(text: string | undefined, baseDir: string, root: string): { file?: string } {
  if (!text) return {};
  try {
    const doc = yaml.load(text) as { path?: string; configuredIn?: string } | null;
    const rel = doc?.path ?? doc?.configuredIn;
    return rel ? { file: toRepoPath(root, resolve(baseDir, rel)) } : {};
  } catch {
    return {};
  }
}

function readTransformations(text: string | undefined, baseDir: string, root: string): string[] {
  if (!text) return [];
  try {
    const list = yaml.load(text) as Array<{ configuredIn?: string }> | null;
    return (Array.isArray(list) ? list : []).flatMap((t) => (t?.configuredIn ? [toRepoPath(root, resolve(baseDir, t.configuredIn))] : []));
  } catch {
    return [];
  }
}

/** Removes the build-metadata annotations and returns what they said. */
export function takeOrigin(object: K8sObject, baseDir: string, root: string): OriginDetails {
  const annotations = object.metadata?.annotations;
  if (!annotations || typeof annotations !== "object") return { configuredIn: [] };
  const origin = readOriginAnnotation(annotations[ORIGIN_ANNOTATION], baseDir, root);
  const configuredIn = readTransformations(annotations[TRANSFORMATIONS_ANNOTATION], baseDir, root);
  delete annotations[ORIGIN_ANNOTATION];
  delete annotations[TRANSFORMATIONS_ANNOTATION];
  if (Object.keys(annotations).length === 0) delete object.metadata.annotations;
  return { ...origin, configuredIn };
}

export function isK8sObject(doc: unknown): doc is K8sObject {
  return !!doc && typeof doc === "object" && !Array.isArray(doc) && typeof (doc as any).kind === "string";
}

/** kustomize's stdout → objects (with origin annotations still on them). Throws on YAML that kustomize would never print. */
export function loadRenderedObjects(stdout: string): K8sObject[] {
  const out: K8sObject[] = [];
  yaml.loadAll(stdout, (doc) => {
    if (isK8sObject(doc)) {
      if (doc.metadata === undefined || doc.metadata === null) doc.metadata = {};
      out.push(doc);
    }
  });
  return out;
}

/** An object with its origin, ready for the later stages. The line is resolved lazily, only for objects with findings. */
export function locate(object: K8sObject, origin: OriginDetails, fallbackFile: string): LocatedObject {
  const transformedBy = origin.configuredIn.length ? origin.configuredIn : undefined;
  const file = origin.file ?? fallbackFile;
  return { object, source: { file, line: 0 }, origin: { file, ...(transformedBy ? { transformedBy } : {}) } };
}
