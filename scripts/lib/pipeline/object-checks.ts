// parse → schema for one rendered target, as it arrives from the render stage (so checking overlaps kustomize):
// objects of a usable shape are kept, the rest are findings; each kept object goes through its schema and PromQL.
import type { Finding, LocatedObject, RenderedTarget } from "../types.ts";
import { screenObjects } from "../parse/object-shape.ts";
import { SchemaValidator } from "../schema/validator.ts";
import { diskVerdictCache, noVerdictCache, schemaFingerprint } from "../schema/verdict-cache.ts";
import { missingSchemaFinding, schemaFindings } from "../schema/errors.ts";
import { promqlFindings } from "../schema/promql.ts";
import { crashFinding } from "../policy/crash.ts";
import { appendAll } from "../util/arrays.ts";
import type { RunContext } from "./context.ts";

export type SchemaItem = { lo: LocatedObject; target: string };
/** A replacement schema stage over every object at once (kubeconform). */
export type SchemaEngine = (items: SchemaItem[]) => Promise<Finding[]>;

export interface ObjectCheckSettings {
  /** Kinds whose schema is not checked (policies/config.yaml `schemas.skip`). */
  skip: Array<{ apiVersion?: string; kind: string }>;
  ignoreMissingSchemas: boolean;
  cache: boolean;
  /** When set, the built-in schema check is left to it (run once over every target by `finish`). */
  engine?: SchemaEngine;
}

export interface ObjectChecks {
  /** Screens the target's objects (in place: rt.objects keeps the usable ones) and returns their findings. */
  check(rt: RenderedTarget): Finding[];
  /** Runs the replacement engine (if any) over every checked target and saves the verdict cache. */
  finish(checked: RenderedTarget[]): Promise<Finding[]>;
}

export const schemaItems = (rt: RenderedTarget): SchemaItem[] => rt.objects.map((lo) => ({ lo, target: rt.target.path }));

function builtinSchema(run: RunContext, settings: ObjectCheckSettings) {
  const validator = new SchemaValidator({ root: run.root, skip: settings.skip });
  const verdicts = settings.cache ? diskVerdictCache(run.root, schemaFingerprint(run.root, JSON.stringify(settings.skip)), run.health) : noVerdictCache();
  const check = (items: SchemaItem[]): Finding[] => {
    const out: Finding[] = [];
    for (const { lo, target } of items) {
      try {
        if (verdicts.isKnownValid(lo.object)) continue;
        const verdict = validator.validate(lo.object);
        if (verdict.status === "valid") verdicts.rememberValid(lo.object);
        else if (verdict.status === "invalid") appendAll(out, schemaFindings(lo.object, verdict.errors, target, lo.source.file));
        else if (verdict.status === "missing" && !settings.ignoreMissingSchemas)
          out.push(missingSchemaFinding(lo.object, verdict.looked, target, lo.source.file));
      } catch (err) {
        run.crashes.push({ check: "schema", err });
        out.push(crashFinding("schema", err, lo.object, target, lo.source));
      }
    }
    return out;
  };
  return { check, save: () => verdicts.save() };
}

export function objectChecks(run: RunContext, settings: ObjectCheckSettings): ObjectChecks {
  const builtin = settings.engine ? undefined : builtinSchema(run, settings);
  const check = (rt: RenderedTarget): Finding[] => {
    const screened = screenObjects(rt.objects, rt.target.path, (lo, pointer) => run.locator.locate(lo, pointer));
    rt.objects = screened.usable;
    rt.findings.push(...screened.findings);
    const items = schemaItems(rt);
    const out = builtin ? builtin.check(items) : [];
    for (const { lo, target } of items) {
      try {
        appendAll(out, promqlFindings(lo.object, target, lo.source.file));
      } catch (err) {
        run.crashes.push({ check: "promql", err });
        out.push(crashFinding("promql", err, lo.object, target, lo.source));
      }
    }
    return out;
  };
  const finish = async (checked: RenderedTarget[]): Promise<Finding[]> => {
    const out = settings.engine ? await settings.engine(checked.flatMap(schemaItems)) : [];
    builtin?.save();
    return out;
  };
  return { check, finish };
}
