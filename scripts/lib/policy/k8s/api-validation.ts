// The API server's syntax checks of names, label keys/values and annotation keys (k8s.io/apimachinery's
// validation package), with its own error texts, so a finding reads like the refusal it predicts.

export const DNS1123_LABEL_MAX = 63;
export const DNS1123_SUBDOMAIN_MAX = 253;
export const LABEL_VALUE_MAX = 63;
export const QUALIFIED_NAME_MAX = 63;

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

const tooLong = (max: number) => `must be no more than ${max} characters`;

export function dns1123LabelErrors(value: string): string[] {
  const out: string[] = [];
  if (value.length > DNS1123_LABEL_MAX) out.push(tooLong(DNS1123_LABEL_MAX));
  if (!DNS1123_LABEL.test(value))
    out.push("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character");
  return out;
}

export function dns1123SubdomainErrors(value: string): string[] {
  const out: string[] = [];
  if (value.length > DNS1123_SUBDOMAIN_MAX) out.push(tooLong(DNS1123_SUBDOMAIN_MAX));
  if (!DNS1123_SUBDOMAIN.test(value))
    out.push(
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
    );
  return out;
}

export function dns1035LabelErrors(value: string): string[] {
  const out: string[] = [];
  if (value.length > DNS1123_LABEL_MAX) out.push(tooLong(DNS1123_LABEL_MAX));
  if (!DNS1035_LABEL.test(value))
    out.push(
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
    );
  return out;
}

/** path.IsValidPathSegmentName: what RBAC objects' names must be. */
export function pathSegmentErrors(value: string): string[] {
  if (value === "." || value === "..") return [`may not be '${value}'`];
  return ["/", "%"].filter((c) => value.includes(c)).map((c) => `may not contain '${c}'`);
}

/** IsQualifiedName: label keys, annotation keys and selector keys (`[prefix/]name`). */
export function qualifiedNameErrors(value: string): string[] {
  const parts = value.split("/");
  let name = value;
  const out: string[] = [];
  if (parts.length === 2) {
    const [prefix] = parts;
    name = parts[1];
    if (prefix.length === 0) out.push("prefix part must be non-empty");
    else out.push(...dns1123SubdomainErrors(prefix).map((e) => `prefix part ${e}`));
  } else if (parts.length > 2) {
    return [
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name.length === 0) out.push("name part must be non-empty");
  else if (name.length > QUALIFIED_NAME_MAX) out.push(`name part ${tooLong(QUALIFIED_NAME_MAX)}`);
  if (name.length > 0 && !QUALIFIED_NAME_PART.test(name))
    out.push("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character");
  return out;
}

export function labelValueErrors(value: string): string[] {
  const out: string[] = [];
  if (value.length > LABEL_VALUE_MAX) out.push(tooLong(LABEL_VALUE_MAX));
  if (!LABEL_VALUE.test(value))
    out.push(
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
    );
  return out;
}

export type NameSyntax = "dns1123-label" | "dns1035-label" | "dns1123-subdomain" | "path-segment";

export interface NameRule {
  syntax: NameSyntax;
  /** A tighter length limit than the syntax's own, with the reason the API server gives. */
  maxLength?: { value: number; why: string };
}

const RBAC_GROUP = "rbac.authorization.k8s.io";

/** How the API server validates metadata.name of a kind (ValidateObjectMeta's name function, plus per-kind limits). */
export function nameRuleFor(group: string, kind: string): NameRule {
  if (group === "" && kind === "Namespace") return { syntax: "dns1123-label" };
  if (group === "" && kind === "Service") return { syntax: "dns1035-label" };
  if (group === RBAC_GROUP && ["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"].includes(kind)) return { syntax: "path-segment" };
  if (group === "batch" && kind === "CronJob")
    return { syntax: "dns1123-subdomain", maxLength: { value: 52, why: "the CronJob controller appends an 11-character suffix to name its Jobs" } };
  if (group === "batch" && kind === "Job")
    return { syntax: "dns1123-subdomain", maxLength: { value: 63, why: "the name becomes the value of the Job's batch.kubernetes.io/job-name label" } };
  return { syntax: "dns1123-subdomain" };
}

export function nameErrors(rule: NameRule, value: string): string[] {
  const base =
    rule.syntax === "dns1123-label"
      ? dns1123LabelErrors(value)
      : rule.syntax === "dns1035-label"
        ? dns1035LabelErrors(value)
        : rule.syntax === "path-segment"
          ? pathSegmentErrors(value)
          : dns1123SubdomainErrors(value);
  if (rule.maxLength && value.length > rule.maxLength.value && !base.some((e) => e.startsWith("must be no more than")))
    return [`${tooLong(rule.maxLength.value)} (${rule.maxLength.why})`, ...base];
  return base;
}

export const SYNTAX_NAMES: Record<NameSyntax, string> = {
  "dns1123-label": "a DNS-1123 label",
  "dns1035-label": "a DNS-1035 label",
  "dns1123-subdomain": "a DNS-1123 subdomain",
  "path-segment": "a path segment name",
};

/** A YAML scalar as the API server reads it in a string field ("" when absent; a mapping or list as JSON). */
export function scalarText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return value.toString();
  return JSON.stringify(value) ?? "";
}

/** The API group of an apiVersion ("" for the core group). */
export function apiGroupOf(apiVersion: unknown): string {
  const v = scalarText(apiVersion);
  return v.includes("/") ? v.slice(0, v.indexOf("/")) : "";
}

// The API groups Kubernetes 1.30 serves itself; everything else is a custom resource, validated by its CRD's schema only.
const BUILTIN_GROUPS = new Set([
  "",
  "admissionregistration.k8s.io",
  "apiextensions.k8s.io",
  "apiregistration.k8s.io",
  "apps",
  "authentication.k8s.io",
  "authorization.k8s.io",
  "autoscaling",
  "batch",
  "certificates.k8s.io",
  "coordination.k8s.io",
  "discovery.k8s.io",
  "events.k8s.io",
  "flowcontrol.apiserver.k8s.io",
  "internal.apiserver.k8s.io",
  "networking.k8s.io",
  "node.k8s.io",
  "policy",
  "rbac.authorization.k8s.io",
  "resource.k8s.io",
  "scheduling.k8s.io",
  "storage.k8s.io",
  "storagemigration.k8s.io",
]);

/** Built-in API groups: the API server validates their pod templates and selectors itself (custom resources only get the OpenAPI schema). */
export function isBuiltinGroup(group: string): boolean {
  return BUILTIN_GROUPS.has(group);
}

/** apimachinery's TotalAnnotationSizeLimitB: keys plus values of all annotations, in bytes. */
export const ANNOTATIONS_MAX_BYTES = 256 * 1024;
/** core/v1 validation's MaxSecretSize, also the ConfigMap limit (data plus binaryData). */
export const CONFIG_DATA_MAX_BYTES = 1024 * 1024;

export const utf8Bytes = (text: string): number => Buffer.byteLength(text, "utf8");

/** Bytes of the annotations as the API server counts them (sum of key and value lengths). */
export function annotationBytes(annotations: unknown): number {
  if (!annotations || typeof annotations !== "object") return 0;
  return Object.entries(annotations).reduce((sum, [k, v]) => sum + utf8Bytes(k) + utf8Bytes(scalarText(v)), 0);
}

export const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
