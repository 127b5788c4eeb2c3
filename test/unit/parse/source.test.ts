import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS, parseSource, sourceObjects } from "../../../scripts/lib/parse/source.ts";

const parse = (text: string | Uint8Array, limits = DEFAULT_LIMITS) =>
  parseSource("games/demo/x.yaml", typeof text === "string" ? Buffer.from(text) : text, limits);
const rules = (text: string | Uint8Array, limits = DEFAULT_LIMITS) => parse(text, limits).findings.map((f) => [f.ruleId, f.source.line]);

describe("parseSource", () => {
  it("parses a clean multi-document file with each document's first content line", () => {
    const p = parse("# comment\napiVersion: v1\nkind: ConfigMap\n---\n\n# lead\napiVersion: v1\nkind: Secret\n---\n---\nkind: Service\n");
    expect(p.findings).toEqual([]);
    expect(p.fatal).toBe(false);
    expect(p.documents.map((d) => [d.index, d.line, (d.value as any).kind])).toEqual([
      [0, 2, "ConfigMap"],
      [1, 7, "Secret"],
      [3, 11, "Service"],
    ]);
  });

  it("reports a duplicate key at the second key's line", () => {
    expect(rules("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n")).toEqual([["yaml-duplicate-key", 5]]);
    expect(parse("a: 1\na: 2\n").fatal).toBe(true);
  });

  it("reports tab indentation at its line", () => {
    const found = rules("apiVersion: v1\nkind: ConfigMap\ndata:\n\tkey: value\n");
    expect(found.length).toBeGreaterThan(0);
    expect(found[0][1]).toBe(4);
    expect(found.map((f) => f[0])).toContain("yaml-tab-indent");
  });

  it("reports other syntax errors with a generic rule at their line", () => {
    expect(rules("a: 1\nb: [1, 2\nc: 3\n")[0][0]).toBe("yaml-syntax");
  });

  it("refuses non-UTF-8 and NUL bytes without parsing", () => {
    expect(rules(Buffer.from([0x61, 0x3a, 0x20, 0xc3, 0x28, 0x0a]))).toEqual([["invalid-utf8", 1]]);
    expect(rules(Buffer.from("a: 1\n\0\0\0"))).toEqual([["binary-file", 1]]);
  });

  it("refuses a file over the size bound, and accepts one at the bound", () => {
    const limits = { ...DEFAULT_LIMITS, maxBytes: 64 };
    const big = `a: "${"x".repeat(80)}"\n`;
    const p = parse(big, limits);
    expect(p.findings.map((f) => f.ruleId)).toEqual(["file-too-large"]);
    expect(p.fatal).toBe(true);
    expect(p.findings[0].message).toContain(`${big.length} bytes, over the 64-byte input limit`);
    const fits = `a: "${"x".repeat(64 - 6)}"\n`;
    expect(fits.length).toBe(64);
    expect(parse(fits, limits).findings).toEqual([]);
  });

  it("stops alias expansion past the bound (billion laughs) quickly, and allows a few aliases", () => {
    const levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
    for (let i = 1; i < 9; i++)
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(", ")}]`,
      );
    const started = performance.now();
    const found = rules(`${levels.join("\n")}\n`);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(found).toEqual([["yaml-alias-bomb", 1]]);
    expect(parse("base: &b {x: 1}\none: *b\ntwo: *b\n").findings).toEqual([]);
  });

  it("skips empty documents and keeps going after a bad document", () => {
    const p = parse("---\n---\na: 1\n---\nb: [\n---\nc: 3\n");
    expect(p.documents.map((d) => d.value)).toEqual([{ a: 1 }, { c: 3 }]);
    expect(p.fatal).toBe(true);
  });
});

describe("sourceObjects", () => {
  it("flattens List kinds into their items at the list's line", () => {
    const p = parse(
      "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: a}\n  - apiVersion: v1\n    kind: Secret\n    metadata: {name: b}\n",
    );
    const { objects, findings } = sourceObjects(p);
    expect(findings).toEqual([]);
    expect(objects.map((o) => [o.object.kind, o.line])).toEqual([
      ["ConfigMap", 1],
      ["Secret", 1],
    ]);
  });

  it("reports documents that are not objects, with their line, and gives objects an empty metadata", () => {
    const p = parse("apiVersion: v1\nkind: Namespace\n---\n- a\n- b\n---\nname: demo\n---\njust a string\n");
    const { objects, findings } = sourceObjects(p);
    expect(objects.map((o) => [o.object.kind, o.object.metadata, o.line, o.index])).toEqual([["Namespace", {}, 1, 0]]);
    expect(findings.map((f) => [f.ruleId, f.source.line])).toEqual([
      ["not-a-kubernetes-object", 4],
      ["not-a-kubernetes-object", 7],
      ["not-a-kubernetes-object", 9],
    ]);
  });

  it("does not flatten a List without items", () => {
    const { objects } = sourceObjects(parse("apiVersion: example.com/v1\nkind: PriceList\nspec: {}\n"));
    expect(objects.map((o) => o.object.kind)).toEqual(["PriceList"]);
  });
});
