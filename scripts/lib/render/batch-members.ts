// Several game targets in one kustomize build, each object given back to its target exactly. Namespaced objects carry
// their game's namespace. Cluster-scoped objects carry none, and two games rendering the same one (a ClusterRole of a
// shared base) would even collide in the shared build. So each member whose input closure declares a cluster-scoped
// kind is wrapped in a layer of its own that suffixes those kinds' names with a token naming the member; the token is
// then removed from every field kustomize copied it into (names and the references to them), which gives back exactly
// what the target renders alone.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import type { K8sObject } from "../types.ts";
import { isClusterScoped } from "../policy/k8s/scope.ts";

export interface BatchMember {
  /** The member's kustomization folder, relative to the batch folder. */
  resource: string;
  /** Cluster-scoped kinds its input closure declares (Namespace aside: the namespace transformer renames it). */
  clusterKinds: string[];
}

const TOKEN = /-gaiabatch(\d+)z/g;
const tokenOf = (index: number) => `-gaiabatch${index}z`;

const KIND_LINE = /^\s*kind:\s*["']?([A-Za-z][A-Za-z0-9]*)["']?\s*$/gm;

/** Reads each closure file at most once per run: which cluster-scoped kinds the files declare. */
export class ClusterKindScanner {
  private readonly byFile = new Map<string, string[]>();

  kindsIn(files: string[]): string[] {
    const kinds = new Set<string>();
    for (const f of files) for (const k of this.fileKinds(f)) kinds.add(k);
    return [...kinds].sort();
  }

  private fileKinds(file: string): string[] {
    const known = this.byFile.get(file);
    if (known) return known;
    let kinds: string[] = [];
    if (/\.(ya?ml|json)$/.test(file)) {
      try {
        const text = readFileSync(file, "utf8");
        kinds = [...new Set([...text.matchAll(KIND_LINE)].map((m) => m[1]))].filter((k) => k !== "Namespace" && isClusterScoped(k));
      } catch {
        kinds = [];
      }
    }
    this.byFile.set(file, kinds);
    return kinds;
  }
}

/** Writes the batch kustomization into `dir` (and a suffixing layer per member that needs one). */
export function writeBatchKustomization(dir: string, members: BatchMember[]): void {
  const resources = members.map((m, i) => {
    if (m.clusterKinds.length === 0) return m.resource;
    const layer = join(dir, `m${i}`);
    mkdirSync(layer, { recursive: true });
    const suffix = {
      apiVersion: "builtin",
      kind: "PrefixSuffixTransformer",
      metadata: { name: "gaia-batch-member" },
      suffix: tokenOf(i),
      fieldSpecs: m.clusterKinds.map((kind) => ({ kind, path: "metadata/name" })),
    };
    writeFileSync(join(layer, "member.yaml"), yaml.dump(suffix));
    writeFileSync(
      join(layer, "kustomization.yaml"),
      yaml.dump({ apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", resources: [`../${m.resource}`], transformers: ["member.yaml"] }),
    );
    return `m${i}`;
  });
  writeFileSync(join(dir, "kustomization.yaml"), yaml.dump({ apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", resources }));
}

/**
 * The object without member tokens, and the member whose token its own name carried (undefined for objects whose
 * name has none: those are attributed by namespace).
 */
export function takeMember(object: K8sObject, suffixed: boolean): { object: K8sObject; member?: number } {
  if (!suffixed) return { object };
  const text = JSON.stringify(object);
  if (!text.includes("-gaiabatch")) return { object };
  const own = [...String(object.metadata?.name ?? "").matchAll(TOKEN)].map((m) => Number(m[1]));
  return { object: JSON.parse(text.replace(TOKEN, "")) as K8sObject, ...(own.length === 1 ? { member: own[0] } : {}) };
}
