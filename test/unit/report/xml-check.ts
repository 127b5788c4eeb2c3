// A small strict XML 1.0 reader for tests: throws on anything not well-formed, returns the element tree
// with entities decoded so tests can compare text with what went in.

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_][\w.-]*/;
const ENTITY = /^&(?:lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/;
const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
const XML_CHAR = /^[\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]*$/u;

function decode(raw: string, where: string): string {
  let out = "";
  for (let i = 0; i < raw.length;) {
    if (raw[i] === "<") throw new Error(`raw "<" in ${where}`);
    if (raw[i] !== "&") {
      out += raw[i++];
      continue;
    }
    const match = ENTITY.exec(raw.slice(i));
    if (!match) throw new Error(`bad entity in ${where}: ${raw.slice(i, i + 10)}`);
    const body = match[0].slice(1, -1);
    out += body.startsWith("#x")
      ? String.fromCodePoint(parseInt(body.slice(2), 16))
      : body.startsWith("#")
        ? String.fromCodePoint(Number(body.slice(1)))
        : NAMED[body];
    i += match[0].length;
  }
  return out;
}

export function parseXml(xml: string): XmlElement {
  if (!XML_CHAR.test(xml)) throw new Error("character not allowed in XML 1.0");
  let pos = 0;
  if (xml.startsWith("<?xml")) pos = xml.indexOf("?>") + 2;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (pos < xml.length) {
    const next = xml.indexOf("<", pos);
    const text = xml.slice(pos, next === -1 ? xml.length : next);
    if (text.includes("]]>")) throw new Error('"]]>" in text');
    const decoded = decode(text, "text");
    if (stack.length > 0) stack[stack.length - 1].text += decoded;
    else if (decoded.trim() !== "") throw new Error("text outside the root element");
    if (next === -1) break;
    pos = next;
    if (xml.startsWith("</", pos)) {
      const name = NAME.exec(xml.slice(pos + 2))?.[0];
      const open = stack.pop();
      if (!name || !open || open.name !== name || xml[pos + 2 + name.length] !== ">") throw new Error(`mismatched end tag at ${pos}`);
      pos += name.length + 3;
      continue;
    }
    const name = NAME.exec(xml.slice(pos + 1))?.[0];
    if (!name) throw new Error(`bad tag at ${pos}`);
    if (root && stack.length === 0) throw new Error("second root element");
    const element: XmlElement = { name, attrs: {}, children: [], text: "" };
    pos += name.length + 1;
    for (;;) {
      const ws = /^\s*/.exec(xml.slice(pos))![0].length;
      pos += ws;
      if (xml.startsWith("/>", pos) || xml[pos] === ">") break;
      if (ws === 0) throw new Error(`attributes must be separated at ${pos}`);
      const attr = /^([A-Za-z_][\w.-]*)=("([^"]*)"|'([^']*)')/.exec(xml.slice(pos));
      if (!attr) throw new Error(`bad attribute at ${pos}: ${xml.slice(pos, pos + 20)}`);
      if (attr[1] in element.attrs) throw new Error(`duplicate attribute ${attr[1]}`);
      element.attrs[attr[1]] = decode(attr[3] ?? attr[4], `attribute ${attr[1]}`);
      pos += attr[0].length;
    }
    if (stack.length > 0) stack[stack.length - 1].children.push(element);
    else root = element;
    if (xml.startsWith("/>", pos)) pos += 2;
    else {
      pos += 1;
      stack.push(element);
    }
  }
  if (!root || stack.length > 0) throw new Error("unclosed or missing root element");
  return root;
}

export function findAll(element: XmlElement, name: string): XmlElement[] {
  const found = element.children.flatMap((child) => findAll(child, name));
  return element.name === name ? [element, ...found] : found;
}
