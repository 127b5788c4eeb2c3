import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseSource, type ParsedSource } from "../../../scripts/lib/parse/source.ts";
import { parseSourceFast } from "../../../scripts/lib/parse/fast-source.ts";
import { plainDeployments, plainMixedObjects } from "../../../scripts/bench/plain-manifests.ts";

const FILE = "games/demo/x.yaml";
const isLazy = (p: ParsedSource) => p.documents.length > 0 && p.documents.every((d) => Object.getOwnPropertyDescriptor(d, "doc")?.get !== undefined);

function* paths(v: unknown, p: Array<string | number> = []): Generator<Array<string | number>> {
  yield p;
  if (v && typeof v === "object") for (const k of Object.keys(v)) yield* paths((v as any)[k], [...p, Array.isArray(v) ? Number(k) : k]);
}

/** What later stages see of a parse: values, document lines and indexes, findings, and the line of every field. */
function observed(p: ParsedSource) {
  return {
    fatal: p.fatal,
    findings: p.findings,
    documents: p.documents.map((d) => ({
      index: d.index,
      line: d.line,
      value: d.value,
      fieldLines: [...paths(d.value)].map((path) => {
        const offset = (d.doc.getIn(path, true) as { range?: number[] } | undefined)?.range?.[0];
        return offset === undefined ? -1 : p.lineCounter.linePos(d.base + offset).line;
      }),
    })),
  };
}

const sample = `${plainDeployments(1)}---\n# lead comment\n\n${plainMixedObjects(4)}\n...\n---\nkind: Empty\n---\n`;

describe("parseSourceFast", () => {
  it("keeps no syntax tree, and gives the values, lines and field lines parseSource gives", () => {
    const fast = parseSourceFast(FILE, Buffer.from(sample));
    expect(isLazy(fast)).toBe(true);
    expect(observed(fast)).toEqual(observed(parseSource(FILE, Buffer.from(sample))));
    expect(fast.documents.map((d) => d.line)).toEqual([1, 51, 61, 70, 85, 110]);
  });

  it.each([
    ["an alias", "a: &x 1\nb: *x\n"],
    ["a duplicate key", "a: 1\na: 2\n"],
    ["a tab indent", "a:\n\tb: 1\n"],
    ["a syntax error between good documents", "a: 1\n---\na: [1, 2\nb: 3\n---\nc: 3\n"],
    ["too deep nesting", `${"[".repeat(150)}${"]".repeat(150)}\n`],
    ["a directive", "%YAML 1.2\n---\na: 1\n"],
  ])("gives parseSource's values and findings for %s", (_, text) => {
    expect(observed(parseSourceFast(FILE, Buffer.from(text)))).toEqual(observed(parseSource(FILE, Buffer.from(text))));
  });

  it("gives the same result as parseSource on any damaged file", () => {
    const pieces = [" ", ":", "-", "\n", "- ", ": ", "#", "[", "]", "{", "}", ",", "?", "|", ">", "'", '"', "x", "---\n", "...\n", "\\", "&", "*", "!!str "];
    const edit = fc.record({ at: fc.nat(), cut: fc.nat({ max: 3 }), piece: fc.constantFrom(...pieces) });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
        let text = sample;
        for (const e of edits) {
          const at = e.at % text.length;
          text = text.slice(0, at) + e.piece + text.slice(at + e.cut);
        }
        expect(observed(parseSourceFast(FILE, Buffer.from(text)))).toEqual(observed(parseSource(FILE, Buffer.from(text))));
      }),
      { numRuns: 150 },
    );
  });

  it("gives the same result as parseSource on any damaged file split at --- lines (the js-yaml path)", () => {
    const split = `# lead comment\n---\n${plainDeployments(2)}---\n\n${plainMixedObjects(6)}\n---\n---\nkind: Empty\nlist: [a, "b c", 'd']\n`;
    const pieces = [" ", ":", "-", "\n", "- ", ": ", "#", "[", "]", "{", "}", "'", '"', "x", "---\n", "|", ">", "1", "~", "&", "!!str "];
    const edit = fc.record({ at: fc.nat(), cut: fc.nat({ max: 3 }), piece: fc.constantFrom(...pieces) });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 0, maxLength: 3 }), (edits) => {
        let text = split;
        for (const e of edits) {
          const at = e.at % text.length;
          text = text.slice(0, at) + e.piece + text.slice(at + e.cut);
        }
        expect(observed(parseSourceFast(FILE, Buffer.from(text)))).toEqual(observed(parseSource(FILE, Buffer.from(text))));
      }),
      { numRuns: 150 },
    );
  });

  it("re-parses a document's tree on demand and keeps only recent ones", () => {
    const fast = parseSourceFast(FILE, Buffer.from(plainMixedObjects(200)));
    const first = fast.documents[0].doc;
    expect(fast.documents[0].doc).toBe(first);
    for (const d of fast.documents) void d.doc;
    expect(fast.documents[0].doc).not.toBe(first);
    expect(fast.documents[0].doc.toJS()).toEqual(fast.documents[0].value);
  });
});
