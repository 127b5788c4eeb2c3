// Where a kustomize build failure comes from: the entry of a kustomization (or the line of a patch or replacement file)
// that the error message names, by path or by word, for every class of kustomize error; the kustomization's first
// line only when the message names nothing (e.g. a kustomization that is not a mapping).
import { readFileSync } from "node:fs";
import { basename, dirname, isAbsolute, resolve } from "node:path";
import { KUSTOMIZATION_FILES } from "../discover/discover.ts";
import type { SourceLocation } from "../types.ts";
import { toRepoPath } from "../util/paths.ts";
import { kustomizationFile } from "../discover/discover.ts";

/**
 * Strings the message may quote ('x', "x", `x`): every stretch between two quote marks, since kustomize nests quotes
 * without escaping them (err='accumulating resources from 'x': ...').
 */
function quoted(message: string): string[] {
  const out = ["'", '"', "`"].flatMap((mark) => message.split(mark).slice(1, -1));
  return [...new Set(out.map((q) => q.trim()).filter((q) => q.length > 0))];
}

/** Words that name the culprit for errors without a path: a kind, a JSON 6902 op, a field path, a resource id. */
function namedWords(message: string): string[] {
  const words: string[] = [];
  const add = (re: RegExp) => {
    for (const m of message.matchAll(re)) words.push(m[1]);
  };
  add(/Go struct field \w+\.([A-Za-z0-9_]+)/g); // a kustomization field of the wrong type
  add(/Unexpected kind: ([^\s,;]+)/g); // invalid JSON 6902 op
  add(/fieldPath `([^`]+)`/g); // replacements
  add(/no matches for Id ([A-Za-z0-9]+)\./g); // patch whose target kind matches nothing
  add(/patch "([A-Za-z0-9]+)\./g);
  add(/(?:kind|op|path|name)[:=] ?"?([A-Za-z0-9./_-]{3,})/g);
  for (const q of quoted(message)) if (!q.includes(" ") && q.length >= 3) words.push(q);
  return [...new Set(words)];
}

/** The value a line sets: `- x`, `path: x`, `key: x`, unquoted. */
function lineValue(line: string): string | undefined {
  const m = /^\s*(?:-\s+)?(?:[A-Za-z0-9_]+:\s+)?(['"]?)([^'"#]+?)\1\s*(?:#.*)?$/.exec(line);
  return m?.[2];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Files in the order they are searched: the target's own kustomization, the other kustomizations, then named files. */
function searchOrder(own: string, filesRead: string[]): string[] {
  const isKustomization = (f: string) => KUSTOMIZATION_FILES.includes(basename(f));
  const rest = filesRead.filter((f) => f !== own);
  return [own, ...rest.filter(isKustomization), ...rest.filter((f) => !isKustomization(f))];
}

function readLines(file: string): string[] {
  try {
    return readFileSync(file, "utf8").split("\n");
  } catch {
    return [];
  }
}

/** The entry (file and line) a kustomize error message points at; `filesRead` are absolute paths the build opens. */
export function kustomizeErrorSource(root: string, ownKustomization: string, filesRead: string[], message: string): SourceLocation {
  const files = searchOrder(ownKustomization, filesRead).map((abs) => ({ abs, lines: readLines(abs) }));
  const quotes = quoted(message);
  const candidates = new Set(quotes.flatMap((q) => (isAbsolute(q) ? [q] : [resolve(root, q)])));
  // 1. A path the message names, as a kustomization entry resolves it (missing resource or component, forbidden path).
  for (const { abs, lines } of files.filter((f) => KUSTOMIZATION_FILES.includes(basename(f.abs)))) {
    for (let i = 0; i < lines.length; i++) {
      const value = lineValue(lines[i]);
      if (!value) continue;
      const target = resolve(dirname(abs), value);
      if (candidates.has(target) || quotes.includes(value) || (value.startsWith("/") && candidates.has(value)))
        return { file: toRepoPath(root, abs), line: i + 1 };
    }
  }
  // 2. A word the message names (kind, op, field path), in the kustomizations first, then in the patch files they name.
  for (const word of namedWords(message)) {
    const re = new RegExp(`(^|[^A-Za-z0-9_.-])${escape(word)}($|[^A-Za-z0-9_-])`);
    for (const { abs, lines } of files) {
      const i = lines.findIndex((l) => !l.trimStart().startsWith("#") && re.test(l));
      if (i >= 0) return { file: toRepoPath(root, abs), line: i + 1 };
    }
  }
  return { file: toRepoPath(root, ownKustomization), line: 1 };
}

/**
 * The repo-relative kustomization file a nested kustomize error comes from: the innermost "recursed accumulation of path"
 * that is a kustomization folder of the repository (an included overlay or Component), or undefined.
 */
export function innermostKustomization(stderr: string, root: string): string | undefined {
  const paths = [...stderr.matchAll(/recursed accumulation of path '([^']+)'/g)].map((m) => m[1]).reverse();
  for (const p of paths) {
    const abs = resolve(root, p);
    if (abs !== root && !abs.startsWith(`${root}/`)) continue;
    const file = kustomizationFile(abs);
    if (file) return toRepoPath(root, file);
  }
  return undefined;
}
