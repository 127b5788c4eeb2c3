import type { RepoRule, RepoViolation as Violation } from "../../types.ts";
import { asPrices, pricedRows, priceProblems, sumRows } from "../../../cost/model.ts";

function usd(n: number): string {
  return `$${n.toFixed(2)}`;
}

export const rule: RepoRule = {
  id: "budget",
  title: "A game's monthly cost at its autoscaler maxima stays within its budget",
  category: "quotas",
  scope: "repo",
  defaultSeverity: "error",
  rationale:
    "Autoscaling turns a traffic spike into a bill. Pricing every service at its HPA maximum (requests × hours × the price table) before merge tells the game team what a peak month can cost while the change is still cheap to adjust.",
  fix: "Lower autoscaler maxima or requests, or raise budget.monthlyUSD in game.yaml with the owner's agreement. `gaia cost --game <g>` shows the estimate per service.",
  kinds: [],
  params: { environment: { description: "Environment whose rendered target is priced", default: "production" } },
  check(ctx) {
    const environment = String(ctx.params.environment ?? "production");
    const rendered = ctx.repo.summaries.filter((t) => t.status === "ok" && t.target.kind === "game" && t.target.environment === environment);
    // Only games with a target in the run are priced: their game.yaml is all this reads.
    const priced = [...new Set(rendered.flatMap((t) => t.target.game ?? []))]
      .flatMap((name) => {
        const game = ctx.repo.games.get(name);
        return game && typeof game.spec.budget?.monthlyUSD === "number" ? [{ name, game, targets: rendered.filter((t) => t.target.game === name) }] : [];
      })
      .sort((a, b) => a.name.localeCompare(b.name));
    if (priced.length === 0) return [];
    const problems = priceProblems(ctx.shared.prices);
    if (problems.length > 0) {
      return [
        {
          message: `cannot price games against their budgets: ${problems.join("; ")}`,
          file: "policies/config.yaml",
          path: "/parameters/prices",
          fix: "Define parameters.prices {cpuCoreHour, memoryGiBHour, gpuHour, storageGiBMonth, hoursPerMonth} in policies/config.yaml.",
        },
      ];
    }
    const prices = asPrices(ctx.shared.prices);
    const out: Violation[] = [];
    for (const { name, game, targets } of priced) {
      const rows = pricedRows(
        targets.map((t) => ({ game: name, environment, demand: t.demand })),
        prices,
      );
      const total = sumRows(rows).monthlyUSD;
      const budget = game.spec.budget!.monthlyUSD;
      if (total <= budget) continue;
      const biggest = [...rows]
        .sort((a, b) => b.monthlyUSD - a.monthlyUSD)
        .slice(0, 3)
        .map((r) => `${r.service} ${usd(r.monthlyUSD)}`);
      out.push({
        message: `game ${name} can cost ${usd(total)}/month in ${environment} at its autoscaler maxima, above its budget ${usd(budget)} (biggest: ${biggest.join(", ")})`,
        file: game.file,
        path: "/budget/monthlyUSD",
        target: targets[0].target.path,
      });
    }
    return out;
  },
};
