// Writes a set of files so that a run stopped at any moment leaves each of them either as it was or complete:
// every new text goes to a temporary file first (flushed to disk), and only then replaces its file by rename.
// Temporary files live in .cache/tmp/, outside every kustomization folder, so a killed run leaves nothing in the tree.
import * as nodeFs from "node:fs";
import { basename, dirname, join } from "node:path";

export interface FileWrite {
  /** Absolute path. */
  file: string;
  text: string;
}

export type WriteFs = Pick<typeof nodeFs, "mkdirSync" | "openSync" | "writeSync" | "fsyncSync" | "closeSync" | "renameSync" | "rmSync">;

function writeFlushed(fs: WriteFs, file: string, text: string): void {
  const fd = fs.openSync(file, "w");
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export function writeAllAtomically(root: string, writes: FileWrite[], fs: WriteFs = nodeFs): void {
  const scratch = join(root, ".cache", "tmp");
  fs.mkdirSync(scratch, { recursive: true });
  const staged: Array<{ tmp: string; file: string }> = [];
  try {
    writes.forEach((w, i) => {
      const tmp = join(scratch, `${basename(w.file)}.${process.pid}.${i}`);
      staged.push({ tmp, file: w.file });
      writeFlushed(fs, tmp, w.text);
    });
  } catch (err) {
    for (const s of staged) fs.rmSync(s.tmp, { force: true });
    throw err;
  }
  for (const [i, { tmp, file }] of staged.entries()) {
    try {
      fs.renameSync(tmp, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EXDEV") {
        for (const s of staged.slice(i)) fs.rmSync(s.tmp, { force: true });
        throw err;
      }
      // .cache on another filesystem: stage beside the file instead (rename is atomic only within one filesystem).
      const near = join(dirname(file), `.${basename(file)}.partial-${process.pid}`);
      nodeFs.copyFileSync(tmp, near);
      fs.renameSync(near, file);
      fs.rmSync(tmp, { force: true });
    }
  }
}
