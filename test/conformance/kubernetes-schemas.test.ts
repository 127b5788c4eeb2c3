// Conformance of the generated Kubernetes schemas (schemas/kubernetes/, Kubernetes 1.30) against the Kubernetes
// OpenAPI definitions in ../shared/reference (a later Kubernetes, about 1.31), over one corpus of valid and invalid
// objects in corpus/. Each corpus file's name states its verdict (`valid.*.yaml`, `invalid.*.yaml`); an invalid
// one names the failing location in an `# expect-error: <JSON pointer>` comment.
//
// The reference exists only on developers' machines and in CI. Where it is absent the comparison cannot run: one
// test says so, and fails when CI is set, so a CI run never passes without the comparison; the corpus checks of the
// project's own schemas always run. The reference is not strict, so the test applies the
// generator's own strictness transform to it before comparing. Ajv runs with ajv-formats, so int32 ranges, base64
// (`byte`) and date-times are checked on both sides.
//
// Differences that cannot change a verdict are not listed: the project's schemas also pin `apiVersion` with an
// enum (a schema is picked by apiVersion, so it always matches), and the reference carries more x-kubernetes-*
// annotations, which do not validate. Enum-like strings (imagePullPolicy, Service type) are plain strings on both
// sides; only `kind` is an enum in both.

import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import {
  KUBERNETES_DEFINITIONS_FILE,
  KUBERNETES_DEFINITION_KEYWORDS,
  KUBERNETES_SCHEMA_DIR,
  kubernetesDefinitionName,
  kubernetesSchemaFile,
} from "../../scripts/lib/schema/kubernetes-schemas.ts";
import { makeStrict, type JsonSchema } from "../../scripts/schema-gen/kubernetes/strict.ts";

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const root = path.resolve(import.meta.dirname, "../..");
const corpusDir = path.join(import.meta.dirname, "corpus");
const REFERENCE_FILE = path.resolve(root, "../shared/reference/kubernetes-openapi-definitions.json");

type Verdict = "valid" | "invalid" | "no schema";

/**
 * Where the two schema sets may disagree, and why. Every entry is checked: the reference must give exactly this
 * verdict (the project's verdict is the one in the file name), so an entry that stops differing fails the test.
 */
const ACCEPTED_DIFFERENCES: Readonly<Record<string, { reference: Verdict; why: string }>> = {
  "valid.pod-hostalias-without-ip.yaml": {
    reference: "invalid",
    why: "HostAlias.ip is optional in the 1.30 API; the reference's later version made it required.",
  },
  "invalid.statefulset-missing-servicename.yaml": {
    reference: "valid",
    why: "StatefulSetSpec.serviceName is required in the 1.30 API; the reference's later version made it optional.",
  },
  "invalid.pod-image-volume.yaml": {
    reference: "valid",
    why: "Image volumes (Volume.image, ImageVolumeSource) were added after 1.30.",
  },
  "invalid.pod-level-resources.yaml": {
    reference: "valid",
    why: "Pod-level resources (PodSpec.resources) were added after 1.30.",
  },
  "invalid.crd-schema-items-not-a-schema.yaml": {
    reference: "valid",
    why:
      "kubernetes-types spells JSONSchemaPropsOrArray/OrBool/OrStringArray as unions, so the project checks them; " +
      "the OpenAPI leaves these custom-marshalled types unconstrained ({}).",
  },
};

interface CorpusCase {
  file: string;
  object: { apiVersion: string; kind: string };
  expected: Verdict;
  /** The JSON pointer an invalid object must fail at. */
  expectedError?: string;
}

function readCorpus(): CorpusCase[] {
  return readdirSync(corpusDir)
    .filter((file) => file.endsWith(".yaml"))
    .sort()
    .map((file) => {
      const text = readFileSync(path.join(corpusDir, file), "utf8");
      const marker = text.split("\n").find((line) => line.startsWith("# expect-error: "));
      return {
        file,
        object: parse(text),
        expected: file.startsWith("valid.") ? "valid" : file.startsWith("invalid.") ? "invalid" : "no schema",
        expectedError: marker?.slice("# expect-error: ".length).trim(),
      };
    });
}

/** An ajv over one `{definitions}` document, compiling each definition once. */
function validatorOver(definitions: JsonSchema, keywords: readonly string[]): (name: string) => ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addVocabulary([...keywords]);
  ajv.addSchema(definitions, "k8s");
  const compiled = new Map<string, ValidateFunction>();
  return (name) => {
    if (!compiled.has(name)) compiled.set(name, ajv.compile({ $ref: `k8s#/definitions/${name}` }));
    return compiled.get(name)!;
  };
}

