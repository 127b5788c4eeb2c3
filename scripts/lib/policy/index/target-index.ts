// Per-target indexes for rules that look across objects (services ↔ pods, policies ↔ pods, autoscalers ↔ workloads,
// budgets, quotas): built once per target on first use, so a rule asks "which pods does this selector pick" in time
// proportional to the answer instead of scanning every object for every object.
import type { K8sObject, LocatedObject } from "../../types.ts";
import type { TargetContext } from "../types.ts";
import { defaultNamespace } from "../k8s/namespaces.ts";
import { podGroups, type PodGroup } from "../../network/endpoints.ts";
import { LabelIndex } from "./label-index.ts";
import { Lookup, groupBy } from "./lookup.ts";

const ownNamespace = (o: K8sObject) => o.metadata?.namespace ?? "";

export class TargetIndex {
  readonly objects: K8sObject[];
  /** Namespace a target's objects without one deploy to. */
  readonly fallbackNamespace: string;
  private kinds?: Map<string, K8sObject[]>;
  private namespaces?: Map<string, K8sObject[]>;
  private names?: Lookup<K8sObject>;
  private positions?: Map<K8sObject, number>;
  private namesAnyKind?: Lookup<K8sObject>;
  private readonly groupLabels = new Map<string, LabelIndex<PodGroup>>();

  constructor(objects: K8sObject[], fallbackNamespace: string) {
    this.objects = objects;
    this.fallbackNamespace = fallbackNamespace;
  }

  /** Objects of one kind, in target order. */
  ofKind(kind: string): K8sObject[] {
    this.kinds ??= groupBy(this.objects, (o) => o.kind);
    return this.kinds.get(kind) ?? [];
  }

  /** Objects whose own metadata.namespace is `namespace` ("" = none), in target order. */
  inNamespace(namespace: string): K8sObject[] {
    this.namespaces ??= groupBy(this.objects, ownNamespace);
    return this.namespaces.get(namespace) ?? [];
  }

  /** Objects with this kind, own namespace ("" = none) and name, in target order. */
  named(kind: string, namespace: string, name: unknown): K8sObject[] {
    if (!this.names) {
      const names = new Lookup<K8sObject>();
      for (const o of this.objects) names.add([o.kind, ownNamespace(o), o.metadata?.name], o);
      this.names = names;
    }
    return this.names.get([kind, namespace, name]);
  }

  /** Objects with this own namespace ("" = none) and name, of any kind, in target order. */
  namedAnyKind(namespace: string, name: unknown): K8sObject[] {
    if (!this.namesAnyKind) {
      const names = new Lookup<K8sObject>();
      for (const o of this.objects) names.add([ownNamespace(o), o.metadata?.name], o);
      this.namesAnyKind = names;
    }
    return this.namesAnyKind.get([namespace, name]);
  }

  /** podGroups(objects, namespace), computed once per namespace. */
  podGroups(namespace: string): PodGroup[] {
    return podGroups(this.objects, namespace);
  }

  /** Two disjoint sublists of the target's objects merged back into target order. */
  mergeInOrder(a: K8sObject[], b: K8sObject[]): K8sObject[] {
    if (b.length === 0) return a;
    if (a.length === 0) return b;
    this.positions ??= new Map(this.objects.map((o, i) => [o, i]));
    const at = this.positions;
    return [...a, ...b].sort((x, y) => at.get(x)! - at.get(y)!);
  }

  /** The pod groups of `namespace`, indexed by pod label. */
  podLabels(namespace: string): LabelIndex<PodGroup> {
    let index = this.groupLabels.get(namespace);
    if (!index) this.groupLabels.set(namespace, (index = new LabelIndex(this.podGroups(namespace), (g) => g.labels)));
    return index;
  }
}

const byObjects = new WeakMap<readonly LocatedObject[], TargetIndex>();

/** The index of the rule context's target (one per target: every rule of the target shares it). */
export function targetIndex(ctx: Pick<TargetContext, "objects" | "target">): TargetIndex {
  let index = byObjects.get(ctx.objects);
  if (!index) {
    index = new TargetIndex(
      ctx.objects.map((lo) => lo.object),
      defaultNamespace(ctx.target),
    );
    byObjects.set(ctx.objects, index);
  }
  return index;
}
