import { describe, expect, it } from "vitest";
import { matchesSelector, selectorMisses } from "../../../scripts/lib/policy/k8s/selectors.ts";

describe("selectorMisses", () => {
  const labels = { app: "web", "k8s-app": "kube-dns" };
  it("lists the matchLabels keys and matchExpressions a label set fails, as pointers inside the selector", () => {
    const selector = {
      matchLabels: { app: "web", team: "red", "a/b": "x" },
      matchExpressions: [
        { key: "app", operator: "In", values: ["web"] },
        { key: "tier", operator: "Exists" },
      ],
    };
    expect(selectorMisses(selector, labels)).toEqual(["/matchLabels/team", "/matchLabels/a~1b", "/matchExpressions/1"]);
    expect(matchesSelector(selector, labels)).toBe(false);
  });

  it("lists nothing for a matching, empty or missing selector", () => {
    expect(selectorMisses({ matchLabels: { app: "web" } }, labels)).toEqual([]);
    expect(selectorMisses({}, labels)).toEqual([]);
    expect(selectorMisses(undefined, labels)).toEqual([]);
  });
});
