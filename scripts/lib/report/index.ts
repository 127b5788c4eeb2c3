// The report stage: one pure reporter per output format of `gaia validate`.
import type { Report } from "../types.ts";
import { formatGithub } from "./github.ts";
import { formatJson } from "./json.ts";
import { formatJunit } from "./junit.ts";
import { formatMarkdown } from "./markdown.ts";
import { FORMATS, type Format, type ReportOptions, type Reporter, type RuleDoc } from "./options.ts";
import { formatPretty } from "./pretty.ts";
import { formatSarif } from "./sarif.ts";

export { FORMATS, type Format, type ReportOptions, type Reporter, type RuleDoc };
export { formatProgress } from "./progress.ts";
export { canonicalReport } from "./json.ts";

export const reporters: Record<Format, Reporter> = {
  pretty: formatPretty,
  json: formatJson,
  junit: formatJunit,
  sarif: formatSarif,
  github: formatGithub,
  markdown: formatMarkdown,
};

export function isFormat(name: string): name is Format {
  return (FORMATS as readonly string[]).includes(name);
}

/** Renders one format; throws on an unknown format name (the CLI reports it as a usage error). */
export function renderReport(format: string, report: Report, opts: ReportOptions): string {
  if (!isFormat(format)) throw new Error(`unknown report format "${format}" (expected one of: ${FORMATS.join(", ")})`);
  return reporters[format](report, opts);
}
