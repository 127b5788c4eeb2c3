// What a kustomization.yaml refers to: every path or URL it loads, with the JSON pointer of the entry.
import { posix } from "node:path";

export const KUSTOMIZATION_FILE_NAMES = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

export interface KustomizationRef {
  /** The entry as written. */
  value: string;
  /** JSON pointer of the entry in the kustomization document. */
  pointer: string;
  /** Whether the field may hold another kustomization (resources, components, bases) and so a remote URL. */
  mayBeRemote: boolean;
}

/** Fields that make kustomize run code or fetch charts: plugins (exec/KRM functions) and Helm. */
export const PLUGIN_FIELDS = ["generators", "transformers", "validators", "helmCharts", "helmGlobals", "helmChartInflationGenerator"];

export function isKustomizationFile(file: string): boolean {
  return KUSTOMIZATION_FILE_NAMES.includes(posix.basename(file));
}

/** kustomize's remote forms: URLs, scp-like git@host:..., host.tld/org/repo, and ?ref= queries. */
export function isRemoteRef(value: string): boolean {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || /^[a-z0-9]+::/i.test(value) || /^git@/.test(value) || /[?&](ref|version|timeout|submodules)=/.test(value))
    return true;
  const first = value.split("/")[0];
  return value.includes("/") && /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(first) && !/\.(ya?ml|json)$/i.test(first);
}

function strings(list: unknown, pointer: string, mayBeRemote: boolean): KustomizationRef[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((v, i) => (typeof v === "string" && !v.includes("\n") ? [{ value: v, pointer: `${pointer}/${i}`, mayBeRemote }] : []));
}

function generatorFiles(list: unknown, field: string): KustomizationRef[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((g: any, i) => [
    // files entries may be "key=path"
    ...strings(g?.files, `/${field}/${i}/files`, false).map((r) => ({
      ...r,
      value: r.value.includes("=") ? r.value.slice(r.value.indexOf("=") + 1) : r.value,
    })),
    ...strings(g?.envs, `/${field}/${i}/envs`, false),
    ...(typeof g?.env === "string" ? [{ value: g.env, pointer: `/${field}/${i}/env`, mayBeRemote: false }] : []),
  ]);
}

function pathEntries(list: unknown, field: string): KustomizationRef[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((p: any, i) => (typeof p?.path === "string" ? [{ value: p.path, pointer: `/${field}/${i}/path`, mayBeRemote: false }] : []));
}

/** Every file or kustomization a kustomization document loads. */
export function kustomizationRefs(doc: Record<string, any>): KustomizationRef[] {
  return [
    ...strings(doc.resources, "/resources", true),
    ...strings(doc.components, "/components", true),
    ...strings(doc.bases, "/bases", true),
    ...strings(doc.crds, "/crds", false),
    ...strings(doc.configurations, "/configurations", false),
    ...strings(doc.patchesStrategicMerge, "/patchesStrategicMerge", false),
    ...pathEntries(doc.patches, "patches"),
    ...pathEntries(doc.patchesJson6902, "patchesJson6902"),
    ...pathEntries(doc.replacements, "replacements"),
    ...generatorFiles(doc.configMapGenerator, "configMapGenerator"),
    ...generatorFiles(doc.secretGenerator, "secretGenerator"),
  ];
}

/** Repo-relative path a local reference resolves to, from the folder of the kustomization. */
export function resolveRef(dir: string, value: string): string {
  return posix.normalize(posix.join(dir, value)).replace(/\/$/, "");
}
