// Argo CD Applications and ApplicationSet templates in cluster targets: which repo paths they deploy.
import type { K8sObject, RenderedTarget } from "../../types.ts";

export interface Deployer {
  object: K8sObject;
  /** Pointer of the Application spec (an ApplicationSet's template spec). */
  base: string;
  spec: Record<string, any>;
  /** Source paths as written. */
  sourcePaths: string[];
  /** Source paths as patterns (ApplicationSet placeholders become wildcards). */
  paths: RegExp[];
}

function normalise(path: string): string {
  return path.trim().replace(/^\.\//, "").replace(/\/+$/, "");
}

// Go-template placeholders of ApplicationSet generators: path-like ones may span folders, the rest stay in one segment.
function placeholderPattern(expr: string): string {
  const segment = /basename|filename|\[\d+\]|segments|name|index/.test(expr);
  return /path/.test(expr) && !segment ? ".+" : "[^/]+";
}

export function sourcePathPattern(path: string): RegExp {
  const parts = normalise(path).split(/(\{\{.*?\}\})/);
  const body = parts.map((p) => (p.startsWith("{{") ? placeholderPattern(p) : p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("");
  return new RegExp(`^${body}$`);
}

export function deployerOf(object: K8sObject): Deployer | undefined {
  if (!String(object.apiVersion).startsWith("argoproj.io/")) return undefined;
  const isSet = object.kind === "ApplicationSet";
  if (object.kind !== "Application" && !isSet) return undefined;
  const spec = (isSet ? (object as any).spec?.template?.spec : (object as any).spec) ?? {};
  const sources = [spec.source, ...(spec.sources ?? [])].filter((s) => s && typeof s.path === "string");
  const sourcePaths: string[] = sources.map((s) => s.path);
  return { object, base: isSet ? "/spec/template/spec" : "/spec", spec, sourcePaths, paths: sourcePaths.map(sourcePathPattern) };
}

/** Applications and ApplicationSets of rendered targets that name at least one source path. */
export function deployersIn(targets: RenderedTarget[]): Deployer[] {
  return targets
    .filter((t) => t.status === "ok")
    .flatMap((t) => t.objects.map((lo) => deployerOf(lo.object)))
    .filter((d): d is Deployer => !!d && d.paths.length > 0);
}

export function deploys(d: Deployer, targetPath: string): boolean {
  return d.paths.some((re) => re.test(targetPath));
}
