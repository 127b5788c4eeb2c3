// schema: strict JSON-schema validation of objects with ajv, one compiled validator per apiVersion/kind.
import { readFileSync } from "node:fs";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import type { K8sObject } from "../types.ts";
import { schemaPath } from "../util/paths.ts";
import { KUBERNETES_DEFINITION_KEYWORDS, KUBERNETES_SCHEMA_DIR, kubernetesSchemaFile } from "./kubernetes-schemas.ts";
import { crdSchemaFile, KUBERNETES_SCHEMA_KEYWORDS } from "./crd-schemas.ts";

export type SchemaVerdict =
  { status: "valid" } | { status: "invalid"; errors: ErrorObject[] } | { status: "missing"; looked: string[] } | { status: "skipped" };

export interface SchemaValidatorOptions {
  root: string;
  /** apiVersion/kind pairs ("*" allowed for apiVersion) not to validate. */
  skip?: Array<{ apiVersion?: string; kind: string }>;
  /** Folder of Kubernetes schemas (repo-relative), default the pinned version's. */
  kubernetesDir?: string;
}

const GO_DURATION = /^[-+]?(0|((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+)$/;
const ISO_DURATION = /^P(?!$)((\d+Y)?(\d+M)?(\d+W)?(\d+D)?)(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;

export function createAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, verbose: true, validateSchema: false, logger: false });
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  // Kubernetes (and kubeconform) read `format: duration` as a Go duration ("5m", "1h30m"); ISO 8601 ("PT5M") also passes.
  ajv.addFormat("duration", (value: string) => GO_DURATION.test(value) || ISO_DURATION.test(value));
  for (const k of new Set([...KUBERNETES_SCHEMA_KEYWORDS, ...KUBERNETES_DEFINITION_KEYWORDS])) ajv.addKeyword(k);
  return ajv;
}

/** Compiles and caches validators; reads schema files only when a kind is first seen. */
export class SchemaValidator {
  private readonly ajv = createAjv();
  private readonly compiled = new Map<string, ValidateFunction | undefined>();
  private readonly looked = new Map<string, string[]>();
  private definitionsLoaded = false;
  private readonly kubernetesDir: string;

  constructor(private readonly opts: SchemaValidatorOptions) {
    this.kubernetesDir = opts.kubernetesDir ?? KUBERNETES_SCHEMA_DIR;
  }

  private loadDefinitions(): void {
    if (this.definitionsLoaded) return;
    this.definitionsLoaded = true;
    const file = schemaPath(this.opts.root, `${this.kubernetesDir}/_definitions.json`);
    if (file) this.ajv.addSchema(JSON.parse(readFileSync(file, "utf8")), "k8s");
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
      this.loadDefinitions();
      const ref = JSON.parse(readFileSync(k8sAbs, "utf8")).$ref as string;
      fn = this.ajv.compile({ $ref: `k8s${ref.slice(ref.indexOf("#"))}` });
    } else if (apiVersion.includes("/")) {
      const crdFile = crdSchemaFile(apiVersion, kind);
      looked.push(crdFile);
      const crdAbs = schemaPath(this.opts.root, crdFile);
      if (crdAbs) {
        const schema = JSON.parse(readFileSync(crdAbs, "utf8"));
        delete schema.$schema;
        delete schema.$id;
        fn = this.ajv.compile(schema);
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
