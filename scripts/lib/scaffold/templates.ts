// The files of a new game folder, in the shape of the example games: game.yaml and one thin kustomization per environment.
import type { Environment } from "../types.ts";

export const TIERS = ["indie", "growing", "viral"] as const;
export type Tier = (typeof TIERS)[number];

export const SERVICES = ["gateway", "chat", "auth", "asset", "performance", "gate-engine", "redis"] as const;

interface TierDefaults {
  players: string;
  /** Replica bounds per service, as base/components/tier-<tier> sets them on the HPAs (redis is a single StatefulSet). */
  replicas: Record<(typeof SERVICES)[number], [number, number]>;
  /** Monthly budget that covers the tier at its autoscaler maxima in production. */
  budgetUSD: number;
}

export const TIER_DEFAULTS: Record<Tier, TierDefaults> = {
  indie: {
    players: "100-500 players",
    replicas: { gateway: [1, 3], chat: [1, 3], auth: [1, 2], asset: [1, 3], performance: [1, 1], "gate-engine": [1, 2], redis: [1, 1] },
    budgetUSD: 500,
  },
  growing: {
    players: "5,000-10,000 players",
    replicas: { gateway: [2, 6], chat: [2, 10], auth: [2, 4], asset: [2, 10], performance: [1, 2], "gate-engine": [2, 4], redis: [1, 1] },
    budgetUSD: 1100,
  },
  viral: {
    players: "50,000+ players",
    replicas: { gateway: [5, 20], chat: [5, 50], auth: [5, 10], asset: [5, 30], performance: [2, 3], "gate-engine": [2, 10], redis: [1, 1] },
    budgetUSD: 20000,
  },
};

export interface GameFields {
  name: string;
  displayName: string;
  owner: string;
  tier: Tier;
  regions: string[];
  budgetUSD: number;
}

/** A YAML double-quoted scalar (JSON strings are valid YAML). */
const quoted = (text: string) => JSON.stringify(text);

export function gameYaml(g: GameFields): string {
  const services = SERVICES.map((s) => {
    const [min, max] = TIER_DEFAULTS[g.tier].replicas[s];
    return `  ${s}:\n    enabled: true\n    minReplicas: ${min}\n    maxReplicas: ${max}\n`;
  }).join("");
  return (
    "# yaml-language-server: $schema=../../schemas/game.schema.json\n" +
    `# ${g.tier[0].toUpperCase()}${g.tier.slice(1)} tier (${TIER_DEFAULTS[g.tier].players}); replica bounds start at the tier's defaults.\n` +
    `name: ${g.name}\n` +
    `displayName: ${quoted(g.displayName)}\n` +
    `owner: ${g.owner}\n` +
    `tier: ${g.tier}\n` +
    `regions:\n${g.regions.map((r) => `  - ${r}\n`).join("")}` +
    `services:\n${services}` +
    "seasons: []\n" +
    `budget:\n  monthlyUSD: ${g.budgetUSD}\n`
  );
}

const HOST_PREFIX: Record<Environment, string> = { development: "dev.play", staging: "staging.play", production: "play" };

export function environmentKustomization(name: string, tier: Tier, env: Environment): string {
  const host = `${name}.${HOST_PREFIX[env]}.gaia.tech`;
  const components = [`../../../base/components/tier-${tier}`, ...(env === "production" ? [] : [`../../../base/components/footprint-${env}`])];
  return (
    `# ${name} in ${env}: the ${env} platform in the game's own namespace, sized by its tier.\n` +
    "apiVersion: kustomize.config.k8s.io/v1beta1\n" +
    "kind: Kustomization\n" +
    `namespace: gaia-${name}\n` +
    `resources:\n  - ../../../overlays/${env}\n` +
    `components:\n${components.map((c) => `  - ${c}\n`).join("")}` +
    "labels:\n" +
    "  - pairs:\n" +
    `      gaia.tech/game: ${name}\n` +
    "    includeSelectors: false\n" +
    "patches:\n" +
    "  - target:\n" +
    "      kind: Ingress\n" +
    "      name: gateway\n" +
    "    patch: |-\n" +
    "      - op: replace\n" +
    "        path: /spec/tls/0/hosts/0\n" +
    `        value: ${host}\n` +
    "      - op: replace\n" +
    "        path: /spec/rules/0/host\n" +
    `        value: ${host}\n`
  );
}
