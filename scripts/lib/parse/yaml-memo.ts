// js-yaml's `load` of a text, kept by the text: in one run the selection, the closures and the repository rules read
// the same kustomizations (every game's, in a --changed-since run), and parsing each once is most of their cost. Keyed
// by content, so an edited file is parsed again; bounded, so a long process does not grow without end. The documents
// are shared: callers read them and never change them.
import yaml from "js-yaml";

export type LoadedYaml = { ok: true; value: unknown } | { ok: false; error: Error };

const MAX_ENTRIES = 20_000;
const loaded = new Map<string, LoadedYaml>();

export function loadYamlShared(text: string): LoadedYaml {
  let result = loaded.get(text);
  if (!result) {
    try {
      result = { ok: true, value: yaml.load(text) };
    } catch (e) {
      result = { ok: false, error: e instanceof Error ? e : new Error(String(e)) };
    }
    if (loaded.size >= MAX_ENTRIES) loaded.clear();
    loaded.set(text, result);
  }
  return result;
}
