// schema: strict JSON-schema validation of objects with ajv, one compiled validator per apiVersion/kind.
import { readFileSync } from "node:fs";
import { _, Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import type { K8sObject } from "../types.ts";
import { schemaPath } from "../util/paths.ts";
import { KUBERNETES_DEFINITION_KEYWORDS, KUBERNETES_SCHEMA_DIR, kubernetesSchemaFile } from "./kubernetes-schemas.ts";
import { crdSchemaFile, KUBERNETES_SCHEMA_KEYWORDS } from "./crd-schemas.ts";
import { compiledValidators, FORMATS_MODULE, kubernetesFormats, type CompiledValidators } from "./compiled-validators.ts";

export type SchemaVerdict =
  { status: "valid" } | { status: "invalid"; errors: ErrorObject[] } | { status: "missing"; looked: string[] } | { status: "skipped" };

export interface SchemaValidatorOptions {
  root: string;
  /** apiVersion/kind pairs ("*" allowed for apiVersion) not to validate. */
  skip?: Array<{ apiVersion?: string; kind: string }>;
  /** Folder of Kubernetes schemas (repo-relative), default the pinned version's. */
  kubernetesDir?: string;
  /** Where precompiled validators are kept (compiled-validators.ts); default .tools/ajv-standalone of the toolkit. */
  compiledDir?: string;
}

const AJV_OPTIONS = { strict: false, allErrors: true, verbose: true, validateSchema: false, logger: false } as const;

export function createAjv(): Ajv {
  // Source kept for the precompiled modules (compiled-validators.ts); formats are required from one module by both.
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true, formats: _`require(${FORMATS_MODULE}).formats` } });
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  // Kubernetes (and kubeconform) read `format: duration` as a Go duration ("5m", "1h30m"); ISO 8601 ("PT5M") also passes.
  ajv.addFormat("duration", kubernetesFormats().duration);
  for (const k of new Set([...KUBERNETES_SCHEMA_KEYWORDS, ...KUBERNETES_DEFINITION_KEYWORDS])) ajv.addKeyword(k);
  return ajv;
}

/** Compiles and caches validators; reads schema files only when a kind is first seen. */
export class SchemaValidator {
  private readonly ajv = createAjv();
  private readonly store: CompiledValidators;
  private definitionsText: string | undefined;
  private readonly compiled = new Map<string, ValidateFunction | undefined>();
  private readonly looked = new Map<string, string[]>();
  private definitionsLoaded = false;
  private readonly kubernetesDir: string;

  constructor(private readonly opts: SchemaValidatorOptions) {
    this.kubernetesDir = opts.kubernetesDir ?? KUBERNETES_SCHEMA_DIR;
    const salt = JSON.stringify([AJV_OPTIONS, [...KUBERNETES_SCHEMA_KEYWORDS, ...KUBERNETES_DEFINITION_KEYWORDS]]);
    this.store = compiledValidators(this.ajv, salt, opts.compiledDir);
  }

  /** The Kubernetes definitions' text (it names the precompiled validators); read once. */
  private definitions(): string {
    if (this.definitionsText === undefined) {
      const file = schemaPath(this.opts.root, `${this.kubernetesDir}/_definitions.json`);
      this.definitionsText = file ? readFileSync(file, "utf8") : "";
    }
    return this.definitionsText;
  }

  /** Only a validator compiled here needs the definitions inside ajv. */
  private loadDefinitions(): void {
    if (this.definitionsLoaded) return;
    this.definitionsLoaded = true;
    if (this.definitions()) this.ajv.addSchema(JSON.parse(this.definitions()), "k8s");
  }

  private compile(apiVersion: string, kind: string): ValidateFunction | undefined {
    const key = `${apiVersion}/${kind}`;
    if (this.compiled.has(key)) return this.compiled.get(key);
    const looked: string[] = [];
    let fn: ValidateFunction | undefined;
    const k8sFile = `${this.kubernetesDir}/${kubernetesSchemaFile(apiVersion, kind)}`;
    looked.push(k8sFile);
    const k8sAbs = schemaPath(this.opts.root, k8sFile);
    if (k8sAbs) {
      const ref = JSON.parse(readFileSync(k8sAbs, "utf8")).$ref as string;
      const schema = { $ref: `k8s${ref.slice(ref.indexOf("#"))}` };
      fn = this.store.get(schema, [this.definitions()], () => {
        this.loadDefinitions();
        return this.ajv.compile(schema);
      });
    } else if (apiVersion.includes("/")) {
      const crdFile = crdSchemaFile(apiVersion, kind);
      looked.push(crdFile);
      const crdAbs = schemaPath(this.opts.root, crdFile);
      if (crdAbs) {
        const schema = JSON.parse(readFileSync(crdAbs, "utf8"));
        delete schema.$schema;
        delete schema.$id;
        fn = this.store.get(schema, [], () => this.ajv.compile(schema));
      }
    }
    this.compiled.set(key, fn);
    this.looked.set(key, looked);
    return fn;
  }

  isSkipped(apiVersion: string, kind: string): boolean {
    return (this.opts.skip ?? []).some((s) => s.kind === kind && (!s.apiVersion || s.apiVersion === "*" || s.apiVersion === apiVersion));
  }

  validate(object: K8sObject): SchemaVerdict {
    const { apiVersion, kind } = object;
    const malformed = malformedType(apiVersion, kind);
    if (malformed) return { status: "invalid", errors: [malformed] };
    if (this.isSkipped(apiVersion, kind)) return { status: "skipped" };
    const fn = this.compile(apiVersion, kind);
    if (!fn) return { status: "missing", looked: this.looked.get(`${apiVersion}/${kind}`) ?? [] };
    return fn(object) ? { status: "valid" } : { status: "invalid", errors: [...(fn.errors ?? [])] };
  }
}

// apiVersion is "<group>/<version>" or "<version>" (DNS names); kind is a CamelCase word. Anything else cannot name a schema
// file (and must not be turned into a path), so it is reported as an invalid field instead.
const API_VERSION = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const KIND = /^[A-Za-z][A-Za-z0-9]*$/;

function malformedType(apiVersion: string, kind: string): ErrorObject | undefined {
  const field = !API_VERSION.test(apiVersion) ? "apiVersion" : !KIND.test(kind) ? "kind" : undefined;
  if (!field) return undefined;
  const expected = field === "apiVersion" ? 'of the form "group/version" or "version"' : "a CamelCase word";
  return {
    keyword: "pattern",
    instancePath: `/${field}`,
    schemaPath: "#/properties/" + field,
    params: {},
    message: `must be ${expected}, not ${JSON.stringify(field === "apiVersion" ? apiVersion : kind)}`,
  };
}
