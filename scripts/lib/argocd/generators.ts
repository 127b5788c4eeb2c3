// ApplicationSet generators evaluated offline: git (files, directories), list, matrix and merge, with selectors.
import { CORE_SCHEMA, load } from "js-yaml";
import { TemplateError } from "./template-lex.ts";
import { sanitizeName } from "./template-funcs.ts";
import { globBase, globToRegExp } from "./glob.ts";
import { flattenParams, mergeParams, renderDeep, renderString, selectorMatches, type Params, type TemplateMode } from "./params.ts";
import { formatValue, isMap } from "./template-values.ts";

/** What the git generator reads: the repository's files (repo-relative paths). RepoContext satisfies it. */
export interface RepoFiles {
  listFiles(dir: string): string[];
  readText(file: string): string | undefined;
}

export interface GeneratorContext extends TemplateMode {
  files: RepoFiles;
}

const SUPPORTED = ["git", "list", "matrix", "merge"];

/** The path params Argo CD adds per file or folder, under `pathParamPrefix` when the generator sets one. */
function pathParams(dir: string, file: string | undefined, mode: TemplateMode, prefix: string): Params {
  const basename = dir.split("/").pop() ?? dir;
  const filename = file?.split("/").pop();
  if (mode.goTemplate) {
    const path: Params = { path: dir, basename, basenameNormalized: sanitizeName(basename), segments: dir.split("/") };
    if (filename !== undefined) Object.assign(path, { filename, filenameNormalized: sanitizeName(filename) });
    return prefix ? { [prefix]: { path } } : { path };
  }
  const key = prefix ? `${prefix}.path` : "path";
  const flat: Params = { [key]: dir, [`${key}.basename`]: basename, [`${key}.basenameNormalized`]: sanitizeName(basename) };
  if (filename !== undefined) Object.assign(flat, { [`${key}.filename`]: filename, [`${key}.filenameNormalized`]: sanitizeName(filename) });
  dir.split("/").forEach((segment, i) => segment && (flat[`${key}[${i}]`] = segment));
  return flat;
}

/** A glob from the generator; anything but a string matches nothing. */
const globText = (path: unknown): string => (typeof path === "string" ? path : "");

function matching(items: Array<{ path?: unknown; exclude?: unknown }>, candidates: string[]): string[] {
  const include = items.filter((i) => !i.exclude).map((i) => globToRegExp(globText(i.path)));
  const exclude = items.filter((i) => i.exclude).map((i) => globToRegExp(globText(i.path)));
  return candidates.filter((c) => include.some((re) => re.test(c)) && !exclude.some((re) => re.test(c))).sort();
}

function candidatesFor(items: Array<{ path?: unknown }>, files: RepoFiles): string[] {
  const bases = [...new Set(items.map((i) => globBase(globText(i.path))))];
  return [...new Set(bases.flatMap((b) => files.listFiles(b)))];
}

function withValues(params: Params, values: unknown, mode: TemplateMode): Params {
  if (!isMap(values)) return params;
  const rendered: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) rendered[k] = renderString(String(v), params, mode);
  if (mode.goTemplate) return { ...params, values: rendered };
  const flat = { ...params };
  for (const [k, v] of Object.entries(rendered)) flat[`values.${k}`] = v;
  return flat;
}

// CORE_SCHEMA: timestamps stay strings, as they do in the Go YAML decoding Argo CD uses.
function gitFileParams(file: string, text: string, mode: TemplateMode, prefix: string): Params[] {
  let doc: unknown;
  try {
    doc = load(text, { schema: CORE_SCHEMA });
  } catch (err) {
    throw new TemplateError(`git generator: ${file} is not valid YAML: ${(err as Error).message.split("\n")[0]}`);
  }
  const objects = Array.isArray(doc) ? doc : [doc ?? {}];
  const dir = file.includes("/") ? file.slice(0, file.lastIndexOf("/")) : ".";
  return objects.map((o) => {
    if (!isMap(o)) throw new TemplateError(`git generator: ${file} must hold a mapping (or a list of mappings)`);
    const content = mode.goTemplate ? (JSON.parse(JSON.stringify(o)) as Params) : flattenParams(o);
    return { ...content, ...pathParams(dir, file, mode, prefix) };
  });
}

function gitParams(git: Record<string, any>, ctx: GeneratorContext): Params[] {
  const prefix = typeof git.pathParamPrefix === "string" ? git.pathParamPrefix : "";
  if (Array.isArray(git.files)) {
    const files = matching(git.files, candidatesFor(git.files, ctx.files));
    return files.flatMap((f) => gitFileParams(f, ctx.files.readText(f) ?? "", ctx, prefix).map((p) => withValues(p, git.values, ctx)));
  }
  if (Array.isArray(git.directories)) {
    const dirs = [
      ...new Set(
        candidatesFor(git.directories, ctx.files)
          .map((f) => f.split("/").slice(0, -1))
          .flatMap((parts) => parts.map((_, i) => parts.slice(0, i + 1).join("/"))),
      ),
    ];
    return matching(git.directories, dirs).map((d) => withValues(pathParams(d, undefined, ctx, prefix), git.values, ctx));
  }
  throw new TemplateError("git generator needs files or directories");
}

