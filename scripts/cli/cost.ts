// gaia cost [--game g] [--format table|json]: monthly cost at the autoscalers' maxima, per service and environment.
import type { Command } from "commander";
import { discoverTargets } from "../lib/discover/discover.ts";
import { renderForCommand } from "../lib/render/render-targets-for.ts";
import { asPrices, costRows, costTargets } from "../lib/cost/model.ts";
import { formatCostTable } from "../lib/cost/table.ts";
import { loadPolicyConfig } from "../lib/repo/load.ts";
import { findRepoRoot } from "../lib/util/paths.ts";
import { UsageError } from "../lib/util/errors.ts";
import type { Io } from "./io.ts";

export function registerCost(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command("cost")
    .description("estimate each game's monthly cost per service and environment at HPA maxima")
    .option("--game <game>", "only this game")
    .option("--format <format>", "table|json", "table")
    .option("--root <dir>", "repository root")
    .action(async (flags: { game?: string; format: string; root?: string }) => {
      if (!["table", "json"].includes(flags.format)) throw new UsageError("--format must be table or json");
      const root = flags.root ?? findRepoRoot(io.cwd);
      const targets = discoverTargets(root).filter((t) => t.kind === "game" && (!flags.game || t.game === flags.game));
      if (targets.length === 0) throw new UsageError(flags.game ? `no game "${flags.game}" under games/` : "no game targets under games/");
      let prices;
      try {
        prices = asPrices(loadPolicyConfig(root, []).parameters.prices);
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      const rows = costRows(costTargets(await renderForCommand(root, targets, io.env), { game: flags.game }), prices);
      io.out(flags.format === "json" ? `${JSON.stringify({ prices, rows }, null, 2)}\n` : `${formatCostTable(rows)}\n`);
      setExit(0);
    });
}
