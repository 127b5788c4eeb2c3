// Plain aligned text for `gaia cost`: one line per service, a subtotal per game and environment, a grand total.
import { sumRows, totalsByGameAndEnvironment, type CostRow, type CostTotal } from "./model.ts";

const HEADER = ["GAME", "ENVIRONMENT", "SERVICE", "REPLICAS", "CPU", "MEMORY GiB", "GPU", "STORAGE GiB", "USD/MONTH"];
const NUMERIC_FROM = 3;

function round(n: number, digits: number): string {
  return (Math.round(n * 10 ** digits) / 10 ** digits).toFixed(digits);
}

function cells(game: string, environment: string, service: string, t: CostTotal): string[] {
  return [
    game,
    environment,
    service,
    String(t.replicas),
    round(t.cpu, 2),
    round(t.memoryGiB, 2),
    round(t.gpu, 0),
    round(t.storageGiB, 1),
    round(t.monthlyUSD, 2),
  ];
}

function render(lines: string[][]): string {
  const widths = HEADER.map((_, i) => Math.max(...lines.map((l) => l[i].length)));
  return lines
    .map((l) =>
      l
        .map((c, i) => (i >= NUMERIC_FROM ? c.padStart(widths[i]) : c.padEnd(widths[i])))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/** The cost table as aligned text; rows are expected sorted as costRows returns them. */
export function formatCostTable(rows: CostRow[]): string {
  if (rows.length === 0) return "No workloads to estimate.";
  const lines: string[][] = [HEADER];
  const subtotals = new Map(totalsByGameAndEnvironment(rows).map((t) => [JSON.stringify([t.game, t.environment]), t]));
  rows.forEach((r, i) => {
    lines.push(cells(r.game, r.environment, r.service, r));
    const next = rows[i + 1];
    if (!next || next.game !== r.game || next.environment !== r.environment) {
      lines.push(cells("", "", "subtotal", subtotals.get(JSON.stringify([r.game, r.environment]))!));
    }
  });
  lines.push(cells("TOTAL", "", "", sumRows(rows)));
  return `${render(lines)}\n`;
}
