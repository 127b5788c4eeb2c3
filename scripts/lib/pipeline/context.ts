// What every stage of one validation run shares: the repository root, the source locator (lines of findings), the
// memoised input closures, cache health and the checks that crashed. Built once per run; holds no options.
import { SourceLocator } from "../parse/locate.ts";
import { limitsWithMaxMiB } from "../parse/source.ts";
import { memoClosure } from "../parse/closure-syntax.ts";
import { ClosureReader } from "../render/closure.ts";
import { cacheHealth, type CacheHealth } from "../util/cache-file.ts";
import type { SourceLocation } from "../types.ts";

export interface RunContext {
  root: string;
  limits: ReturnType<typeof limitsWithMaxMiB>;
  locator: SourceLocator;
  /** Input closure of a target (absolute paths), memoised. */
  closureOf: (targetPath: string) => string[];
  /** The folders' facts behind `closureOf`, read once per run (for other questions about what a build reads). */
  reader: ClosureReader;
  health: CacheHealth;
  /** Checks that threw, with their errors (each is also a check-crashed finding). */
  crashes: Array<{ check: string; err: unknown }>;
  /** Where a JSON pointer of a repo file is written. */
  lineOf: (file: string, pointer: string) => SourceLocation;
}

export function runContext(root: string, maxInputMiB: number | undefined, reader = new ClosureReader(root)): RunContext {
  const limits = limitsWithMaxMiB(maxInputMiB);
  const locator = new SourceLocator(root, limits);
  return {
    root,
    limits,
    locator,
    closureOf: memoClosure(root, reader),
    reader,
    health: cacheHealth(),
    crashes: [],
    lineOf: (file, pointer) => ({ file, line: locator.lineIn(file, pointer)?.line ?? 1 }),
  };
}
