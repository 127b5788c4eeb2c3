// What the toolkit may read: regular files and folders inside the repository, found without opening anything else.
// A FIFO would block a reader forever, a device could be endless, and a symlink may lead out of the repository.
import { lstatSync, readFileSync, realpathSync, statSync, type Stats } from "node:fs";
import { dirname } from "node:path";
import { isInside } from "./paths.ts";

/** `file`/`dir`: safe to read; `missing`; `outside`: leaves the repository (by path or symlink); `special`: FIFO, socket, device. */
export type PathStatus = "file" | "dir" | "missing" | "outside" | "special";

const realRoots = new Map<string, string>();

function realRoot(root: string): string {
  let real = realRoots.get(root);
  if (real === undefined) {
    try {
      real = realpathSync.native(root);
    } catch {
      real = root;
    }
    realRoots.set(root, real);
  }
  return real;
}

/** Classifies an absolute path without opening it: lstat, realpath and (for a symlink) stat only. */
export function inspectPath(root: string, abs: string): PathStatus {
  if (!isInside(root, abs)) return "outside";
  let link: Stats;
  try {
    link = lstatSync(abs);
  } catch {
    return "missing";
  }
  let real: string;
  try {
    // The system's realpath: one call instead of an lstat per path component.
    real = realpathSync.native(abs);
  } catch {
    // A dangling symlink: nothing to read.
    return "missing";
  }
  if (!isInside(realRoot(root), real)) return "outside";
  const st = link.isSymbolicLink() ? statSync(real) : link;
  if (st.isFile()) return "file";
  if (st.isDirectory()) return "dir";
  return "special";
}

/**
 * `inspectPath` for many paths of one repository, each answered once: a path whose folder is known to be a readable
 * folder needs one lstat (its real path is the folder's plus its name unless it is a symlink). Answers are kept, so
 * make one per run.
 */
export class PathInspector {
  private readonly known = new Map<string, PathStatus>();
  constructor(private readonly root: string) {}

  status(abs: string): PathStatus {
    let status = this.known.get(abs);
    if (status === undefined) this.known.set(abs, (status = this.inspect(abs)));
    return status;
  }

  /** The bytes of a regular file inside the repository; undefined for anything else (never opened). */
  read(abs: string): Buffer | undefined {
    return this.status(abs) === "file" ? readFileSync(abs) : undefined;
  }

  private inspect(abs: string): PathStatus {
    const parent = dirname(abs);
    if (parent === abs || !isInside(this.root, parent) || this.status(parent) !== "dir") return inspectPath(this.root, abs);
    let link: Stats;
    try {
      link = lstatSync(abs);
    } catch {
      return "missing";
    }
    if (link.isSymbolicLink()) return inspectPath(this.root, abs);
    return link.isFile() ? "file" : link.isDirectory() ? "dir" : "special";
  }
}

/** Why a path was refused, for messages. */
export function refusalReason(status: PathStatus): string {
  if (status === "outside") return "it lies outside the repository (a path or symlink leading out of it)";
  if (status === "special") return "it is not a regular file (a FIFO, socket or device)";
  return "it cannot be read";
}

/** The bytes of a regular file inside the repository; undefined for anything else (never opened). */
export function readInsideRepo(root: string, abs: string): Buffer | undefined {
  return inspectPath(root, abs) === "file" ? readFileSync(abs) : undefined;
}
