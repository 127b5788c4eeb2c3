// The /compute body read without JSON.parse: it must take exactly the bodies JSON.parse reads as plain inputs.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeBits } from "../../gate-engine/src/compiled-network.ts";
import { canonicalInputs, canonicalWidth } from "../../gate-engine/src/compute-body.ts";
import type { Bit } from "../../gate-engine/src/model.ts";

describe("canonical /compute bodies", () => {
  it('reads {"inputs":[…]} written without spaces as an integer, first bit most significant', () => {
    expect(canonicalInputs('{"inputs":[1,0,1]}', 30)).toBe(5);
    expect(canonicalWidth('{"inputs":[1,0,1]}')).toBe(3);
    expect(canonicalInputs('{"inputs":[0]}', 30)).toBe(0);
    expect(canonicalInputs('{"inputs":[1,1,1,1]}', 30)).toBe(15);
  });

  it("leaves every other body to JSON.parse", () => {
    for (const text of [
      '{"inputs":[]}',
      '{"inputs": [1,0,1]}',
      '{"inputs":[1,0,1],"trace":true}',
      '{"trace":true,"inputs":[1]}',
      '{"inputs":[1,2,1]}',
      '{"inputs":[1;0;1]}',
      '{"inputs":[10,1]}',
      '{"inputs":[1,0,1]',
      '["inputs",[1,0,1]]',
      '{"inputz":[1,0,1]}',
      "",
    ]) {
      expect(canonicalInputs(text, 30), text).toBe(-1);
    }
  });

  it("refuses more bits than the compiled networks take", () => {
    const body = JSON.stringify({ inputs: Array.from({ length: 31 }, () => 1) });
    expect(canonicalInputs(body, 30)).toBe(-1);
    expect(canonicalInputs(body, 31)).toBe(2 ** 31 - 1);
  });

  it("agrees with JSON.parse on every body it takes, and takes every plain inputs body (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom<Bit>(0, 1), { minLength: 1, maxLength: 30 }), (bits) => {
        const text = JSON.stringify({ inputs: bits });
        expect(canonicalInputs(text, 30)).toBe(encodeBits(bits));
        expect(canonicalWidth(text)).toBe(bits.length);
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^\{"inputs":\[[01,\] ]{0,12}\}?$/), (text) => {
        const code = canonicalInputs(text, 30);
        if (code === -1) return;
        const parsed = JSON.parse(text) as { inputs: Bit[] };
        expect(Object.keys(parsed)).toEqual(["inputs"]);
        expect(encodeBits(parsed.inputs)).toBe(code);
        expect(parsed.inputs).toHaveLength(canonicalWidth(text));
      }),
    );
  });
});
