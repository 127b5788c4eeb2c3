// One ApplicationSet → the Applications Argo CD would create from it (generators, template, templatePatch).
import { load } from "js-yaml";
import type { K8sObject } from "../types.ts";
import { evaluateGenerator, type RepoFiles } from "./generators.ts";
import { mergeParams, renderDeep, renderString, type Params, type TemplateMode } from "./params.ts";
import { missingKeyOption, TemplateError } from "./template.ts";
import { isMap } from "./template-values.ts";
import { displayValue } from "../util/display.ts";

export class ApplicationSetError extends Error {
  constructor(
    readonly applicationSet: string,
    message: string,
  ) {
    super(`ApplicationSet ${applicationSet}: ${message}`);
    this.name = "ApplicationSetError";
  }
}

export function isApplicationSet(o: K8sObject): boolean {
  return o.kind === "ApplicationSet" && String(o.apiVersion).startsWith("argoproj.io/");
}

/** A generator's own `template` overrides the ApplicationSet's fields it sets. */
function templateFor(spec: Record<string, any>, generator: unknown): Record<string, unknown> {
  const base = isMap(spec.template) ? spec.template : {};
  const kind = isMap(generator) ? Object.keys(generator).find((k) => k !== "selector") : undefined;
  const own = kind && isMap(generator) && isMap((generator as any)[kind]) ? (generator as any)[kind].template : undefined;
  return isMap(own) ? mergeParams(base, own) : base;
}

/** templatePatch: a templated YAML/JSON document merged into the rendered Application (maps deeply, lists replaced). */
function applyTemplatePatch(app: Params, patch: string, params: Params, mode: TemplateMode): Params {
  const text = renderString(patch, params, mode);
  let doc: unknown;
  try {
    doc = load(text);
  } catch (err) {
    throw new TemplateError(`templatePatch does not render to YAML: ${(err as Error).message.split("\n")[0]}`);
  }
  if (doc === undefined || doc === null) return app;
  if (!isMap(doc)) throw new TemplateError("templatePatch must render to a mapping");
  return mergeParams(app, doc);
}

function toApplication(appSet: K8sObject, rendered: Params): K8sObject {
  const meta = isMap(rendered.metadata) ? rendered.metadata : {};
  const metadata: K8sObject["metadata"] = { ...meta, name: displayValue(meta.name ?? "") };
  if (!metadata.namespace && appSet.metadata?.namespace) metadata.namespace = appSet.metadata.namespace;
  return { apiVersion: "argoproj.io/v1alpha1", kind: "Application", metadata, spec: rendered.spec ?? {} };
}

/** The Applications an ApplicationSet generates from the repository's files; throws ApplicationSetError naming it. */
export function generateApplications(appSet: K8sObject, files: RepoFiles): K8sObject[] {
  const name = String(appSet.metadata?.name ?? "");
  const spec = ((appSet as any).spec ?? {}) as Record<string, any>;
  const mode: TemplateMode = { goTemplate: spec.goTemplate === true, missingKey: missingKeyOption(spec.goTemplateOptions) };
  const apps: K8sObject[] = [];
  try {
    if (typeof spec.templatePatch === "string" && !mode.goTemplate) throw new TemplateError("templatePatch needs goTemplate: true");
    for (const generator of (spec.generators ?? []) as unknown[]) {
      const template = templateFor(spec, generator);
      for (const params of evaluateGenerator(generator, { ...mode, files })) {
        let rendered = renderDeep(template, params, mode) as Params;
        if (typeof spec.templatePatch === "string") rendered = applyTemplatePatch(rendered, spec.templatePatch, params, mode);
        apps.push(toApplication(appSet, rendered));
      }
    }
  } catch (err) {
    if (err instanceof TemplateError || err instanceof SyntaxError) throw new ApplicationSetError(name, err.message);
    throw err;
  }
  const seen = new Set<string>();
  for (const app of apps) {
    const appName = app.metadata.name ?? "";
    if (!appName) throw new ApplicationSetError(name, "a generated Application has an empty metadata.name");
    if (seen.has(appName)) throw new ApplicationSetError(name, `generates more than one Application named ${appName}; Argo CD refuses the whole set`);
    seen.add(appName);
  }
  return apps;
}
