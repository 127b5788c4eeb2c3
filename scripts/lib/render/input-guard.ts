// Before kustomize runs: a target whose kustomizations would fetch something (remote bases, git or HTTP resources, Helm
// charts) or read something that is not a regular file of this repository (symlinks leading out, FIFOs, devices) is
// refused, with a finding at the entry that names it. Nothing refused is opened: paths are classified by lstat/realpath.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import yaml from "js-yaml";
import type { Finding, SourceLocation, Target } from "../types.ts";
import { kustomizationFile } from "../discover/discover.ts";
import { isRemoteRef, kustomizationRefs, type KustomizationRef } from "../policy/k8s/kustomization-refs.ts";
import { inspectPath, refusalReason } from "../util/safe-fs.ts";
import { fromRepoPath, toRepoPath } from "../util/paths.ts";

/** Fields that make kustomize run Helm, which downloads charts. */
const HELM_FIELDS = ["helmCharts", "helmChartInflationGenerator", "helmGlobals"];

export type LineOf = (file: string, pointer: string) => SourceLocation;

interface Problem {
  ruleId: "remote-input-refused" | "helm-chart-refused" | "unsafe-input-refused";
  message: string;
  fix: string;
  pointer: string;
  file: string;
}

interface Visit {
  problems: Problem[];
  /** Kustomization folders this one builds (resources, components, bases, generators...). */
  children: string[];
}

/** Plugin entries may name files or kustomization folders, like resources. */
function pluginRefs(doc: Record<string, unknown>): KustomizationRef[] {
  return ["generators", "transformers", "validators"].flatMap((field) => {
    const list = doc[field];
    if (!Array.isArray(list)) return [];
    return list.flatMap((v, i) => (typeof v === "string" && !v.includes("\n") ? [{ value: v, pointer: `/${field}/${i}`, mayBeRemote: true }] : []));
  });
}

function openapiRef(doc: Record<string, any>): KustomizationRef[] {
  return typeof doc.openapi?.path === "string" ? [{ value: doc.openapi.path, pointer: "/openapi/path", mayBeRemote: false }] : [];
}

const VENDOR_FIX = "Vendor what is needed into this repository (base/ through a platform pull request) and refer to it by a relative path.";

export class InputGuard {
  private readonly visits = new Map<string, Visit>();
  constructor(
    private readonly root: string,
    private readonly lineOf: LineOf,
  ) {}

  private visit(dir: string): Visit {
    const known = this.visits.get(dir);
    if (known) return known;
    const visit: Visit = { problems: [], children: [] };
    this.visits.set(dir, visit);
    const abs = kustomizationFile(dir);
    if (!abs) return visit;
    const file = toRepoPath(this.root, abs);
    const status = inspectPath(this.root, abs);
    if (status !== "file") {
      visit.problems.push({
        ruleId: "unsafe-input-refused",
        message: `${file} was not read: ${refusalReason(status)}`,
        fix: "Make the kustomization a regular file inside the repository.",
        pointer: "",
        file,
      });
      return visit;
    }
    let doc: unknown;
    try {
      doc = yaml.load(readFileSync(abs, "utf8"));
    } catch {
      return visit; // the syntax check reports it at its line
    }
    if (!doc || typeof doc !== "object" || Array.isArray(doc)) return visit;
    const k = doc as Record<string, any>;
    for (const field of HELM_FIELDS.filter((f) => k[f] !== undefined))
      visit.problems.push({
        ruleId: "helm-chart-refused",
        message: `${file} uses ${field}: kustomize would run Helm and download charts, which gaia never does`,
        fix: "Render the chart once (helm template), commit the manifests under base/, and list them as resources.",
        pointer: `/${field}`,
        file,
      });
    for (const ref of [...kustomizationRefs(k), ...pluginRefs(k), ...openapiRef(k)]) this.checkRef(dir, file, ref, visit);
    return visit;
  }

  private checkRef(dir: string, file: string, ref: KustomizationRef, visit: Visit): void {
    if (isRemoteRef(ref.value)) {
      visit.problems.push({
        ruleId: "remote-input-refused",
        message: `${file} refers to ${ref.value}: remote bases and git or HTTP resources are never fetched`,
        fix: VENDOR_FIX,
        pointer: ref.pointer,
        file,
      });
      return;
    }
    const abs = resolve(dir, ref.value);
    const status = inspectPath(this.root, abs);
    if (status === "outside" || status === "special") {
      visit.problems.push({
        ruleId: "unsafe-input-refused",
        message: `${file} refers to ${ref.value}, which was not read: ${refusalReason(status)}`,
        fix: status === "outside" ? VENDOR_FIX : "Refer only to regular files; remove the FIFO, socket or device from the repository.",
        pointer: ref.pointer,
        file,
      });
    } else if (status === "dir") visit.children.push(abs);
  }

  /** Every problem in the kustomizations `dir` builds, each once. */
  problemsOf(dir: string): Problem[] {
    const seen = new Set<string>();
    const out: Problem[] = [];
    const walk = (d: string) => {
      if (seen.has(d)) return;
      seen.add(d);
      const v = this.visit(d);
      out.push(...v.problems);
      v.children.forEach(walk);
    };
    walk(dir);
    return out;
  }

  /** Findings for the targets' refused inputs, and the targets that must not be rendered. */
  check(targets: Target[]): { findings: Finding[]; refused: Set<string> } {
    const findings: Finding[] = [];
    const refused = new Set<string>();
    for (const t of targets) {
      const dir = fromRepoPath(this.root, t.path);
      const own = inspectPath(this.root, dir);
      const problems: Problem[] =
        own === "outside" || own === "special"
          ? [{ ruleId: "unsafe-input-refused", message: `${t.path} was not read: ${refusalReason(own)}`, fix: VENDOR_FIX, pointer: "", file: t.path }]
          : this.problemsOf(dir);
      if (problems.length === 0) continue;
      refused.add(t.path);
      for (const p of problems)
        findings.push({
          ruleId: p.ruleId,
          category: "render",
          severity: "error",
          message: `${p.message}; ${t.path} was not rendered`,
          fix: p.fix,
          target: t.path,
          path: p.pointer,
          source: p.pointer ? this.lineOf(p.file, p.pointer) : { file: p.file, line: 1 },
        });
    }
    return { findings, refused };
  }
}
