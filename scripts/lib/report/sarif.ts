// SARIF 2.1.0 for code-scanning tools (GitHub code scanning, IDE viewers).
import { createHash } from "node:crypto";
import { isAbsolute } from "node:path";
import { pathToFileURL } from "node:url";
import { SEVERITY_ORDER, type Finding, type Report, type Severity } from "../types.ts";
import type { ReportOptions, RuleDoc } from "./index.ts";
import { compareText, sortFindings } from "./order.ts";
import { objectLabel } from "./text.ts";

export const SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";
export const GAIA_INFORMATION_URI = "https://git.gaia.tech/platform/gaia-gitops";
const SRCROOT = "%SRCROOT%";
const FINGERPRINT_KEY = "gaiaFinding/v1";

const LEVEL: Record<Severity, "error" | "warning" | "note"> = { error: "error", warning: "warning", info: "note" };

/** Repo-relative URI with forward slashes, each segment percent-encoded. */
export function artifactUri(file: string, repoRoot: string): string {
  let path = file.replace(/\\/g, "/");
  const root = repoRoot.replace(/\\/g, "/").replace(/\/+$/, "");
  if (root && path.startsWith(`${root}/`)) path = path.slice(root.length + 1);
  return path.replace(/^\.\//, "").split("/").map(encodeURIComponent).join("/");
}

/** Describes a rule the catalog does not know, from its most severe (then first) finding. */
function synthesiseRule(ruleId: string, findings: Finding[]): RuleDoc {
  const [first] = [...findings].sort((a, b) => SEVERITY_ORDER[b.severity] - SEVERITY_ORDER[a.severity]);
  return { id: ruleId, title: ruleId, category: first.category, defaultSeverity: first.severity, rationale: first.message, fix: first.fix };
}

function ruleDescriptor(doc: RuleDoc) {
  const help = doc.fix ? `Fix: ${doc.fix}` : doc.rationale;
  return {
    id: doc.id,
    shortDescription: { text: doc.title },
    fullDescription: { text: doc.rationale },
    help: { text: help, markdown: doc.fix ? `${doc.rationale}\n\n**Fix:** ${doc.fix}` : doc.rationale },
    ...(doc.helpUri ? { helpUri: doc.helpUri } : {}),
    defaultConfiguration: { level: LEVEL[doc.defaultSeverity] },
    properties: { category: doc.category, tags: [doc.category] },
  };
}

function collectRules(findings: Finding[], catalog: RuleDoc[]): RuleDoc[] {
  const docs = new Map(catalog.map((doc) => [doc.id, doc]));
  const byRule = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byRule.get(f.ruleId);
    if (list) list.push(f);
    else byRule.set(f.ruleId, [f]);
  }
  return [...byRule.keys()].sort(compareText).map((id) => docs.get(id) ?? synthesiseRule(id, byRule.get(id) ?? []));
}

/** Stable across line moves: the same problem on the same object keeps its fingerprint. */
function fingerprint(f: Finding): string {
  const o = f.object;
  const parts = [f.ruleId, f.target, f.source.file, o?.apiVersion ?? "", o?.kind ?? "", o?.namespace ?? "", o?.name ?? "", f.path, f.message];
  return createHash("sha256").update(parts.join("\u0000")).digest("hex");
}

function location(f: Finding, repoRoot: string) {
  if (!f.source.file) return [];
  const physicalLocation = {
    artifactLocation: { uri: artifactUri(f.source.file, repoRoot), uriBaseId: SRCROOT },
    ...(Number.isInteger(f.source.line) && f.source.line >= 1 ? { region: { startLine: f.source.line } } : {}),
  };
  const object = objectLabel(f.object);
  const logicalLocations = f.object ? [{ name: f.object.name, fullyQualifiedName: object, kind: "resource" }] : undefined;
  return [{ physicalLocation, ...(logicalLocations ? { logicalLocations } : {}) }];
}

function result(f: Finding, ruleIndex: number, repoRoot: string) {
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: f.fix ? `${f.message}\nFix: ${f.fix}` : f.message },
    locations: location(f, repoRoot),
    ...(f.related?.length ? { relatedLocations: f.related.map((r, id) => ({ id, ...location({ ...f, source: r }, repoRoot)[0] })) } : {}),
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(f) },
    properties: { category: f.category, target: f.target, path: f.path },
  };
}

function baseIds(repoRoot: string) {
  if (!repoRoot || !isAbsolute(repoRoot)) return undefined;
  const uri = pathToFileURL(repoRoot).href;
  return { [SRCROOT]: { uri: uri.endsWith("/") ? uri : `${uri}/` } };
}

export function formatSarif(report: Report, opts: ReportOptions): string {
  const findings = sortFindings(report.findings);
  const rules = collectRules(findings, opts.rules ?? []);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const driver = {
    name: "gaia",
    informationUri: GAIA_INFORMATION_URI,
    ...(opts.toolVersion ? { version: opts.toolVersion } : {}),
    rules: rules.map(ruleDescriptor),
  };
  const extensions = report.tool.kustomize ? [{ name: "kustomize", version: report.tool.kustomize }] : undefined;
  const originalUriBaseIds = baseIds(opts.repoRoot);
  const run = {
    tool: { driver, ...(extensions ? { extensions } : {}) },
    ...(originalUriBaseIds ? { originalUriBaseIds } : {}),
    columnKind: "utf16CodeUnits",
    results: findings.map((f) => result(f, ruleIndex.get(f.ruleId) ?? -1, opts.repoRoot)),
    properties: { kubernetes: report.tool.kubernetes, targets: report.summary.targets, objects: report.summary.objects },
  };
  return `${JSON.stringify({ $schema: SARIF_SCHEMA_URI, version: "2.1.0", runs: [run] }, null, 2)}\n`;
}
