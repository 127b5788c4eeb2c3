import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { SourceLocator } from "../../../scripts/lib/parse/locate.ts";
import { parseSource } from "../../../scripts/lib/parse/source.ts";
import { parseSourceFast } from "../../../scripts/lib/parse/fast-source.ts";
import { blockPointerLine } from "../../../scripts/lib/parse/block-lines.ts";
import { plainDeployments, plainMixedObjects } from "../../../scripts/bench/plain-manifests.ts";

const FILE = "games/demo/x.yaml";

function* pointers(v: unknown, p = ""): Generator<string> {
  yield p;
  if (v && typeof v === "object") {
    for (const k of Object.keys(v)) yield* pointers((v as any)[k], `${p}/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`);
    yield `${p}/missing`;
    if (Array.isArray(v)) yield `${p}/${v.length}`;
  }
}

/** Every pointer of every document located from the text and from the yaml tree, as [pointer, tree line, text line]. */
function compare(text: string): Array<[string, unknown, unknown]> {
  const fast = parseSourceFast(FILE, Buffer.from(text));
  const tree = new SourceLocator("/nonexistent");
  const read = new SourceLocator("/nonexistent");
  tree.registerParsed(parseSource(FILE, Buffer.from(text)));
  read.registerParsed(fast);
  const out: Array<[string, unknown, unknown]> = [];
  for (const d of fast.documents) {
    for (const pointer of pointers(d.value)) {
      for (const rendered of [d.value, undefined]) {
        const pick = (x: { index: number }) => x.index === d.index;
        out.push([pointer, tree.lineIn(FILE, pointer, pick, rendered), read.lineIn(FILE, pointer, pick, rendered)]);
      }
    }
  }
  return out;
}

const agree = (text: string) => compare(text).filter(([, a, b]) => JSON.stringify(a) !== JSON.stringify(b));

const styles = `apiVersion: v1
kind: Pod
metadata:
  name: p   # trailing comment
  labels:

    # a comment line
    app: "quoted"
    'single''s': x
    1: number-key
spec:
  containers:
  - name: a
    args:
      - one
      -
      - - nested
        - list
    command: [sh, -c]
    env:
      -
        name: B
        value: |
          block
          text
      - name: A
        value: folded
          plain
  - name: b
  volumes: []
  empty:
  last: 1
`;

describe("blockPointerLine", () => {
  it("finds the line the yaml tree gives for every field of realistic manifests", () => {
    expect(agree(`${plainDeployments(2)}---\n${plainMixedObjects(8)}`)).toEqual([]);
  });

  it("finds the line the yaml tree gives in lists at the key's indentation, empty values, comments and quoted keys", () => {
    expect(agree(styles)).toEqual([]);
  });

  it("matches list items by merge key as the tree walk does", () => {
    const text = "spec:\n  containers:\n    - name: b\n      image: x\n    - name: a\n      image: y\n";
    expect(blockPointerLine(text, 1, ["spec", "containers", "0", "image"], { spec: { containers: [{ name: "a" }] } })).toEqual({ line: 6, exact: true });
    expect(blockPointerLine(text, 10, ["spec", "containers", "1", "image"], undefined)).toEqual({ line: 15, exact: true });
    expect(blockPointerLine(text, 1, ["spec", "containers", "0", "image"], { spec: { containers: [{ name: "z" }] } })).toEqual({ line: 2, exact: false });
  });

  it("leaves flow collections on the path and escaped keys to the tree", () => {
    expect(blockPointerLine("a: [1, 2]\n", 1, ["a", "0"], undefined)).toBeUndefined();
    expect(blockPointerLine('"a\\tb": 1\n', 1, ["a\tb"], undefined)).toBeUndefined();
  });

  it("agrees with the tree on any damaged manifest the fast reader accepts", () => {
    const sample = `${plainDeployments(1)}---\n${styles}`;
    const pieces = [" ", "  ", ":", "-", "\n", "- ", ": ", "#", "x", "|", "'", '"', "[", "]"];
    const edit = fc.record({ at: fc.nat(), cut: fc.nat({ max: 3 }), piece: fc.constantFrom(...pieces) });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
        let text = sample;
        for (const e of edits) {
          const at = e.at % text.length;
          text = text.slice(0, at) + e.piece + text.slice(at + e.cut);
        }
        expect(agree(text)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
