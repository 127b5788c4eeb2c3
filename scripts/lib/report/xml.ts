// XML 1.0 escaping. Characters XML cannot carry at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF)
// are written as visible "\xNN" / "\uNNNN" text instead, so any message yields well-formed XML.

const NOT_XML_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function visible(ch: string): string {
  const code = ch.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

const TEXT_ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;" };
const ATTR_ENTITIES: Record<string, string> = { ...TEXT_ENTITIES, '"': "&quot;", "'": "&apos;", "\n": "&#10;", "\t": "&#9;" };

/** Escapes element content. Carriage returns become references so parsers do not normalise them away. */
export function escapeXmlText(text: string): string {
  return text.replace(NOT_XML_CHAR, visible).replace(/[&<>\r]/g, (ch) => TEXT_ENTITIES[ch]);
}

/** Escapes a double- or single-quoted attribute value; whitespace is kept as references (attribute normalisation). */
export function escapeXmlAttr(text: string): string {
  return text.replace(NOT_XML_CHAR, visible).replace(/[&<>"'\r\n\t]/g, (ch) => ATTR_ENTITIES[ch]);
}

/** `name="value" ...` from ordered pairs; undefined values are left out. */
export function xmlAttrs(pairs: Array<[string, string | number | undefined]>): string {
  return pairs
    .filter((pair): pair is [string, string | number] => pair[1] !== undefined)
    .map(([name, value]) => `${name}="${escapeXmlAttr(String(value))}"`)
    .join(" ");
}
