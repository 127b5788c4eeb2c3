// What Argo CD runs on each cluster, offline: the Applications of every rendered cluster target (its own
// Applications plus those its ApplicationSets generate from the repository), with the fields that decide where and
// how they deploy. Pure: rendered cluster targets and the repository's files in, values out.
import type { K8sObject, RenderedTarget } from "../types.ts";
import { ApplicationSetError, generateApplications, isApplicationSet } from "./applicationset.ts";
import type { RepoFiles } from "./generators.ts";
import { isMap } from "./template-values.ts";

export interface AppSource {
  repoURL: string;
  /** Repo-relative folder (normalised: no "./", no trailing "/"); undefined for Helm charts. */
  path?: string;
  chart?: string;
  kustomize?: Record<string, unknown>;
  directory?: Record<string, unknown>;
  /** helm, plugin: rendered by tools the offline model does not run. */
  tool?: "helm" | "plugin";
}

export interface ArgoDestination {
  server?: string;
  name?: string;
  namespace?: string;
}

export interface ArgoApplication {
  cluster: string;
  /** Path of the cluster target that declares it (clusters/<cluster>). */
  clusterTarget: string;
  name: string;
  /** spec.project ("default" when empty, as Argo CD reads it). */
  project: string;
  /** The Application as Argo CD would create it. */
  app: K8sObject;
  /** The rendered object that declares it: an Application, or the ApplicationSet that generates it. */
  declaredBy: K8sObject;
  /** JSON pointer of the Application spec inside `declaredBy`. */
  specPointer: string;
  sources: AppSource[];
  destination: ArgoDestination;
  syncOptions: string[];
  /** Labels Argo CD puts on the destination namespace it creates (CreateNamespace=true + managedNamespaceMetadata). */
  namespaceLabels?: Record<string, string>;
}

export interface ArgoModelError {
  clusterTarget: string;
  declaredBy: K8sObject;
  message: string;
}

export interface ArgoModel {
  applications: ArgoApplication[];
  errors: ArgoModelError[];
}

/** The objects of one Application source as Argo CD would render them (kustomize with the source's overrides). */
export type SourceRender = { status: "ok"; objects: K8sObject[] } | { status: "failed"; message: string };

/** The model plus the renders of sources that are not targets (keyed by sourceKey()). */
export interface ArgoContext {
  model: ArgoModel;
  sources: Map<string, SourceRender>;
  /** The rendered cluster targets the model was built from, whether or not the run checks them. */
  clusterTargets: RenderedTarget[];
}

/** The Argo CD context of cluster targets alone, without the renders of Application sources. */
export function argoContextOf(targets: RenderedTarget[], files: RepoFiles): ArgoContext {
  const clusterTargets = targets.filter((t) => t.target.kind === "cluster");
  return { model: buildArgoModel(clusterTargets, files), sources: new Map(), clusterTargets };
}

export function normaliseSourcePath(path: string): string {
  return path.trim().replace(/^\.\//, "").replace(/\/+$/, "") || ".";
}

function sourcesOf(spec: Record<string, any>): AppSource[] {
  const list: unknown[] = Array.isArray(spec.sources) && spec.sources.length > 0 ? spec.sources : [spec.source];
  return list.filter(isMap).map((s) => {
    const source: AppSource = { repoURL: typeof s.repoURL === "string" ? s.repoURL : "" };
    if (typeof s.path === "string") source.path = normaliseSourcePath(s.path);
    if (typeof s.chart === "string") source.chart = s.chart;
    if (isMap(s.kustomize)) source.kustomize = s.kustomize;
    if (isMap(s.directory)) source.directory = s.directory;
    if (isMap(s.helm) || source.chart) source.tool = "helm";
    else if (isMap(s.plugin)) source.tool = "plugin";
    return source;
  });
}

function stringMap(v: unknown): Record<string, string> | undefined {
  return isMap(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)])) : undefined;
}

function toModelApplication(app: K8sObject, declaredBy: K8sObject, specPointer: string, target: RenderedTarget): ArgoApplication {
  const spec = (isMap((app as any).spec) ? (app as any).spec : {}) as Record<string, any>;
  const syncPolicy = isMap(spec.syncPolicy) ? spec.syncPolicy : {};
  const syncOptions = Array.isArray(syncPolicy.syncOptions) ? syncPolicy.syncOptions.map(String) : [];
  const destination = isMap(spec.destination) ? spec.destination : {};
  const managed = isMap(syncPolicy.managedNamespaceMetadata) ? syncPolicy.managedNamespaceMetadata : undefined;
  const model: ArgoApplication = {
    cluster: target.target.cluster ?? target.target.path.split("/").pop() ?? "",
    clusterTarget: target.target.path,
    name: String(app.metadata?.name ?? ""),
    project: typeof spec.project === "string" && spec.project !== "" ? spec.project : "default",
    app,
    declaredBy,
    specPointer,
    sources: sourcesOf(spec),
    destination: {
      ...(typeof destination.server === "string" ? { server: destination.server } : {}),
      ...(typeof destination.name === "string" ? { name: destination.name } : {}),
      ...(typeof destination.namespace === "string" ? { namespace: destination.namespace } : {}),
    },
    syncOptions,
  };
  if (syncOptions.includes("CreateNamespace=true")) model.namespaceLabels = stringMap(managed?.labels) ?? {};
  return model;
}

const isApplication = (o: K8sObject) => o.kind === "Application" && String(o.apiVersion).startsWith("argoproj.io/");

/** Every Application of the rendered cluster targets, generated ones included; an ApplicationSet that fails is an error. */
export function buildArgoModel(clusterTargets: RenderedTarget[], files: RepoFiles): ArgoModel {
  const applications: ArgoApplication[] = [];
  const errors: ArgoModelError[] = [];
  for (const t of clusterTargets) {
    if (t.status !== "ok" || t.target.kind !== "cluster") continue;
    for (const { object } of t.objects) {
      if (isApplication(object)) applications.push(toModelApplication(object, object, "/spec", t));
      else if (isApplicationSet(object)) {
        try {
          for (const app of generateApplications(object, files)) applications.push(toModelApplication(app, object, "/spec/template/spec", t));
        } catch (err) {
          if (!(err instanceof ApplicationSetError)) throw err;
          errors.push({ clusterTarget: t.target.path, declaredBy: object, message: err.message });
        }
      }
    }
  }
  return { applications, errors };
}

/** Applications whose source is the given repo folder (a target path). */
export function applicationsDeploying(model: ArgoModel, path: string): ArgoApplication[] {
  const wanted = normaliseSourcePath(path);
  return model.applications.filter((a) => a.sources.some((s) => s.path === wanted));
}

/** Identity of a source render: the folder plus every override Argo CD applies to it. */
export function sourceKey(source: AppSource): string {
  return JSON.stringify({ path: source.path ?? "", kustomize: source.kustomize ?? null, directory: source.directory ?? null });
}
