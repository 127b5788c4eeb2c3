import type { ObjectRule, Violation } from "../../types.ts";
import { ordinal } from "../../../util/display.ts";
import type { IngressSpec } from "kubernetes-types/networking/v1.js";
import { listOf, specOf } from "../../k8s/typed.ts";

const ISSUER_ANNOTATIONS = ["cert-manager.io/cluster-issuer", "cert-manager.io/issuer"];

/** A TLS host entry covers a rule host exactly, or as a single-label wildcard (*.example.com). */
export function hostCovered(host: string, tlsHosts: string[]): boolean {
  return tlsHosts.some((t) => t === host || (t.startsWith("*.") && host.endsWith(t.slice(1)) && !host.slice(0, -(t.length - 1)).includes(".")));
}

export const rule: ObjectRule = {
  id: "ingress-tls",
  title: "Ingresses serve every host over TLS with a cert-manager certificate (staging, production)",
  category: "security",
  scope: "object",
  defaultSeverity: "error",
  rationale:
    "A host without TLS sends player sessions and tokens in clear text; a certificate without a cert-manager issuer is renewed by hand and expires in production.",
  fix: "List every rule host under spec.tls[].hosts with a secretName, and annotate the Ingress with cert-manager.io/cluster-issuer.",
  kinds: ["Ingress"],
  environments: ["staging", "production"],
  covers: { polaris: ["tlsSettingsMissing"] },
  stricter: {
    polaris: {
      tlsSettingsMissing:
        "Also requires every rule host to be listed under spec.tls[].hosts and a cert-manager issuer annotation; Polaris checks only that spec.tls is set.",
    },
  },
  check(object) {
    const spec = specOf<IngressSpec>(object);
    const out: Violation[] = [];
    const name = `Ingress "${object.metadata?.name}"`;
    const tls = listOf(spec.tls);
    if (tls.length === 0) out.push({ message: `${name} has no spec.tls section`, path: object.spec ? "/spec" : "" });
    const tlsHosts: string[] = tls.flatMap((t) => listOf(t?.hosts).map(String));
    listOf(spec.rules).forEach((r, i) => {
      if (tls.length === 0) return;
      if (typeof r?.host !== "string" || r.host === "")
        out.push({ message: `${name}: its ${ordinal(i + 1)} rule has no host, so no TLS certificate can cover it`, path: `/spec/rules/${i}` });
      else if (!hostCovered(r.host, tlsHosts))
        out.push({ message: `${name} host ${r.host} is not listed in spec.tls[].hosts (${tlsHosts.join(", ") || "none"})`, path: `/spec/rules/${i}/host` });
    });
    const annotations = object.metadata?.annotations ?? {};
    if (!ISSUER_ANNOTATIONS.some((a) => typeof annotations[a] === "string" && annotations[a] !== "")) {
      out.push({
        message: `${name} has no cert-manager issuer annotation (${ISSUER_ANNOTATIONS.join(" or ")})`,
        path: object.metadata?.annotations ? "/metadata/annotations" : "/metadata",
      });
    }
    return out;
  },
};
