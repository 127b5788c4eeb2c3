// The repository-wide checks of a sharded run, done by `gaia report merge`: the repository-wide rules over the union
// of the shards' target summaries (the same code an unsharded run uses), their waivers, and the exceptions'
// bookkeeping with every shard's use of them. Needs the repository checkout the shards validated.
import type { Finding, Report, RepositoryFacts } from "../types.ts";
import { compareFindings } from "../types.ts";
import { SourceLocator } from "../parse/locate.ts";
import { buildRepoContext, loadExceptions, loadPolicyConfig } from "../repo/load.ts";
import { collapseByCause } from "../report/collapse-cause.ts";
import { UsageError } from "../util/errors.ts";
import { checkRepository } from "./repository.ts";
import type { TargetFacts } from "./summary.ts";
import type { Rule } from "./types.ts";
import { applyWaivers, exceptionFindings, exceptionKey } from "./waivers.ts";

function factsOf(reports: Array<{ file: string; report: Report }>): RepositoryFacts[] {
  const missing = reports.find((r) => !r.report.repository);
  if (missing) throw new UsageError(`${missing.file} is a shard report without target summaries; write every shard with this gaia version`);
  const facts = reports.map((r) => r.report.repository!);
  const envs = new Set(facts.map((f) => f.environment));
  if (envs.size > 1) throw new UsageError(`the shards ran with different --env (${[...envs].sort().join(", ")})`);
  return facts;
}

/** The findings of the repository-wide checks over every shard, sorted and collapsed as one run does. */
export function shardedRepositoryFindings(root: string, reports: Array<{ file: string; report: Report }>, rules: Rule[]): Finding[] {
  const facts = factsOf(reports);
  const today = facts[0].today;
  const locator = new SourceLocator(root);
  const config = loadPolicyConfig(root, []);
  const exceptions = loadExceptions(root, []);
  const result = checkRepository({
    summaries: facts.flatMap((f) => f.summaries as TargetFacts[]),
    files: buildRepoContext(root, [], []),
    config,
    rules,
    defaultEnvironment: facts[0].environment,
    locateFile: (file, pointer) => ({ file, line: locator.lineIn(file, pointer)?.line ?? 1 }),
  });
  const waived = applyWaivers(result.candidates, exceptions, config, today);
  const used = new Set([...facts.flatMap((f) => f.exceptionsUsed), ...[...waived.used].map(exceptionKey)]);
  const complete = facts.every((f) => f.complete);
  const bookkeeping = exceptionFindings(exceptions, (e) => used.has(exceptionKey(e)), today, complete);
  return collapseByCause([...waived.findings, ...bookkeeping, ...result.crashes].sort(compareFindings));
}
