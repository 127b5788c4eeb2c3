import type { K8sObject, RenderedTarget } from "../../../types.ts";
import type { ObjectRule, TargetContext } from "../../types.ts";
import { deployersIn, deploys } from "../../k8s/argocd.ts";
import { escapePointer } from "../../k8s/pod-security.ts";
import { annotationBytes, ANNOTATIONS_MAX_BYTES, kib, utf8Bytes } from "../../k8s/api-validation.ts";

export const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
const SYNC_OPTIONS = "argocd.argoproj.io/sync-options";
const NO_LAST_APPLIED = /\b(ServerSideApply|Replace)=true\b/;

function syncOptionsOf(spec: Record<string, any>): string[] {
  const options = spec?.syncPolicy?.syncOptions;
  return Array.isArray(options) ? options.map(String) : [];
}

/**
 * Whether Argo CD applies the object client-side (kubectl apply), which stores the whole object in the
 * last-applied-configuration annotation. ServerSideApply=true or Replace=true, on the object or on every Application
 * that deploys the target, avoid it.
 */
function clientSideApplied(object: K8sObject, ctx: TargetContext): boolean {
  if (NO_LAST_APPLIED.test(String(object.metadata?.annotations?.[SYNC_OPTIONS] ?? ""))) return false;
  return targetAppliedClientSide(ctx);
}

// Per run (the targets array) and target path: whether some Application, or none, applies the target client-side.
const clientSideTargets = new WeakMap<RenderedTarget[], Map<string, boolean>>();

function targetAppliedClientSide(ctx: TargetContext): boolean {
  const known = clientSideTargets.get(ctx.repo.targets) ?? new Map<string, boolean>();
  clientSideTargets.set(ctx.repo.targets, known);
  let answer = known.get(ctx.target.path);
  if (answer === undefined) {
    const deployers = deployersIn(ctx.repo.targets).filter((d) => deploys(d, ctx.target.path));
    answer = deployers.length === 0 || deployers.some((d) => !syncOptionsOf(d.spec).some((o) => NO_LAST_APPLIED.test(o)));
    known.set(ctx.target.path, answer);
  }
  return answer;
}

/** The annotation kubectl apply would write: the object as JSON, without that annotation. */
function lastAppliedBytes(object: K8sObject): number {
  const { [LAST_APPLIED]: _dropped, ...annotations } = object.metadata?.annotations ?? {};
  const applied = { ...object, metadata: { ...object.metadata, annotations } };
  return utf8Bytes(LAST_APPLIED) + utf8Bytes(JSON.stringify(applied)) + 1;
}

export const rule: ObjectRule = {
  id: "api-annotations-size",
  title: "Annotations stay under the API server's 256 KiB total, counting the one client-side apply adds",
  category: "reliability",
  scope: "object",
  defaultSeverity: "error",
  rationale:
    'The API server refuses an object whose annotations (keys plus values) exceed 256 KiB. Argo CD applies with kubectl apply unless ServerSideApply=true or Replace=true is set, and kubectl stores the whole object in the last-applied-configuration annotation: a ConfigMap of a few hundred KiB renders fine and then fails to sync with "metadata.annotations: Too long".',
  fix: "Shrink the annotations, or move the large content out of the object; for a large ConfigMap or CRD set the sync option ServerSideApply=true (annotation argocd.argoproj.io/sync-options on the object, or the Application's syncOptions).",
  kinds: [],
  check(object, ctx) {
    const own = annotationBytes(object.metadata?.annotations);
    if (own > ANNOTATIONS_MAX_BYTES) {
      // The largest annotation is where to look first, and where the kustomization that set it is blamed.
      const [largest] = Object.entries(object.metadata?.annotations ?? {}).sort(
        ([ka, va], [kb, vb]) => utf8Bytes(kb) + utf8Bytes(String(vb)) - (utf8Bytes(ka) + utf8Bytes(String(va))),
      );
      return [
        {
          message: `${object.kind} ${String(object.metadata?.name ?? "")} has ${kib(own)} of annotations (the largest: ${largest[0]}); the API server refuses more than 256 KiB in total`,
          path: `/metadata/annotations/${escapePointer(largest[0])}`,
        },
      ];
    }
    if (!clientSideApplied(object, ctx)) return [];
    const applied = own + lastAppliedBytes(object);
    if (applied <= ANNOTATIONS_MAX_BYTES) return [];
    return [
      {
        message: `${object.kind} ${String(object.metadata?.name ?? "")} is applied client-side, so its annotations would reach ${kib(applied)} with ${LAST_APPLIED} (the whole object); the API server refuses more than 256 KiB`,
        path: "/metadata",
        fix: "Set the sync option ServerSideApply=true for this object (annotation argocd.argoproj.io/sync-options) or its Application, or make the object smaller.",
      },
    ];
  },
};
