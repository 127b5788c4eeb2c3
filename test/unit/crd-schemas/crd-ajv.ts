// The ajv set-up the CRD schema tests validate with: ajv 8, formats, the Kubernetes extension keywords registered,
// and any compile-time warning (unknown format, ignored keyword) turned into a failure.

import { Ajv, type ErrorObject } from "ajv";
import addFormatsPlugin from "ajv-formats";
import { KUBERNETES_SCHEMA_KEYWORDS } from "../../../scripts/lib/schema/crd-schemas.ts";

const addFormats = addFormatsPlugin as unknown as (ajv: Ajv) => Ajv;

export function createCrdAjv(): Ajv {
  const fail = (...args: unknown[]): never => {
    throw new Error(`ajv: ${args.map(String).join(" ")}`);
  };
  const ajv = new Ajv({ strict: false, allErrors: true, verbose: true, logger: { log: () => undefined, warn: fail, error: fail } });
  addFormats(ajv);
  for (const keyword of KUBERNETES_SCHEMA_KEYWORDS) ajv.addKeyword(keyword);
  return ajv;
}

/**
 * The errors a user has to act on: those of the null allowance every optional field carries (`type: null`, and the
 * two-way `anyOf: [<schema>, {type: null}]` around it) are left out, as the validator's findings leave them out.
 */
export function actionableErrors(errors: readonly ErrorObject[] | null | undefined): ErrorObject[] {
  return (errors ?? []).filter((e) => !isNullAllowance(e));
}

function isNullAllowance(e: ErrorObject): boolean {
  if (e.keyword === "type" && e.params.type === "null") return true;
  const isNull = (s: unknown) => typeof s === "object" && s !== null && (s as { type?: unknown }).type === "null";
  return e.keyword === "anyOf" && Array.isArray(e.schema) && e.schema.length === 2 && e.schema.some(isNull);
}

/** "keyword at /json/pointer", pointing at the offending field itself for additionalProperties errors. */
export function describeError(error: ErrorObject): string {
  const extra = error.keyword === "additionalProperties" ? `/${escapePointer(String(error.params.additionalProperty))}` : "";
  return `${error.keyword} at ${error.instancePath}${extra}`;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}
