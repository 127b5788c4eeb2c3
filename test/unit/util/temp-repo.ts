// Throw-away repositories for unit tests: a temp folder filled from a { path: text } map, removed after the test.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export interface TempRepo {
  root: string;
  write(file: string, text: string | Uint8Array): string;
  /** Writes an executable script (mode 0755) and returns its absolute path. */
  script(file: string, text: string): string;
  dispose(): void;
}

export function tempRepo(files: Record<string, string> = {}, prefix = "gaia-unit-"): TempRepo {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const write = (file: string, text: string | Uint8Array) => {
    const abs = join(root, file);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
    return abs;
  };
  for (const [file, text] of Object.entries(files)) write(file, text);
  return {
    root,
    write,
    script(file, text) {
      const abs = write(file, text);
      chmodSync(abs, 0o755);
      return abs;
    },
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}

export const KUSTOMIZATION = (body = "") => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n${body}`;
