import { describe, expect, it } from "vitest";
import type { CostRow } from "../../../scripts/lib/cost/model.ts";
import { formatCostTable } from "../../../scripts/lib/cost/table.ts";

const row = (game: string, environment: string, service: string, replicas: number, monthlyUSD: number): CostRow => ({
  game,
  environment,
  service,
  replicas,
  cpu: replicas * 0.5,
  memoryGiB: replicas,
  gpu: 0,
  storageGiB: 0,
  monthlyUSD,
});

describe("formatCostTable", () => {
  const text = formatCostTable([
    row("demo", "production", "chat", 20, 1234.5),
    row("demo", "production", "redis", 3, 15.6),
    row("other", "staging", "auth", 2, 7),
  ]);
  const lines = text.trimEnd().split("\n");

  it("prints a header, one line per service, a subtotal per game and environment, and a total", () => {
    expect(lines[0]).toMatch(/^GAME\s+ENVIRONMENT\s+SERVICE\s+REPLICAS\s+CPU\s+MEMORY GiB\s+GPU\s+STORAGE GiB\s+USD\/MONTH$/);
    expect(lines.map((l) => l.split(/\s{2,}/)[0] || l.trim().split(/\s+/)[0])).toEqual(["GAME", "demo", "demo", "subtotal", "other", "subtotal", "TOTAL"]);
    expect(lines[3]).toMatch(/subtotal\s+23\s+11\.50\s+23\.00\s+0\s+0\.0\s+1250\.10$/);
    expect(lines[6]).toMatch(/^TOTAL\s+25\s+12\.50\s+25\.00\s+0\s+0\.0\s+1257\.10$/);
  });

  it("right-aligns numbers so that columns line up", () => {
    const ends = lines.map((l) => l.length);
    expect(new Set(ends).size).toBe(1);
    expect(lines[1]).toMatch(/ 1234\.50$/);
    expect(lines[5]).toMatch(/ {4}7\.00$/);
  });

  it("says so when there is nothing to estimate", () => {
    expect(formatCostTable([])).toBe("No workloads to estimate.");
  });
});
