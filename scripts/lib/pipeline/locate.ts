// locate: object findings (schema, PromQL) carry the object's document start; here each gets the line of the field
// it is about, in the file that declares it. Linear: one index of the checked objects, one lookup per finding.
import type { Finding, LocatedObject, RenderedTarget } from "../types.ts";
import type { RunContext } from "./context.ts";

const key = (target: string, kind: string, namespace: string | undefined, name: string) => `${target}\0${kind}\0${namespace ?? ""}\0${name}`;

export function locateObjectFindings(run: RunContext, checked: RenderedTarget[], findings: Finding[]): Finding[] {
  const byObject = new Map<string, LocatedObject>();
  for (const rt of checked)
    for (const lo of rt.objects) byObject.set(key(rt.target.path, lo.object.kind, lo.object.metadata?.namespace, lo.object.metadata?.name ?? ""), lo);
  return findings.map((f) => {
    const lo = f.object ? byObject.get(key(f.target, f.object.kind, f.object.namespace, f.object.name)) : undefined;
    return lo ? { ...f, source: run.locator.locate(lo, f.path) } : f;
  });
}
