import { describe, expect, it } from "vitest";
import { atChangedLine, splitByChange } from "../../../scripts/lib/report/change.ts";
import type { SourceLocation } from "../../../scripts/lib/types.ts";
import { finding, report } from "./fixtures.ts";

const K = "games/alpha/production/kustomization.yaml";
const at = (line: number): SourceLocation => ({ file: K, line });
const changedLines =
  (...lines: number[]) =>
  (s: SourceLocation) =>
    s.file === K && lines.includes(s.line);

describe("atChangedLine", () => {
  it("moves a finding caused by several lines to the one the change touched, keeping the other related", () => {
    const [f] = atChangedLine([finding({ source: at(4), related: [at(5)] })], changedLines(5));
    expect(f.source).toEqual(at(5));
    expect(f.related).toEqual([at(4)]);
  });

  it("keeps the primary when it was changed, when no related line was, and leaves single-line findings alone", () => {
    const both = finding({ source: at(4), related: [at(5)] });
    expect(atChangedLine([both], changedLines(4, 5))).toEqual([both]);
    expect(atChangedLine([both], changedLines(9))).toEqual([both]);
    const single = finding({ source: at(4) });
    expect(atChangedLine([single], changedLines(4))).toEqual([single]);
  });
});

describe("splitByChange", () => {
  it("splits by the changed files; everything is in the change without a change scope", () => {
    const r = report();
    const file = r.findings[0].source.file;
    const split = splitByChange({ ...r, change: { since: "main", files: [file] } });
    expect(split.inChange.every((f) => f.source.file === file)).toBe(true);
    expect(split.inherited.every((f) => f.source.file !== file)).toBe(true);
    expect(splitByChange(r).inherited).toEqual([]);
  });
});
