import { describe, expect, it } from "vitest";
import { displayValue, ordinal, stringOr } from "../../../scripts/lib/util/display.ts";

describe("displayValue", () => {
  it("writes YAML values as a reader would, never as [object Object]", () => {
    expect(displayValue("web")).toBe("web");
    expect(displayValue(8080)).toBe("8080");
    expect(displayValue(false)).toBe("false");
    expect(displayValue(undefined)).toBe("");
    expect(displayValue(null)).toBe("null");
    expect(displayValue({ name: "x" })).toBe('{"name":"x"}');
    expect(displayValue(["a", 1])).toBe('["a",1]');
  });

  it("survives values JSON cannot write", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(displayValue(cyclic)).toBe("(unprintable value)");
    expect(displayValue(() => 1)).toBe("(function)");
  });
});

describe("stringOr", () => {
  it("keeps strings and replaces anything else", () => {
    expect(stringOr("a", undefined)).toBe("a");
    expect(stringOr(3, "?")).toBe("?");
  });
});

describe("ordinal", () => {
  it.each([
    [1, "1st"],
    [2, "2nd"],
    [3, "3rd"],
    [4, "4th"],
    [11, "11th"],
    [12, "12th"],
    [13, "13th"],
    [21, "21st"],
    [102, "102nd"],
    [111, "111th"],
  ])("%i → %s", (n, text) => expect(ordinal(n)).toBe(text));
});
