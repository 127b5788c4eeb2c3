import type { K8sObject } from "../../../types.ts";
import { applicationsDeploying, argoContextOf, type ArgoApplication } from "../../../argocd/cluster-model.ts";
import { destinationPermitted, findProject, groupKindRefusal, sourcePermitted } from "../../../argocd/appproject.ts";
import type { TargetRule, Violation } from "../../types.ts";
import { apiGroupOf } from "../../k8s/api-validation.ts";
import { CLUSTER_SCOPED_KINDS } from "../../k8s/scope.ts";

interface Refusal {
  object: K8sObject;
  path: string;
  what: string;
  clusters: Set<string>;
}

function refusalsFor(app: ArgoApplication, project: K8sObject, objects: K8sObject[], add: (object: K8sObject, path: string, what: string) => void): void {
  const projectName = app.project;
  for (const source of app.sources)
    if (source.path !== undefined && !sourcePermitted(project, source.repoURL))
      add(objects[0], "", `Application ${app.name} deploys from ${source.repoURL}, which AppProject ${projectName} does not list in sourceRepos`);
  for (const object of objects) {
    const group = apiGroupOf(object.apiVersion);
    const namespaced = !CLUSTER_SCOPED_KINDS.includes(object.kind);
    const gk = `${group || "core"}/${object.kind}`;
    const why = groupKindRefusal(project, group, object.kind, namespaced);
    if (why) {
      add(object, "/kind", `${gk} is not permitted by AppProject ${projectName} (${why}); Argo CD refuses the sync of Application ${app.name}`);
      continue;
    }
    if (!namespaced) continue;
    const namespace = String(object.metadata?.namespace ?? app.destination.namespace ?? "");
    if (!destinationPermitted(project, app, namespace))
      add(
        object,
        object.metadata?.namespace ? "/metadata/namespace" : "/metadata",
        `${gk} ${String(object.metadata?.name ?? "")} goes to namespace ${namespace || "(none)"}, which AppProject ${projectName} does not permit as a destination; Argo CD refuses the sync of Application ${app.name}`,
      );
  }
}

export const rule: TargetRule = {
  id: "argocd-appproject-permits",
  title: "Every object of a game target is permitted by the AppProject the cluster's templates give the game",
  category: "tenancy",
  scope: "target",
  defaultSeverity: "error",
  rationale:
    "Argo CD checks each object against the Application's AppProject at sync time (namespace and cluster resource white/blacklists, destinations, source repositories) and refuses the whole sync when one object is not permitted. The project is read from what the cluster targets render: an AppProject in the cluster folder, or the platform template (clusters/_templates/) instantiated by the ApplicationSet's patches, so the check and Argo CD read the same list.",
  fix: "Render only kinds the game's AppProject permits (for example an ExternalSecret instead of a Secret), in the game's own namespace; if the kind belongs in every game, add it to the platform template's whitelist in clusters/_templates/.",
  kinds: [],
  check(ctx) {
    if (ctx.target.kind !== "game") return [];
    const argocd = ctx.repo.argocd ?? argoContextOf(ctx.repo.targets, ctx.repo);
    const objects = ctx.objects.map((lo) => lo.object);
    if (objects.length === 0) return [];
    const refusals = new Map<string, Refusal>();
    const out: Violation[] = [];
    for (const app of applicationsDeploying(argocd.model, ctx.target.path)) {
      const lookup = findProject(app, argocd);
      if (!lookup || "unreadable" in lookup) {
        out.push({
          object: app.declaredBy,
          path: `${app.specPointer}/project`,
          message: lookup
            ? `Application ${app.name} on ${app.cluster} runs under AppProject ${app.project}, which cannot be checked: ${lookup.unreadable}`
            : `Application ${app.name} on ${app.cluster} runs under AppProject ${app.project}, which nothing on that cluster defines; Argo CD refuses to sync it`,
          fix: lookup
            ? "Make the cluster's Application sources render (run kustomize build on the folder named in the message)."
            : `Define AppProject ${app.project} on ${app.cluster} (the game-projects ApplicationSet and clusters/_templates/), or fix spec.project.`,
        });
        continue;
      }
      refusalsFor(app, lookup.project, objects, (object, path, what) => {
        const key = `${objects.indexOf(object)}\0${what}`;
        const r = refusals.get(key) ?? { object, path, what, clusters: new Set<string>() };
        r.clusters.add(app.cluster);
        refusals.set(key, r);
      });
    }
    for (const r of refusals.values())
      out.push({ object: r.object, path: r.path, message: `${r.what} (cluster${r.clusters.size > 1 ? "s" : ""} ${[...r.clusters].sort().join(", ")})` });
    return out;
  },
};
