// game.yaml and cluster.yaml by folder name, each read and parsed when first asked for. A run over one game asks for
// that game's file (and rules that need every game's, such as the cross-game network rule with an open selector, ask
// for all of them); a large repository does not cost a parse per game when the run looks at one. It is a Map whose
// entries are exactly those an eager load would give, in the same (sorted) order.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { RepoFile } from "../policy/types.ts";

/** One spec file: the parsed document when it is a mapping, else undefined. */
export type SpecReader<T> = (name: string) => RepoFile<T> | undefined;

export class LazySpecs<T> extends Map<string, RepoFile<T>> {
  private readonly known = new Map<string, RepoFile<T> | undefined>();
  private readonly named: Set<string>;
  private complete = false;

  constructor(
    private readonly names: readonly string[],
    private readonly read: SpecReader<T>,
  ) {
    super();
    this.named = new Set(names);
  }

  /** Folder names (sorted) of `root/folder`. */
  static folders(root: string, folder: string): string[] {
    const dir = join(root, folder);
    return existsSync(dir) ? readdirSync(dir).sort() : [];
  }

  private one(name: string): RepoFile<T> | undefined {
    if (!this.known.has(name)) this.known.set(name, this.named.has(name) ? this.read(name) : undefined);
    return this.known.get(name);
  }

  private all(): void {
    if (this.complete) return;
    this.complete = true;
    for (const name of this.names) {
      const spec = this.one(name);
      if (spec) super.set(name, spec);
    }
  }

  override get(name: string): RepoFile<T> | undefined {
    return this.complete ? super.get(name) : this.one(name);
  }
  override has(name: string): boolean {
    return this.get(name) !== undefined;
  }
  override get size(): number {
    this.all();
    return super.size;
  }
  override keys(): MapIterator<string> {
    this.all();
    return super.keys();
  }
  override values(): MapIterator<RepoFile<T>> {
    this.all();
    return super.values();
  }
  override entries(): MapIterator<[string, RepoFile<T>]> {
    this.all();
    return super.entries();
  }
  override [Symbol.iterator](): MapIterator<[string, RepoFile<T>]> {
    return this.entries();
  }
  override forEach(fn: (value: RepoFile<T>, key: string, map: Map<string, RepoFile<T>>) => void, thisArg?: unknown): void {
    this.all();
    super.forEach(fn, thisArg);
  }
}
