import { describe, expect, it } from "vitest";
import { admittedOtherGames, otherGameNamespaces } from "../../../scripts/lib/policy/rules/network-no-cross-game/rule.ts";
import type { LabelSelector } from "../../../scripts/lib/policy/k8s/selectors.ts";

const NAME = "kubernetes.io/metadata.name";

describe("network-no-cross-game: a selector naming one namespace asks about one game", () => {
  const selectors: LabelSelector[] = [
    { matchLabels: { [NAME]: "kube-system" } },
    { matchLabels: { [NAME]: "gaia-beta" } },
    { matchLabels: { [NAME]: "gaia-alpha" } },
    { matchLabels: { [NAME]: "gaia-unknown" } },
    { matchLabels: { [NAME]: "gaia-some-other-game" } },
    { matchLabels: { [NAME]: "gaia-" } },
    { matchLabels: { [NAME]: "gaia-beta", team: "x" } },
    { matchLabels: { [NAME]: "gaia-beta" }, matchExpressions: [{ key: NAME, operator: "NotIn", values: ["gaia-beta"] }] },
    { matchExpressions: [{ key: NAME, operator: "NotIn", values: ["gaia-alpha"] }] },
    { matchExpressions: [{ key: NAME, operator: "In", values: ["gaia-beta", "kube-system"] }] },
    { matchLabels: { team: "x" } },
  ];
  for (const games of [["alpha", "beta"], ["alpha"], []])
    it(`answers as the full list does (games: ${games.join(", ") || "none"})`, () => {
      const asked: string[] = [];
      const map = new Map(games.map((g) => [g, {}]));
      const spy = { has: (g: string) => (asked.push(g), map.has(g)), keys: () => (asked.push("*"), map.keys()) } as unknown as ReadonlyMap<string, unknown>;
      for (const s of selectors) expect(admittedOtherGames(s, "gaia-alpha", spy), JSON.stringify(s)).toEqual(otherGameNamespaces(s, "gaia-alpha", games));
      if (games.length === 2) expect(asked.filter((a) => a === "*")).toHaveLength(5); // gaia-unknown, gaia-, NotIn, In, team: x
    });
});
