// What every reporter receives besides the report itself.
import type { Category, Report, Severity } from "../types.ts";

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
  /** gaia's own version, shown as the SARIF driver version when given. */
  toolVersion?: string;
}

/** A reporter is a pure function: the same report and options always give the same text. */
export type Reporter = (report: Report, opts: ReportOptions) => string;
