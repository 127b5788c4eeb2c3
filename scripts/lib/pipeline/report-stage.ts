// report: the run's findings deduplicated, sorted and collapsed by cause, with the targets checked and a summary; a
// shard's report also carries what `gaia report merge` needs for the repository-wide rules.
import type { Environment, Finding, RenderedTarget, Report } from "../types.ts";
import { compareFindings, countBySeverity } from "../types.ts";
import { collapseByCause } from "../report/collapse-cause.ts";
import { KUBERNETES_VERSION } from "../schema/kubernetes-schemas.ts";
import type { Shard } from "../discover/shard.ts";
import type { PolicyException } from "../policy/exceptions.ts";
import type { TargetFacts } from "../policy/summary.ts";
import { exceptionKey } from "../policy/waivers.ts";

export interface ReportInput {
  kustomizeVersion: string;
  checked: RenderedTarget[];
  findings: Finding[];
  startedAt: number;
  shard?: { shard: Shard; environment: Environment; today: string; complete: boolean; summaries: TargetFacts[]; usedExceptions: PolicyException[] };
}

const findingKey = (f: Finding) => JSON.stringify([f.ruleId, f.target, f.source.file, f.source.line, f.path, f.message]);

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = findingKey(f);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function buildReport(input: ReportInput): Report {
  const sorted = collapseByCause(dedupe(input.findings).sort(compareFindings));
  const { shard } = input;
  return {
    version: 1,
    tool: { name: "gaia", kustomize: input.kustomizeVersion, kubernetes: KUBERNETES_VERSION },
    targets: input.checked
      .map((rt) => ({ path: rt.target.path, status: rt.status, objects: rt.objects.length, ms: Math.round(rt.ms) }))
      .sort((a, b) => a.path.localeCompare(b.path)),
    findings: sorted,
    summary: {
      targets: input.checked.length,
      objects: input.checked.reduce((n, rt) => n + rt.objects.length, 0),
      ...countBySeverity(sorted),
      ms: Math.round(performance.now() - input.startedAt),
    },
    ...(shard
      ? {
          shard: shard.shard,
          repository: {
            environment: shard.environment,
            today: shard.today,
            complete: shard.complete,
            summaries: shard.summaries,
            exceptionsUsed: shard.usedExceptions.map(exceptionKey),
          },
        }
      : {}),
  };
}