/** Where each error points: the offending field itself for unknown and missing fields. */
function errorLocations(errors: ErrorObject[]): string[] {
  return errors.map((error) => {
    if (error.keyword === "additionalProperties") return `${error.instancePath}/${error.params.additionalProperty}`;
    if (error.keyword === "required") return `${error.instancePath}/${error.params.missingProperty}`;
    return error.instancePath;
  });
}

interface Outcome {
  verdict: Verdict;
  locations: string[];
}

type Validate = (object: CorpusCase["object"]) => Outcome;

function ownSchemas(): Validate {
  const dir = path.join(root, KUBERNETES_SCHEMA_DIR);
  const definitions = JSON.parse(readFileSync(path.join(dir, KUBERNETES_DEFINITIONS_FILE), "utf8"));
  const validator = validatorOver(definitions, KUBERNETES_DEFINITION_KEYWORDS);
  return (object) => {
    const kindFile = path.join(dir, kubernetesSchemaFile(object.apiVersion, object.kind));
    if (!existsSync(kindFile)) return { verdict: "no schema", locations: [] };
    const validate = validator(kubernetesDefinitionName(JSON.parse(readFileSync(kindFile, "utf8"))));
    return validate(object) ? { verdict: "valid", locations: [] } : { verdict: "invalid", locations: errorLocations(validate.errors!) };
  };
}

function referenceSchemas(): Validate {
  const strict = makeStrict(JSON.parse(readFileSync(REFERENCE_FILE, "utf8")));
  const byKind = new Map<string, string>();
  for (const [name, schema] of Object.entries(strict.definitions as Record<string, JsonSchema>)) {
    for (const gvk of (schema["x-kubernetes-group-version-kind"] ?? []) as { group: string; version: string; kind: string }[]) {
      byKind.set(`${gvk.group ? `${gvk.group}/` : ""}${gvk.version}/${gvk.kind}`, name);
    }
  }
  const validator = validatorOver(strict, []);
  return (object) => {
    const name = byKind.get(`${object.apiVersion}/${object.kind}`);
    if (!name) return { verdict: "no schema", locations: [] };
    const validate = validator(name);
    return validate(object) ? { verdict: "valid", locations: [] } : { verdict: "invalid", locations: errorLocations(validate.errors!) };
  };
}

const corpus = readCorpus();
const cases = corpus.map((corpusCase) => [corpusCase.file, corpusCase] as const);

describe("conformance corpus against the project's Kubernetes schemas", () => {
  let validate: Validate;
  beforeAll(() => {
    validate = ownSchemas();
  });

  it("has at least 60 objects, valid and invalid, each invalid one with its expected error", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(60);
    expect(corpus.filter((c) => c.expected === "valid").length).toBeGreaterThanOrEqual(25);
    expect(corpus.filter((c) => c.expected === "invalid").length).toBeGreaterThanOrEqual(25);
    expect(corpus.filter((c) => c.expected === "no schema").map((c) => c.file)).toEqual([]);
    expect(corpus.filter((c) => (c.expected === "invalid") !== (c.expectedError !== undefined)).map((c) => c.file)).toEqual([]);
  });

  it.each(cases)("%s gets the verdict its name states, for the stated reason", (_file, { object, expected, expectedError }) => {
    const outcome = validate(object);
    expect(outcome.verdict).toBe(expected);
    if (expectedError) expect(outcome.locations).toContain(expectedError);
  });
});

const referencePresent = existsSync(REFERENCE_FILE);

describe("the reference OpenAPI definitions", () => {
  it("are present (required when CI is set)", () => {
    if (!referencePresent) console.warn(`conformance: ${REFERENCE_FILE} is missing; the comparison with the reference did not run`);
    expect(referencePresent || !process.env.CI, `${REFERENCE_FILE} is missing, so the comparison with the reference did not run`).toBe(true);
  });
});

// Defined only where the reference exists; the test above fails in CI when it does not.
if (referencePresent)
  describe("Kubernetes schemas agree with the reference OpenAPI definitions", () => {
    // Loaded in a hook, not while collecting: collection also happens where the reference is absent.
    let own: Validate;
    let reference: Validate;
    beforeAll(() => {
      own = ownSchemas();
      reference = referenceSchemas();
    });

    it("lists accepted differences only for corpus files", () => {
      const files = new Set(corpus.map((c) => c.file));
      expect(Object.keys(ACCEPTED_DIFFERENCES).filter((file) => !files.has(file))).toEqual([]);
    });

    it.each(cases)("%s: same verdict as the reference, or the listed difference", (file, { object }) => {
      const ours = own(object).verdict;
      const theirs = reference(object).verdict;
      const accepted = ACCEPTED_DIFFERENCES[file];
      if (accepted) {
        expect(theirs, accepted.why).toBe(accepted.reference);
        expect(ours, accepted.why).not.toBe(theirs);
      } else {
        expect(theirs).toBe(ours);
      }
    });
  });
