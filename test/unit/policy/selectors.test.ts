import { describe, expect, it } from "vitest";
import { entriesNoneHas, matchesSelector, selectorMisses } from "../../../scripts/lib/policy/k8s/selectors.ts";

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

describe("entriesNoneHas", () => {
  it("lists the entries no label set satisfies, not those some pod has", () => {
    const pods: Array<Record<string, string>> = [{ app: "web", team: "red" }, { app: "api" }];
    expect(entriesNoneHas({ matchLabels: { app: "web", tier: "gold", team: "red" } }, pods)).toEqual(["/matchLabels/tier"]);
    expect(entriesNoneHas({ matchLabels: { app: "chat" } }, pods)).toEqual(["/matchLabels/app"]);
    expect(entriesNoneHas({ matchLabels: { app: "api" } }, pods)).toEqual([]);
    expect(entriesNoneHas({ matchLabels: { app: "web" } }, [])).toEqual([]);
  });
});
