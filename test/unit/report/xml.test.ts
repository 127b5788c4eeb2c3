import { describe, expect, it } from "vitest";
import { escapeXmlAttr, escapeXmlText, xmlAttrs } from "../../../scripts/lib/report/junit.ts";
import { parseXml } from "./xml-check.ts";

describe("xml escaping", () => {
  it("escapes markup characters in text and attributes", () => {
    expect(escapeXmlText(`a<b>&"c'`)).toBe(`a&lt;b&gt;&amp;"c'`);
    expect(escapeXmlAttr(`a<b>&"c'`)).toBe("a&lt;b&gt;&amp;&quot;c&apos;");
  });

  it("keeps whitespace in attributes as character references", () => {
    expect(escapeXmlAttr("a\nb\tc\rd")).toBe("a&#10;b&#9;c&#13;d");
    expect(escapeXmlText("a\nb\rc")).toBe("a\nb&#13;c");
  });

  it("writes characters XML cannot carry as visible text", () => {
    expect(escapeXmlText("a\u0000b\u0007c\u001bd")).toBe("a\\x00b\\x07c\\x1bd");
    expect(escapeXmlText("x\ud800y\udc00z\uffff")).toBe("x\\ud800y\\udc00z\\uffff");
    expect(escapeXmlText("pair \ud83d\ude00 kept")).toBe("pair \ud83d\ude00 kept");
  });

  it("round-trips through a strict reader", () => {
    const hostile = `<>&"' ]]> \u0000\u0007 \r\n\t end`;
    const xml = `<a ${xmlAttrs([
      ["v", hostile],
      ["skip", undefined],
      ["n", 3],
    ])}>${escapeXmlText(hostile)}</a>`;
    const parsed = parseXml(xml);
    expect(parsed.attrs).toEqual({ v: `<>&"' ]]> \\x00\\x07 \r\n\t end`, n: "3" });
    expect(parsed.text).toBe(`<>&"' ]]> \\x00\\x07 \r\n\t end`);
  });

  it("the strict reader rejects malformed documents", () => {
    expect(() => parseXml("<a>&</a>")).toThrow(/entity/);
    expect(() => parseXml("<a><b></a>")).toThrow(/mismatched/);
    expect(() => parseXml('<a x="1" x="2"/>')).toThrow(/duplicate/);
    expect(() => parseXml("<a>\u0007</a>")).toThrow(/not allowed/);
    expect(() => parseXml("<a/><b/>")).toThrow(/second root/);
    expect(() => parseXml("<a>")).toThrow(/unclosed/);
    expect(() => parseXml("<a>]]></a>")).toThrow(/]]>/);
  });
});
