// A throw-away copy of the repository's own template, with the render and schema caches so that unchanged work is
// not redone; removed by the caller's dispose().
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "./repo.ts";

const TEMPLATE_FOLDERS = ["base", "overlays", "games", "clusters", "policies", "schemas"];

export interface TemplateCopy {
  root: string;
  read(file: string): string;
  write(file: string, text: string): void;
  dispose(): void;
}

export function templateCopy(): TemplateCopy {
  const root = mkdtempSync(join(tmpdir(), "gaia-template-"));
  for (const folder of TEMPLATE_FOLDERS) cpSync(join(PROJECT_ROOT, folder), join(root, folder), { recursive: true });
  const cache = join(PROJECT_ROOT, ".cache");
  for (const entry of existsSync(cache) ? readdirSync(cache) : []) {
    if (entry === "render" || /^(schema|syntax)-.*\.json$/.test(entry)) cpSync(join(cache, entry), join(root, ".cache", entry), { recursive: true });
  }
  return {
    root,
    read: (file) => readFileSync(join(root, file), "utf8"),
    write: (file, text) => writeFileSync(join(root, file), text),
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}