function listParams(list: Record<string, any>, mode: TemplateMode): Params[] {
  const elements: unknown[] = Array.isArray(list.elements) ? [...list.elements] : [];
  if (typeof list.elementsYaml === "string" && list.elementsYaml.trim()) {
    let parsed: unknown;
    try {
      parsed = load(list.elementsYaml, { schema: CORE_SCHEMA });
    } catch (err) {
      throw new TemplateError(`list generator: elementsYaml is not valid YAML: ${(err as Error).message.split("\n")[0]}`);
    }
    if (!Array.isArray(parsed)) throw new TemplateError("list generator: elementsYaml must render to a YAML list");
    elements.push(...parsed);
  }
  return elements.map((e) => {
    if (!isMap(e)) throw new TemplateError(`list generator: element ${formatValue(e)} is not a mapping`);
    if (mode.goTemplate) return JSON.parse(JSON.stringify(e)) as Params;
    const flat: Params = {};
    for (const [k, v] of Object.entries(e)) {
      if (k === "values" && isMap(v)) for (const [vk, vv] of Object.entries(v)) flat[`values.${vk}`] = String(vv);
      else flat[k] = typeof v === "string" ? v : formatValue(v);
    }
    return flat;
  });
}

function matrixParams(children: unknown[], ctx: GeneratorContext): Params[] {
  if (children.length !== 2) throw new TemplateError(`matrix generator needs exactly 2 child generators, found ${children.length}`);
  const out: Params[] = [];
  for (const a of evaluateGenerator(children[0], ctx)) {
    for (const b of evaluateGenerator(children[1], ctx, a)) {
      if (ctx.goTemplate) out.push(mergeParams(mergeParams({}, b), a));
      else {
        for (const k of Object.keys(b))
          if (Object.hasOwn(a, k) && a[k] !== b[k])
            throw new TemplateError(`matrix generator: found duplicate key ${k} with different value, a: ${String(a[k])}, b: ${String(b[k])}`);
        out.push({ ...a, ...b });
      }
    }
  }
  return out;
}

function keyOf(params: Params, keys: string[], goTemplate: boolean): string {
  const flat = goTemplate ? flattenParams(params) : (params as Record<string, string>);
  const picked: Record<string, unknown> = {};
  for (const k of keys) picked[k] = goTemplate && Object.hasOwn(params, k) ? params[k] : flat[k];
  return JSON.stringify(picked);
}

function mergeGeneratorParams(merge: Record<string, any>, ctx: GeneratorContext): Params[] {
  const keys = [...new Set(((merge.mergeKeys ?? []) as unknown[]).map(String))];
  if (keys.length === 0) throw new TemplateError("merge generator needs mergeKeys");
  const children: unknown[] = merge.generators ?? [];
  if (children.length < 2) throw new TemplateError(`merge generator needs at least 2 child generators, found ${children.length}`);
  const index = (sets: Params[]) => {
    const byKey = new Map<string, Params>();
    for (const p of sets) {
      const k = keyOf(p, keys, ctx.goTemplate);
      if (byKey.has(k)) throw new TemplateError(`merge generator: parameter sets are not unique for mergeKeys; duplicate key ${k}`);
      byKey.set(k, p);
    }
    return byKey;
  };
  const base = index(evaluateGenerator(children[0], ctx));
  for (const child of children.slice(1)) {
    const overrides = index(evaluateGenerator(child, ctx));
    for (const [k, p] of base) if (overrides.has(k)) base.set(k, ctx.goTemplate ? mergeParams(p, overrides.get(k)!) : { ...p, ...overrides.get(k)! });
  }
  return [...base.values()];
}

/** Parameter sets of one generator (after its selector); `inherited` are a matrix's first child's params. */
export function evaluateGenerator(generator: unknown, ctx: GeneratorContext, inherited?: Params): Params[] {
  if (!isMap(generator)) throw new TemplateError("a generator must be a mapping");
  const g = (inherited && Object.keys(inherited).length ? renderDeep(generator, inherited, ctx) : generator) as Record<string, any>;
  const kinds = Object.keys(g).filter((k) => k !== "selector");
  if (kinds.length !== 1) throw new TemplateError(`a generator must have exactly one kind, found ${kinds.join(", ") || "none"}`);
  const kind = kinds[0];
  if (!SUPPORTED.includes(kind))
    throw new TemplateError(`the ${kind} generator needs a live cluster or API; the offline preview supports ${SUPPORTED.join(", ")}`);
  const spec = g[kind] ?? {};
  const params =
    kind === "git"
      ? gitParams(spec, ctx)
      : kind === "list"
        ? listParams(spec, ctx)
        : kind === "matrix"
          ? matrixParams(spec.generators ?? [], ctx)
          : mergeGeneratorParams(spec, ctx);
  return params.filter((p) => selectorMatches(g.selector, p));
}
