// Path globs of the git generator: `*`, `?` and `[...]` stay inside one folder (Go's path.Match); `**` spans folders.
import { TemplateError } from "./template-lex.ts";

function classBody(glob: string, start: number): { body: string; end: number } {
  let i = start + 1;
  let body = "";
  if (glob[i] === "^" || glob[i] === "!") {
    body += "^";
    i++;
  }
  while (i < glob.length && glob[i] !== "]") {
    body += glob[i] === "\\" ? `\\${glob[++i] ?? ""}` : glob[i] === "/" ? "" : glob[i];
    i++;
  }
  if (i >= glob.length) throw new TemplateError(`glob ${JSON.stringify(glob)}: unterminated [`);
  return { body, end: i };
}

export function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*" && glob[i + 1] === "*") {
      const slash = glob[i + 2] === "/";
      re += slash ? "(?:.*/)?" : ".*";
      i += slash ? 2 : 1;
    } else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else if (c === "[") {
      const { body, end } = classBody(glob, i);
      re += `[${body}]`;
      i = end;
    } else if (c === "\\" && i + 1 < glob.length) re += `\\${glob[++i]}`;
    else re += c.replace(/[.+^${}()|\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

/** The folder a glob can match under (its literal leading folders), to list only what is needed. */
export function globBase(glob: string): string {
  const parts = glob.split("/");
  const literal: string[] = [];
  for (const p of parts.slice(0, -1)) {
    if (/[*?[\\]/.test(p)) break;
    literal.push(p);
  }
  return literal.join("/") || ".";
}
