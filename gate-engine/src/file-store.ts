// Learned state in a local JSON file, for running outside a cluster.
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

/** Where learned state lives. */
export interface StateStore {
  readonly description: string;
  load(): Promise<Record<string, string>>;
  /**
   * Replaces the stored data with `change(current)`, computed from the data as stored at the moment of writing (a
   * concurrent writer makes the store call `change` again on the fresh data); resolves to what was stored.
   */
  update(change: (current: Record<string, string>) => Record<string, string>): Promise<Record<string, string>>;
}

function asStringMap(value: unknown, file: string): Record<string, string> {
  const ok = typeof value === "object" && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === "string");
  if (!ok) throw new Error(`state file ${file} must hold a JSON object of strings`);
  return value as Record<string, string>;
}

export class FileStateStore implements StateStore {
  constructor(private readonly file: string) {}

  get description(): string {
    return `file ${this.file}`;
  }

  async load(): Promise<Record<string, string>> {
    let text: string;
    try {
      text = await readFile(this.file, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return {};
      throw err;
    }
    try {
      return asStringMap(JSON.parse(text), this.file);
    } catch (err) {
      throw new Error(`cannot read state file ${this.file}: ${(err as Error).message}`, { cause: err });
    }
  }

  async update(change: (current: Record<string, string>) => Record<string, string>): Promise<Record<string, string>> {
    const data = change(await this.load());
    await mkdir(dirname(this.file), { recursive: true });
    // Write then rename, so a crash mid-write never leaves a truncated file.
    const partial = `${this.file}.partial-${process.pid}`;
    await writeFile(partial, `${JSON.stringify(data, Object.keys(data).sort(), 2)}\n`);
    await rename(partial, this.file);
    return data;
  }
}
