// One cause, one finding: when a kustomization field (a wrong `namespace:`, an `images` entry, a label) makes many
// objects of a target wrong, the findings blamed on that field's line are merged into one that lists the objects.
import type { Finding, ObjectRef } from "../types.ts";
import { objectLabel, plural } from "./text.ts";

/** Objects named in a merged finding before "… and N more". */
export const MAX_LISTED_OBJECTS = 10;

const isKustomization = (file: string) => /(^|\/)(kustomization\.ya?ml|Kustomization)$/.test(file);

export function collapseByCause(findings: readonly Finding[]): Finding[] {
  const groups = new Map<string, Finding[]>();
  const out: Array<Finding | Finding[]> = [];
  for (const f of findings) {
    if (!f.object || !isKustomization(f.source.file)) {
      out.push(f);
      continue;
    }
    const key = JSON.stringify([f.ruleId, f.severity, f.target, f.source.file, f.source.line]);
    let group = groups.get(key);
    if (!group) {
      group = [];
      groups.set(key, group);
      out.push(group);
    }
    group.push(f);
  }
  return out.map((entry) => (Array.isArray(entry) ? merge(entry) : entry));
}

function merge(group: Finding[]): Finding {
  const objects = [...new Map(group.map((f) => [objectLabel(f.object), f.object as ObjectRef])).keys()];
  if (objects.length < 2) return group[0];
  const listed = objects.slice(0, MAX_LISTED_OBJECTS).join(", ");
  const more = objects.length > MAX_LISTED_OBJECTS ? `, … and ${objects.length - MAX_LISTED_OBJECTS} more` : "";
  return { ...group[0], message: `${group[0].message} (one cause for ${plural(objects.length, "object")}: ${listed}${more})` };
}
