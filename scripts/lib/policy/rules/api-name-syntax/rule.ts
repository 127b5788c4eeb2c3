import type { ObjectRule, Violation } from "../../types.ts";
import { apiGroupOf, dns1123LabelErrors, nameErrors, nameRuleFor, SYNTAX_NAMES } from "../../k8s/api-validation.ts";

export const rule: ObjectRule = {
  id: "api-name-syntax",
  title: "Object names and namespaces have the syntax and length the API server accepts for their kind",
  category: "reliability",
  scope: "object",
  defaultSeverity: "error",
  rationale:
    "kustomize and a schema check accept any string as a name, but the API server refuses the object at sync time: Service names must be DNS-1035 labels (start with a letter, at most 63 characters), Namespace names DNS-1123 labels, most other kinds DNS-1123 subdomains (at most 253 characters), RBAC objects path segments; a CronJob name over 52 and a Job name over 63 characters are refused too. A namePrefix or a long game name is the usual cause.",
  fix: "Rename the object (or shorten the namePrefix/nameSuffix that builds its name): lower-case letters, digits and '-', starting and ending with a letter or digit.",
  kinds: [],
  check(object) {
    const kind = String(object.kind);
    const meta = object.metadata ?? {};
    const out: Violation[] = [];
    const name = meta.name;
    if (name === undefined || name === null || name === "") {
      if (!meta.generateName)
        out.push({ message: `${kind} has no metadata.name: the API server refuses it ("name or generateName is required")`, path: "/metadata" });
    } else {
      const rule = nameRuleFor(apiGroupOf(object.apiVersion), kind);
      const errors = nameErrors(rule, String(name));
      if (errors.length > 0)
        out.push({
          message: `${kind} name "${String(name)}" is refused by the API server: it must be ${SYNTAX_NAMES[rule.syntax]}; ${errors.join("; ")}`,
          path: "/metadata/name",
        });
    }
    if (typeof meta.namespace === "string" && meta.namespace !== "") {
      const errors = dns1123LabelErrors(meta.namespace);
      if (errors.length > 0)
        out.push({
          message: `${kind} ${String(name ?? "")} has metadata.namespace "${meta.namespace}", which is not a valid namespace name: ${errors.join("; ")}`,
          path: "/metadata/namespace",
        });
    }
    return out;
  },
};
