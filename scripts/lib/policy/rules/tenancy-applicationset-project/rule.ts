import type { ObjectRule, Violation } from "../../types.ts";

interface GitGenerator {
  git: Record<string, any>;
  pointer: string;
}

/** Git generators anywhere in the generator tree (matrix and merge nest them). */
function gitGenerators(list: unknown, pointer: string): GitGenerator[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((g: any, i: number) => {
    const here = `${pointer}/${i}`;
    return [
      ...(g?.git ? [{ git: g.git, pointer: `${here}/git` }] : []),
      ...gitGenerators(g?.matrix?.generators, `${here}/matrix/generators`),
      ...gitGenerators(g?.merge?.generators, `${here}/merge/generators`),
    ];
  });
}

function overGames(git: Record<string, any>, gamesDir: string): boolean {
  const paths = [...(git.directories ?? []), ...(git.files ?? [])].map((d: any) => String(d?.path ?? ""));
  return paths.some((p) => p === gamesDir || p.startsWith(`${gamesDir}/`));
}

// Template expressions that only read the generator's path, i.e. the game's folder name, not its files' content.
const PATH_EXPRESSION = /^(\.?path(\.path|\.basename|\.basenameNormalized|\.filename|\.filenameNormalized|\[\d+\])?|index \.path\.segments \d+)$/;
const PURE_FUNCTIONS = /^(lower|upper|trim|normalize|slugify|printf "[^"]*")$/;

/** The template expressions in `value` that read anything other than the folder path; [] when the value is safe. */
export function gameControlledExpressions(value: string): string[] {
  const out: string[] = [];
  for (const m of value.matchAll(/\{\{-?\s*(.*?)\s*-?\}\}/g)) {
    const [head, ...pipes] = m[1].split("|").map((s) => s.trim());
    if (PATH_EXPRESSION.test(head) && pipes.every((p) => PURE_FUNCTIONS.test(p))) continue;
    out.push(m[0]);
  }
  return out;
}

interface TemplatedField {
  value: unknown;
  pointer: string;
  what: string;
}

function sourceFields(source: any, pointer: string): TemplatedField[] {
  const kustomize = source?.kustomize ?? {};
  return [
    { value: source?.path, pointer: `${pointer}/path`, what: "the source path (which manifests deploy under the project)" },
    { value: kustomize.namespace, pointer: `${pointer}/kustomize/namespace`, what: "the kustomize namespace override" },
    ...(Array.isArray(kustomize.patches) ? kustomize.patches : []).map((p: any, i: number) => ({
      value: p?.patch,
      pointer: `${pointer}/kustomize/patches/${i}/patch`,
      what: "a kustomize patch (it can rewrite namespaces and AppProjects)",
    })),
  ];
}

/** The fields of an Application template that decide where and with which rights it deploys. */
function guardedFields(template: any, pointer: string): TemplatedField[] {
  const spec = template?.spec ?? {};
  return [
    { value: spec.project, pointer: `${pointer}/spec/project`, what: "the Argo CD project (and so the namespaces and kinds it may deploy)" },
    { value: spec.destination?.namespace, pointer: `${pointer}/spec/destination/namespace`, what: "the destination namespace" },
    ...sourceFields(spec.source, `${pointer}/spec/source`),
    ...(Array.isArray(spec.sources) ? spec.sources : []).flatMap((src: any, i: number) => sourceFields(src, `${pointer}/spec/sources/${i}`)),
  ];
}

function templateViolations(name: string, template: unknown, pointer: string): Violation[] {
  const out: Violation[] = [];
  for (const f of guardedFields(template, pointer)) {
    if (typeof f.value !== "string") continue;
    const bad = gameControlledExpressions(f.value);
    if (bad.length === 0) continue;
    out.push({
      message: `ApplicationSet ${name} generates over game folders and sets ${f.what} from ${bad.join(", ")}: a field of the game's own files, which a game's pull request controls`,
      path: f.pointer,
    });
  }
  return out;
}

function patchViolations(name: string, patch: unknown): Violation[] {
  if (typeof patch !== "string") return [];
  const out: Violation[] = [];
  for (const line of patch.split("\n")) {
    const m = line.match(/^\s*(project|namespace)\s*:\s*(.*)$/);
    if (!m) continue;
    const bad = gameControlledExpressions(m[2]);
    if (bad.length > 0)
      out.push({
        message: `ApplicationSet ${name} templatePatch sets ${m[1]} from ${bad.join(", ")}, a field of the game's own files`,
        path: "/spec/templatePatch",
      });
  }
  return out;
}

export const rule: ObjectRule = {
  id: "tenancy-applicationset-project",
  title: "ApplicationSets over games/ do not take project, namespace or source from game files",
  category: "tenancy",
  scope: "object",
  defaultSeverity: "error",
  rationale:
    "A git generator exposes every key of games/<g>/game.yaml as a template parameter; templating spec.project or the destination namespace from one lets a game's pull request pick a privileged project or another game's namespace. The same holds for the source path and kustomize overrides (namespace, patches) that can rewrite what is deployed. Folder names ({{.path.basename}}) are safe: the AppProject pins each folder's namespace.",
  fix: "Use a literal project or `game-{{.path.basename}}`, and `gaia-{{.path.basename}}` for the destination namespace; never a key read from game.yaml.",
  kinds: ["ApplicationSet"],
  params: {
    gamesDir: { description: "Repository folder holding one folder per game.", default: "games" },
  },
  check(object, ctx) {
    const spec = (object.spec as Record<string, any>) ?? {};
    const gamesDir = String(ctx.params.gamesDir ?? "games");
    const generators = gitGenerators(spec.generators, "/spec/generators").filter((g) => overGames(g.git, gamesDir));
    if (generators.length === 0) return [];
    const name = String(object.metadata?.name ?? "");
    return [
      ...templateViolations(name, spec.template, "/spec/template"),
      ...generators.flatMap((g) => templateViolations(name, g.git.template, `${g.pointer}/template`)),
      ...patchViolations(name, spec.templatePatch),
    ];
  },
};
