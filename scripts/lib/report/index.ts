// The report stage: one pure reporter per output format of `gaia validate`.
import type { Category, Report, Severity } from "../types.ts";
import { formatGithub } from "./github.ts";
import { formatJson } from "./json.ts";
import { formatJunit } from "./junit.ts";
import { formatMarkdown } from "./markdown.ts";
import { formatPretty } from "./pretty.ts";
import { formatSarif } from "./sarif.ts";

export const FORMATS = ["pretty", "json", "junit", "sarif", "github", "markdown"] as const;
export type Format = (typeof FORMATS)[number];

/** Rule metadata for formats that describe rules (SARIF `tool.driver.rules`). */
export interface RuleDoc {
  id: string;
  title: string;
  category: Category;
  defaultSeverity: Severity;
  rationale: string;
  fix: string;
  helpUri?: string;
}

export interface ReportOptions {
  /** Emit ANSI colours (pretty only). */
  color: boolean;
  /** Absolute path of the repository root; finding files are relative to it. */
  repoRoot: string;
  /** The rule catalog; rules missing from it are described from their findings. */
  rules?: RuleDoc[];
  /** Pretty only: findings shown per file before "… N more"; every finding when not given. */
  maxPerFile?: number;
  /** gaia's own version, shown as the SARIF driver version when given. */
  toolVersion?: string;
}

/** A reporter is a pure function: the same report and options always give the same text. */
export type Reporter = (report: Report, opts: ReportOptions) => string;

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
