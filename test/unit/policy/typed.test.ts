import { describe, expect, it } from "vitest";
import { fieldOf, listOf, specOf } from "../../../scripts/lib/policy/k8s/typed.ts";
import { loadFixture, runRuleOnFixture } from "../../../scripts/lib/policy/fixtures.ts";
import { allRules } from "../../../scripts/lib/policy/rules/index.ts";
import type { K8sObject } from "../../../scripts/lib/types.ts";

const obj = (extra: Record<string, unknown>): K8sObject => ({ apiVersion: "v1", kind: "Service", metadata: { name: "s" }, ...extra });

describe("typed views of parsed objects", () => {
  it("reads a spec only when it is a mapping", () => {
    expect(specOf(obj({ spec: { type: "ClusterIP" } }))).toEqual({ type: "ClusterIP" });
    expect(specOf(obj({ spec: ["not", "a", "mapping"] }))).toEqual({});
    expect(specOf(obj({ spec: "text" }))).toEqual({});
    expect(specOf(obj({}))).toEqual({});
  });

  it("reads a top-level field only when it is a mapping", () => {
    expect(fieldOf(obj({ roleRef: { kind: "Role" } }), "roleRef")).toEqual({ kind: "Role" });
    expect(fieldOf(obj({ roleRef: "admin" }), "roleRef")).toBeUndefined();
    expect(fieldOf(obj({}), "roleRef")).toBeUndefined();
  });

  it("reads anything that is not a list as an empty list", () => {
    expect(listOf([1, 2])).toEqual([1, 2]);
    expect(listOf(undefined)).toEqual([]);
    expect(listOf(null)).toEqual([]);
    expect(listOf({ a: 1 } as unknown as number[])).toEqual([]);
  });

  it("lets the typed rules read an Ingress whose rules are a mapping without throwing", () => {
    const fixture = loadFixture(
      "inline.yaml",
      "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: { name: web, namespace: gaia-demo }\nspec:\n  rules: { host: a.example }\n  tls: { hosts: a }\n",
    );
    for (const id of ["ingress-tls", "ingress-backend-exists", "network-only-gateway-external"]) {
      const rule = allRules().find((r) => r.id === id)!;
      expect(() => runRuleOnFixture(rule, fixture), id).not.toThrow();
    }
  });
});
