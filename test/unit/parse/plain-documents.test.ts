import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseAllDocuments } from "yaml";
import { contentLineStart, isFastReadable, readFast, splitDocuments } from "../../../scripts/lib/parse/plain-documents.ts";
import { PARSE_OPTIONS } from "../../../scripts/lib/parse/source.ts";

/** What the `yaml` package reads from one document's text: its value, or undefined when it reports an error. */
function yamlValue(text: string): { value: unknown } | undefined {
  const docs = parseAllDocuments(text, PARSE_OPTIONS);
  if (!Array.isArray(docs) || docs.length > 1) return undefined;
  if (docs.length === 0) return { value: null };
  return docs[0].errors.length ? undefined : { value: docs[0].toJS() };
}

const plainScalars = [
  "1",
  "-2",
  "+3",
  "0o17",
  "0x1F",
  "1e3",
  ".5",
  "1.0",
  "-.inf",
  ".NaN",
  "true",
  "False",
  "NULL",
  "~",
  "null",
  "yes",
  "0b1",
  "1_000",
  "2001-12-14",
  "1:20",
  "a b",
  "v1.2",
  "007",
  "x#y",
  "<<",
];
const quotedScalars = ['"1"', "'true'", '"a\\tb"', "'it''s'", '"\\u00e9"', '""', "''", '"a: b"'];
const blockScalars = ["|\n  line one\n  line two\n", "|-\n  kept\n", ">\n  folded\n  text\n", "|+\n  trailing\n\n"];
const keys = ["a", "b", "1", "true", "null-ish", "x.y/z", "'q'", '"d"', "key with space"];

type Tree = string | { map: Array<[string, Tree]> } | { seq: Tree[] };

/** One random document in the fast subset's styles (and some outside it): nested mappings, lists, every scalar style. */
const tree = fc.letrec<{ node: Tree; scalar: Tree; map: Tree; seq: Tree }>((tie) => ({
  scalar: fc.oneof(fc.constantFrom(...plainScalars), fc.constantFrom(...quotedScalars), fc.constantFrom("[1, two, '3']", "{a: 1, b: [x]}", "[]", "{}")),
  node: fc.oneof({ depthSize: "small", withCrossShrink: true }, tie("scalar"), tie("map"), tie("seq")),
  map: fc.array(fc.tuple(fc.constantFrom(...keys), tie("node")), { minLength: 1, maxLength: 4 }).map((map) => ({ map })),
  seq: fc.array(tie("node"), { minLength: 1, maxLength: 3 }).map((seq) => ({ seq })),
})).node;

function render(node: Tree, indent: number): string {
  const pad = " ".repeat(indent);
  if (typeof node === "string") return node;
  if ("map" in node)
    return node.map.map(([k, v], i) => `${i ? pad : ""}${k}:${typeof v === "string" ? ` ${v}` : `\n${pad}  ${render(v, indent + 2)}`}`).join("\n");
  return node.seq.map((v, i) => `${i ? pad : ""}- ${render(v, indent + 2)}`).join("\n");
}

const documentText = tree.map((t) => `${render(t, 0)}\n`);

describe("the fast reader", () => {
  it("reads every document it accepts to the value the yaml package gives", () => {
    let accepted = 0;
    fc.assert(
      fc.property(documentText, fc.constantFrom(...blockScalars), (text, block) => {
        const withBlock = `extra: ${block}${text.startsWith("- ") || !text.includes(":") ? "" : text}`;
        for (const doc of [text, withBlock]) {
          if (!isFastReadable(doc)) continue;
          const fast = readFast(doc, 100);
          if (!fast) continue;
          accepted++;
          expect(fast).toEqual(yamlValue(doc));
        }
      }),
      { numRuns: 400 },
    );
    expect(accepted).toBeGreaterThan(100);
  });

  it("leaves to the yaml package what it does not model, and what js-yaml rejects", () => {
    expect(isFastReadable("a: &x 1\nb: *x\n")).toBe(false);
    expect(isFastReadable("a: !!str 1\n")).toBe(false);
    expect(isFastReadable("a: [1,\n  2]\n")).toBe(false);
    expect(isFastReadable("a: |\n\n   more indented\n")).toBe(false);
    expect(isFastReadable(`${"k".repeat(1100)}: 1\n`)).toBe(false);
    expect(isFastReadable("a: [1]#c\n")).toBe(false);
    expect(isFastReadable("a: [: x]\n")).toBe(false);
    expect(isFastReadable("a:\n  -\n- b\n")).toBe(false);
    expect(isFastReadable("a: [1, 2]\nb: {c: d}\n")).toBe(true);
    expect(readFast("a: 1\na: 2\n", 100)).toBeUndefined();
    expect(readFast(`${"- ".repeat(5)}x\n`, 3)).toBeUndefined();
    expect(readFast(`${"- ".repeat(5)}x\n`, 10)).toEqual({ value: [[[[["x"]]]]] });
  });

  it("splits a file at lines that are exactly ---, and not at other markers", () => {
    expect(splitDocuments("a: 1\n---\nb: 2\n---\n")).toEqual([
      { text: "a: 1\n", start: 0, leading: true },
      { text: "b: 2\n", start: 9, leading: false },
      { text: "", start: 18, leading: false },
    ]);
    expect(splitDocuments("---\na: 1")).toEqual([
      { text: "", start: 0, leading: true },
      { text: "a: 1", start: 4, leading: false },
    ]);
    expect(splitDocuments("a: |\n  ---x\n---")).toEqual([
      { text: "a: |\n  ---x\n", start: 0, leading: true },
      { text: "", start: 15, leading: false },
    ]);
    for (const text of ["a: 1\n--- b: 2\n", "a: 1\n...\n", "a: 1\r\n---\r\n", "a\n--- # c\n"]) expect(splitDocuments(text)).toBeUndefined();
  });

  it("finds a document's first line with content", () => {
    expect(contentLineStart("# c\n\n  a: 1\n")).toBe(5);
    expect(contentLineStart("# only\n  \n")).toBe(-1);
    expect(contentLineStart("")).toBe(-1);
  });
});
