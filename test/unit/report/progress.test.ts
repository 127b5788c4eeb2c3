import { describe, expect, it } from "vitest";
import { formatProgress } from "../../../scripts/lib/report/index.ts";

const width = (s: string) => Array.from(s).length;

describe("formatProgress", () => {
  it("draws a bar, the count, the percentage and the label", () => {
    expect(formatProgress(12, 63, 80, "rendering games/alpha")).toBe(`${"█".repeat(6)}${"░".repeat(26)}  12/63  19%  rendering games/alpha`);
  });

  it("is empty at the start and full at the end", () => {
    expect(formatProgress(0, 10, 50, "")).toBe(`${"░".repeat(20)}   0/10   0%`);
    expect(formatProgress(10, 10, 50, "")).toBe(`${"█".repeat(20)}  10/10 100%`);
  });

  it("never exceeds the width, cutting the label first", () => {
    const long = "x".repeat(200);
    for (const columns of [100, 60, 40, 20, 8, 1]) {
      expect(width(formatProgress(5, 9, columns, long))).toBeLessThanOrEqual(columns);
    }
    const line = formatProgress(5, 9, 60, long);
    expect(line.endsWith("x…")).toBe(true);
    expect(width(line)).toBe(60);
  });

  it("clamps out-of-range input instead of failing", () => {
    expect(formatProgress(15, 10, 50, "")).toBe(formatProgress(10, 10, 50, ""));
    expect(formatProgress(-3, 10, 50, "")).toBe(formatProgress(0, 10, 50, ""));
    expect(formatProgress(Number.NaN, 10, 50, "")).toBe(formatProgress(0, 10, 50, ""));
    expect(formatProgress(0, 0, 50, "")).toBe(`${"█".repeat(20)}  0/0 100%`);
    expect(formatProgress(1, 2, Number.POSITIVE_INFINITY, "a")).toBe("");
    expect(formatProgress(1, 2, -5, "a")).toBe("");
  });

  it("shows a label that exactly fills the room in full", () => {
    const label = "y".repeat(34); // 80 columns − 44 for the bar and counts − 2 for the gap
    expect(formatProgress(12, 63, 80, label)).toBe(`${"█".repeat(6)}${"░".repeat(26)}  12/63  19%  ${label}`);
  });

  it("leaves no trailing gap when the label has no room at all", () => {
    // 24 columns: a 10-wide bar and the counts take 22, the gap would take the last 2.
    expect(formatProgress(12, 63, 24, "label")).toBe(`█${"░".repeat(9)}  12/63  19%`);
  });

  it("keeps control characters in labels from moving the cursor", () => {
    expect(formatProgress(1, 2, 80, "a\rb\nc\u001b[2K")).toMatch(/a b c \[2K$/);
  });
});
