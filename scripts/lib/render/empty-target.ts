// A target that renders zero objects syncs nothing: usually a wrong path, a resources list left empty, or a patch that
// deletes everything. kustomize and Argo CD accept it silently; the report says so.
import type { Finding, RenderedTarget } from "../types.ts";
import { kustomizationFile } from "../discover/discover.ts";
import { fromRepoPath, toRepoPath } from "../util/paths.ts";

export function emptyTargetFindings(root: string, rt: RenderedTarget): Finding[] {
  if (rt.status !== "ok" || rt.objects.length > 0) return [];
  const { target } = rt;
  const stdin = target.kind === "stdin";
  const kustomization = stdin || target.kind === "manifests" ? undefined : kustomizationFile(fromRepoPath(root, target.path));
  const file = stdin ? "-" : kustomization ? toRepoPath(root, kustomization) : target.path;
  const what = stdin ? "stdin" : kustomization ? `the kustomization ${target.path}` : target.path;
  return [
    {
      ruleId: "target-renders-nothing",
      category: "render",
      severity: "warning",
      message: `${what} renders zero objects: nothing would be checked or synced`,
      fix: kustomization
        ? "List the resources or components this target should deploy, or remove the target folder."
        : "Point gaia at files holding Kubernetes objects.",
      target: target.path,
      path: "",
      source: { file, line: 1 },
    },
  ];
}
