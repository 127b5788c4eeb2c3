import { loadYamlShared } from "../../../parse/yaml-memo.ts";
import { posix } from "node:path";
import type { RepoRule, RepoViolation as Violation } from "../../types.ts";
import { isKustomizationFile, isRemoteRef, kustomizationRefs, PLUGIN_FIELDS, resolveRef } from "../../k8s/kustomization-refs.ts";

function checkFile(file: string, text: string, gamesDir: string): Violation[] {
  const dir = posix.dirname(file);
  const game = file.split("/")[1];
  const base = { file, target: dir };
  const loaded = loadYamlShared(text);
  if (!loaded.ok)
    return [{ ...base, path: "", message: `${file} cannot be read as YAML (${loaded.error.message.split("\n")[0]}), so its references cannot be checked` }];
  const doc = loaded.value;
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) return [];
  const kust = doc as Record<string, any>;
  const out: Violation[] = [];
  for (const field of PLUGIN_FIELDS) {
    if (kust[field] === undefined) continue;
    const what = field.startsWith("helm") ? "renders a Helm chart" : "runs kustomize plugins (exec or KRM functions)";
    out.push({
      ...base,
      path: `/${field}`,
      message: `${file} uses ${field}: it ${what}, which game folders may not do`,
      fix: "Use plain resources, patches and images in the game's kustomization; plugins and charts belong in base/ after platform review.",
    });
  }
  for (const ref of kustomizationRefs(kust)) {
    if (isRemoteRef(ref.value)) {
      const message = ref.mayBeRemote
        ? `${file} loads remote ${ref.value}: game folders may only use files of this repository`
        : `${file} refers to ${ref.value}, which is not a local file`;
      out.push({
        ...base,
        path: ref.pointer,
        message,
        fix: "Vendor what you need into base/ through a platform pull request and refer to it by a relative path.",
      });
      continue;
    }
    const resolved = resolveRef(dir, ref.value);
    if (resolved === ".." || resolved.startsWith("../") || posix.isAbsolute(ref.value)) {
      out.push({ ...base, path: ref.pointer, message: `${file} refers to ${ref.value}, which is outside the repository` });
      continue;
    }
    const [top, other] = resolved.split("/");
    if (top === gamesDir && other !== undefined && other !== game) {
      out.push({ ...base, path: ref.pointer, message: `${file} refers to ${ref.value}, which escapes into ${gamesDir}/${other}, another game's folder` });
    }
  }
  return out;
}

export const rule: RepoRule = {
  id: "tenancy-no-remote-resources",
  title: "Game kustomizations use only local files of their own game and the platform",
  category: "tenancy",
  scope: "repo",
  defaultSeverity: "error",
  rationale:
    "A game's kustomization is code the platform's pipeline and Argo CD execute: remote resources change without review, Helm charts and exec/KRM plugins run arbitrary programs at render time, and ../other-game paths copy or alter another tenant's manifests.",
  fix: "Refer only to files under the game's own folder and to base/ or overlays/ by relative path; drop helmCharts, generators, transformers and validators.",
  kinds: [],
  params: {
    gamesDir: { description: "Top-level folder holding one folder per game.", default: "games" },
  },
  check(ctx) {
    const gamesDir = String(ctx.params.gamesDir ?? "games");
    const out: Violation[] = [];
    for (const file of ctx.repo.listFiles(gamesDir)) {
      if (!isKustomizationFile(file)) continue;
      const text = ctx.repo.readText(file);
      if (text !== undefined) out.push(...checkFile(file, text, gamesDir));
    }
    return out;
  },
};
