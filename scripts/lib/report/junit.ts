// JUnit XML for CI test tabs: one suite per target (plus "repository" for repo-wide findings).
// Errors are failures; warnings and infos are passing cases that carry their text in <system-out>.
import type { Finding, Report, TargetSummary } from "../types.ts";
import type { ReportOptions } from "./index.ts";
import { compareText, sortFindings, sortTargets } from "./order.ts";
import { kustomizeLabel, objectLabel } from "./text.ts";

export const REPOSITORY_SUITE = "repository";

// XML 1.0 escaping. Characters XML cannot carry at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF)
// are written as visible "\xNN" / "\uNNNN" text instead, so any message yields well-formed XML.
const NOT_XML_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function visible(ch: string): string {
  const code = ch.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

const TEXT_ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;" };
const ATTR_ENTITIES: Record<string, string> = { ...TEXT_ENTITIES, '"': "&quot;", "'": "&apos;", "\n": "&#10;", "\t": "&#9;" };

/** Escapes element content. Carriage returns become references so parsers do not normalise them away. */
export function escapeXmlText(text: string): string {
  return text.replace(NOT_XML_CHAR, visible).replace(/[&<>\r]/g, (ch) => TEXT_ENTITIES[ch]);
}

/** Escapes a double- or single-quoted attribute value; whitespace is kept as references (attribute normalisation). */
export function escapeXmlAttr(text: string): string {
  return text.replace(NOT_XML_CHAR, visible).replace(/[&<>"'\r\n\t]/g, (ch) => ATTR_ENTITIES[ch]);
}

/** `name="value" ...` from ordered pairs; undefined values are left out. */
export function xmlAttrs(pairs: Array<[string, string | number | undefined]>): string {
  return pairs
    .filter((pair): pair is [string, string | number] => pair[1] !== undefined)
    .map(([name, value]) => `${name}="${escapeXmlAttr(String(value))}"`)
    .join(" ");
}

interface Suite {
  name: string;
  target?: TargetSummary;
  findings: Finding[];
}

function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}

function buildSuites(report: Report): Suite[] {
  const byTarget = new Map<string, Finding[]>();
  for (const finding of sortFindings(report.findings)) {
    const list = byTarget.get(finding.target) ?? [];
    list.push(finding);
    byTarget.set(finding.target, list);
  }
  const suites: Suite[] = sortTargets(report.targets).map((target) => ({ name: target.path, target, findings: byTarget.get(target.path) ?? [] }));
  const known = new Set(report.targets.map((t) => t.path));
  const orphans = [...byTarget.keys()].filter((path) => path !== "" && !known.has(path)).sort(compareText);
  for (const path of orphans) suites.push({ name: path, findings: byTarget.get(path) ?? [] });
  const repoWide = byTarget.get("") ?? [];
  if (repoWide.length > 0) suites.push({ name: REPOSITORY_SUITE, findings: repoWide });
  return suites;
}

function findingText(f: Finding): string {
  const lines = [`${f.severity}: ${f.message}`];
  if (f.fix) lines.push(`fix: ${f.fix}`);
  const object = objectLabel(f.object);
  if (object) lines.push(`object: ${object}${f.path ? ` at ${f.path}` : ""}`);
  lines.push(`source: ${f.source.file}:${f.source.line}`);
  return lines.join("\n");
}

interface Case {
  xml: string;
  failed: boolean;
}

function findingCase(suite: string, f: Finding): Case {
  const object = objectLabel(f.object);
  const name = `${f.ruleId}${object ? ` ${object}` : ""} (${f.source.file}:${f.source.line})`;
  const open = `<testcase ${xmlAttrs([
    ["classname", suite],
    ["name", name],
    ["file", f.source.file],
    ["line", f.source.line],
    ["time", "0.000"],
  ])}>`;
  const body =
    f.severity === "error"
      ? `<failure ${xmlAttrs([
          ["message", f.message],
          ["type", f.ruleId],
        ])}>${escapeXmlText(findingText(f))}</failure>`
      : `<system-out>${escapeXmlText(findingText(f))}</system-out>`;
  return { xml: `    ${open}\n      ${body}\n    </testcase>`, failed: f.severity === "error" };
}

/** A passing "render" case per rendered target, so clean targets still appear as tests; a failed render
 * without an error finding (which would already be a failure) gets its own failure. */
function renderCase(suite: Suite): Case | undefined {
  const { target } = suite;
  if (!target) return undefined;
  const attrs = xmlAttrs([
    ["classname", suite.name],
    ["name", `render (${target.objects} objects)`],
    ["time", seconds(target.ms)],
  ]);
  if (target.status === "ok") return { xml: `    <testcase ${attrs}/>`, failed: false };
  if (suite.findings.some((f) => f.severity === "error")) return undefined;
  const failure = `<failure ${xmlAttrs([
    ["message", "kustomize build failed"],
    ["type", "render"],
  ])}/>`;
  return { xml: `    <testcase ${attrs}>\n      ${failure}\n    </testcase>`, failed: true };
}

function renderSuite(suite: Suite, kustomize: string): { xml: string; tests: number; failures: number } {
  const cases = [renderCase(suite), ...suite.findings.map((f) => findingCase(suite.name, f))].filter((c): c is Case => c !== undefined);
  const failures = cases.filter((c) => c.failed).length;
  const properties = suite.target
    ? [
        ["status", suite.target.status],
        ["objects", String(suite.target.objects)],
        ["kustomize", kustomizeLabel(kustomize)],
      ]
    : [["kustomize", kustomizeLabel(kustomize)]];
  const props = properties
    .map(
      ([name, value]) =>
        `      <property ${xmlAttrs([
          ["name", name],
          ["value", value],
        ])}/>`,
    )
    .join("\n");
  const open = `<testsuite ${xmlAttrs([
    ["name", suite.name],
    ["tests", cases.length],
    ["failures", failures],
    ["errors", 0],
    ["skipped", 0],
    ["time", seconds(suite.target?.ms ?? 0)],
  ])}>`;
  const xml = [`  ${open}`, "    <properties>", props, "    </properties>", ...cases.map((c) => c.xml), "  </testsuite>"].join("\n");
  return { xml, tests: cases.length, failures };
}

export function formatJunit(report: Report, _opts: ReportOptions): string {
  const suites = buildSuites(report).map((suite) => renderSuite(suite, report.tool.kustomize));
  const tests = suites.reduce((n, s) => n + s.tests, 0);
  const failures = suites.reduce((n, s) => n + s.failures, 0);
  const open = `<testsuites ${xmlAttrs([
    ["name", "gaia validate"],
    ["tests", tests],
    ["failures", failures],
    ["errors", 0],
    ["time", seconds(report.summary.ms)],
  ])}>`;
  return ['<?xml version="1.0" encoding="UTF-8"?>', open, ...suites.map((s) => s.xml), "</testsuites>", ""].join("\n");
}
