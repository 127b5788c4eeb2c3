// Finding ids that come from the pipeline's own stages (syntax, schema, render, configuration), not from a policy
// rule folder: described here so `gaia explain`, SARIF and docs can say what each one means and how to fix it.
import type { Category, Severity } from "../types.ts";

export interface BuiltinIdDoc {
  title: string;
  category: Category;
  severity: Severity;
  rationale: string;
  fix: string;
}

export const BUILTIN_IDS: Record<string, BuiltinIdDoc> = {
  "yaml-syntax": {
    title: "YAML does not parse",
    category: "syntax",
    severity: "error",
    rationale: "kustomize, kubectl and Argo CD refuse a file that is not valid YAML; nothing in it can be checked.",
    fix: "Fix the YAML at the reported line (indentation, an unclosed quote or bracket, a stray colon).",
  },
  "yaml-duplicate-key": {
    title: "A mapping repeats a key",
    category: "syntax",
    severity: "error",
    rationale: "Parsers keep only one of the values, silently; which one differs between tools.",
    fix: "Remove one of the duplicate keys.",
  },
  "yaml-tab-indent": {
    title: "Tabs used for indentation",
    category: "syntax",
    severity: "error",
    rationale: "YAML forbids tabs for indentation; tools reject or misread the file.",
    fix: "Indent with spaces.",
  },
  "yaml-alias-bomb": {
    title: "Aliases expand past the limit",
    category: "syntax",
    severity: "error",
    rationale: "Recursive anchors and aliases can expand a small file into gigabytes (the 'billion laughs' attack).",
    fix: "Remove the recursive anchors and aliases; write the values out.",
  },
  "file-too-large": {
    title: "File over the size limit",
    category: "syntax",
    severity: "error",
    rationale: "Manifests this large are almost always generated data committed by mistake; they are not parsed.",
    fix: "Split the file, or move generated data out of the manifest folders.",
  },
  "binary-file": {
    title: "Binary file among the manifests",
    category: "syntax",
    severity: "error",
    rationale: "A file with NUL bytes is not YAML; kustomize fails on it.",
    fix: "Remove the binary file from the manifest folders or from the kustomization's resources.",
  },
  "invalid-utf8": {
    title: "File is not UTF-8",
    category: "syntax",
    severity: "error",
    rationale: "YAML must be UTF-8 here; other encodings are misread.",
    fix: "Re-save the file as UTF-8.",
  },
  "not-a-kubernetes-object": {
    title: "Document is not a Kubernetes object",
    category: "syntax",
    severity: "error",
    rationale:
      "A document without a string apiVersion and kind, or whose metadata, name or namespace has the wrong type, cannot be applied; no schema or rule can check it.",
    fix: "Give every object a string apiVersion and kind and a metadata mapping with a string name, or remove the document.",
  },
  "yaml-too-deep": {
    title: "Document nests past the depth limit",
    category: "syntax",
    severity: "error",
    rationale: "No Kubernetes object needs 100 levels of nesting; such input is generated or hostile and would exhaust the parsers' stacks.",
    fix: "Flatten the structure at the reported line.",
  },
  "check-crashed": {
    title: "A check failed on an object",
    category: "config",
    severity: "error",
    rationale: "A rule or stage threw on this object (usually a field of an unexpected type); the object was not fully checked, the rest of the run was.",
    fix: "Fix the field types the message names; if the object is well-formed, report the bug with the stack from `gaia validate --debug`.",
  },
  "render-timeout": {
    title: "kustomize build took too long",
    category: "render",
    severity: "error",
    rationale: "A build that runs past the limit would hold CI; it is stopped and reported with the time it ran, and the other targets are still checked.",
    fix: "Find what makes the build slow (remote resources, large generators, Helm charts) or raise `--render-timeout`.",
  },
  "schema-invalid": {
    title: "Object does not match its API schema",
    category: "schema",
    severity: "error",
    rationale: "The API server rejects an object that breaks its schema (a wrong value, format or pattern).",
    fix: "Fix the field at the reported path to match the API schema (`kubectl explain <kind>.<field>` describes it).",
  },
  "schema-missing": {
    title: "No schema for the kind",
    category: "schema",
    severity: "error",
    rationale: "Without a schema the object cannot be checked; a typo in apiVersion or kind looks exactly like this.",
    fix: "Correct apiVersion/kind, add the CRD's schema under schemas/, or list the kind under schemas.skip in policies/config.yaml.",
  },
  "schema-required": {
    title: "Required field missing",
    category: "schema",
    severity: "error",
    rationale: "The API server rejects an object without its required fields.",
    fix: "Add the field named in the message.",
  },
  "schema-type": {
    title: "Field has the wrong type",
    category: "schema",
    severity: "error",
    rationale: "The API server rejects a value of the wrong type (a string where a number belongs, a list for a map).",
    fix: "Write the value with the type the message names (quote or unquote it, or change its shape).",
  },
  "schema-unknown-field": {
    title: "Field the API does not know",
    category: "schema",
    severity: "error",
    rationale: "Unknown fields are usually typos or wrong indentation; the API server drops or rejects them (kubeconform -strict).",
    fix: "Fix the spelling or indentation, or remove the field.",
  },
  "promql-syntax": {
    title: "PromQL expression does not parse",
    category: "schema",
    severity: "error",
    rationale: "Prometheus rejects the whole rule group when one expression does not parse, so none of its alerts fire.",
    fix: "Fix the expression; try it in the Prometheus UI or with promtool check rules.",
  },
  "document-schema": {
    title: "Repository document does not match its schema",
    category: "config",
    severity: "error",
    rationale: "game.yaml, cluster.yaml and policies/* drive the checks and the deployments; a wrong one makes both wrong.",
    fix: "Fix the field at the reported path; the schemas are under schemas/.",
  },
  "custom-rule-invalid": {
    title: "Custom rule does not compile",
    category: "config",
    severity: "error",
    rationale: "A custom rule whose JSON schema is invalid checks nothing.",
    fix: "Fix the JSON schema under `schema:` in the policies/custom/ file.",
  },
  "exception-expired": {
    title: "Policy exception expired",
    category: "config",
    severity: "error",
    rationale: "Exceptions are temporary; once expired, what they waived is reported again.",
    fix: "Fix what the exception waived, or renew it in policies/exceptions.yaml with a new date and reason after review.",
  },
  "exception-unused": {
    title: "Policy exception matches nothing",
    category: "config",
    severity: "warning",
    rationale: "A stale exception would silently waive a future finding it was never meant for.",
    fix: "Delete the exception from policies/exceptions.yaml.",
  },
  "ignored-by-annotation": {
    title: "Finding silenced by annotation",
    category: "config",
    severity: "info",
    rationale: "policies/config.yaml allows this rule to be silenced per object; the report still shows it was.",
    fix: "Nothing to do; remove the gaia.tech/ignore annotation to see the finding again.",
  },
  "ignore-annotation-not-allowed": {
    title: "Annotation tries to silence a rule that may not be silenced",
    category: "config",
    severity: "warning",
    rationale: "Only rules with allowIgnoreAnnotation in policies/config.yaml can be silenced per object.",
    fix: "Fix the finding, or add an exception with owner, reason and expiry to policies/exceptions.yaml.",
  },
  "kustomize-build": {
    title: "kustomize build fails",
    category: "render",
    severity: "error",
    rationale: "Argo CD cannot sync a target that does not build; nothing of it is checked.",
    fix: "Fix the kustomization entry named in kustomize's message (a missing resource, patch target or component).",
  },
  "kustomize-no-op": {
    title: "A kustomization entry changes nothing",
    category: "render",
    severity: "error",
    rationale:
      "kustomize silently ignores a targeted patch or an images entry that selects nothing, and a namespace or labels that apply to no object: the change the author meant is not deployed.",
    fix: "Correct the entry's target or image name to what the kustomization builds, or remove the entry.",
  },
  "target-renders-nothing": {
    title: "A target renders zero objects",
    category: "render",
    severity: "warning",
    rationale: "kustomize and Argo CD accept an empty build, so a wrong path or an empty resources list would pass unnoticed.",
    fix: "List the resources or components the target should deploy, or remove the target folder.",
  },
  "remote-input-refused": {
    title: "A kustomization refers to a remote base or resource",
    category: "render",
    severity: "error",
    rationale: "gaia never uses the network: a remote base changes without review and is refused before kustomize runs.",
    fix: "Vendor what is needed into this repository (base/ through a platform pull request) and refer to it by a relative path.",
  },
  "helm-chart-refused": {
    title: "A kustomization inflates a Helm chart",
    category: "render",
    severity: "error",
    rationale: "helmCharts make kustomize download charts and run Helm; gaia never fetches anything and refuses the target before kustomize runs.",
    fix: "Render the chart once (helm template), commit the manifests under base/, and list them as resources.",
  },
  "unsafe-input-refused": {
    title: "An input is outside the repository or not a regular file",
    category: "render",
    severity: "error",
    rationale:
      "A symlink leading out of the repository could read any file of the machine; a FIFO or device could block or never end. They are refused without being opened.",
    fix: "Refer only to regular files inside the repository.",
  },
  "kustomize-version-mismatch": {
    title: "kustomize version differs from Argo CD's",
    category: "config",
    severity: "warning",
    rationale: "Different kustomize versions can render the same kustomization differently.",
    fix: "Align argocd.kustomizeVersion in policies/config.yaml with the pinned kustomize (or set KUSTOMIZE to Argo CD's version).",
  },
};

/** The explanation `gaia explain` prints for a built-in id, or undefined when the id is not one. */
export function explainBuiltinId(id: string): string | undefined {
  const doc = BUILTIN_IDS[id];
  if (!doc) return undefined;
  return [
    `${id} — ${doc.title}`,
    `category: ${doc.category} · severity: ${doc.severity} · reported by the pipeline itself, not by a policy rule`,
    "",
    "Why:",
    `  ${doc.rationale}`,
    "",
    "Fix:",
    `  ${doc.fix}`,
    "",
  ].join("\n");
}
