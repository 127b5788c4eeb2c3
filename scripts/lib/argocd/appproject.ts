// Argo CD's AppProject checks at sync time (pkg/apis/application/v1alpha1 AppProject.IsGroupKindPermitted,
// IsDestinationPermitted, IsSourcePermitted), offline, and the lookup of the AppProject an Application runs under.
import type { K8sObject } from "../types.ts";
import { sourceKey, type ArgoApplication, type ArgoContext } from "./cluster-model.ts";
import { globToRegExp } from "./glob.ts";

interface GroupKind {
  group?: string;
  kind?: string;
}

const isProject = (o: K8sObject) => o.kind === "AppProject" && String(o.apiVersion).startsWith("argoproj.io/");

function globMatch(pattern: unknown, value: string): boolean {
  const p = typeof pattern === "string" ? pattern : "";
  if (p === value || p === "*") return true;
  try {
    return globToRegExp(p).test(value);
  } catch {
    return false;
  }
}

const inList = (list: unknown, group: string, kind: string): boolean =>
  Array.isArray(list) && list.some((e: GroupKind) => !!e && globMatch(e.kind, kind) && globMatch(e.group ?? "", group));

/** Why Argo CD refuses a group/kind in the project ("" when permitted); which list decides it. */
export function groupKindRefusal(project: K8sObject, group: string, kind: string, namespaced: boolean): string {
  const spec = ((project as any).spec ?? {}) as Record<string, unknown>;
  if (namespaced) {
    const white = spec.namespaceResourceWhitelist;
    // A missing whitelist permits every namespaced kind; an empty one permits none.
    if (white !== undefined && white !== null && !inList(white, group, kind)) return "namespaceResourceWhitelist does not list it";
    if (inList(spec.namespaceResourceBlacklist, group, kind)) return "namespaceResourceBlacklist lists it";
    return "";
  }
  if (!inList(spec.clusterResourceWhitelist, group, kind)) return "clusterResourceWhitelist does not list it";
  if (inList(spec.clusterResourceBlacklist, group, kind)) return "clusterResourceBlacklist lists it";
  return "";
}

/** Whether a destination (server or cluster name, namespace) matches one of the project's destinations. */
export function destinationPermitted(project: K8sObject, app: ArgoApplication, namespace: string): boolean {
  const destinations = (project as any).spec?.destinations;
  if (!Array.isArray(destinations)) return false;
  return destinations.some((d: Record<string, unknown>) => {
    if (!d || typeof d !== "object") return false;
    const cluster =
      d.server !== undefined && app.destination.server !== undefined
        ? globMatch(d.server, app.destination.server)
        : d.name !== undefined && app.destination.name !== undefined
          ? globMatch(d.name, app.destination.name)
          : false;
    return cluster && globMatch(d.namespace ?? "", namespace);
  });
}

export function sourcePermitted(project: K8sObject, repoURL: string): boolean {
  const repos = (project as any).spec?.sourceRepos;
  return Array.isArray(repos) && repos.some((r) => globMatch(r, repoURL));
}

/** The AppProject an Application runs under, or why it cannot be read (undefined: nothing on the cluster defines it). */
export type ProjectLookup = { project: K8sObject } | { unreadable: string } | undefined;

/**
 * The AppProject an Application runs under, as the cluster's Argo CD would have it: rendered by the cluster target
 * itself, or by one of the cluster's Applications (the platform's project template after the ApplicationSet's
 * substitutions). A source of the cluster that failed to render may be the one defining it: then it is unreadable.
 */
export function findProject(app: ArgoApplication, argocd: ArgoContext): ProjectLookup {
  const own = argocd.clusterTargets.find((t) => t.target.path === app.clusterTarget);
  const named = (o: K8sObject) => isProject(o) && o.metadata?.name === app.project;
  const direct = own?.objects.map((lo) => lo.object).find(named);
  if (direct) return { project: direct };
  let failure: string | undefined;
  for (const other of argocd.model.applications) {
    if (other.clusterTarget !== app.clusterTarget) continue;
    for (const source of other.sources) {
      const render = argocd.sources.get(sourceKey(source));
      if (render?.status === "failed") failure ??= `Application ${other.name}'s source ${source.path ?? ""} does not render: ${render.message}`;
      const found = render?.status === "ok" ? render.objects.find(named) : undefined;
      if (found) return { project: found };
    }
  }
  return failure ? { unreadable: failure } : undefined;
}
