// Builds the image with buildah (no daemon): FROM scratch, one layer from the staged rootfs, fixed timestamps,
// then pushes it into an OCI layout directory whose manifest digest is the image digest.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { runChecked, type Runner } from "./exec.ts";
import type { ImageSpec } from "./image-spec.ts";

export interface BuildRequest {
  spec: ImageSpec;
  rootfsDir: string;
  /** OCI layout directory that receives the image, tagged with spec.version. */
  ociDir: string;
  /** Scratch directory for the digest file. */
  workDir: string;
  runner: Runner;
}

export const BUILDAH_GLOBAL = ["--storage-driver", "vfs"];

/** `buildah config` arguments for a spec (order fixed so the image config is byte-identical every time). */
export function buildahConfigArgs(spec: ImageSpec): string[] {
  const args = ["--user", spec.user, "--workingdir", spec.workingDir, "--entrypoint", JSON.stringify(spec.entrypoint), "--cmd", ""];
  args.push("--os", "linux", "--arch", "amd64");
  for (const [k, v] of Object.entries(spec.env)) args.push("--env", `${k}=${v}`);
  for (const port of spec.ports) args.push("--port", String(port));
  for (const [k, v] of Object.entries(spec.annotations)) args.push("--label", `${k}=${v}`, "--annotation", `${k}=${v}`);
  return args;
}

export async function buildWithBuildah(req: BuildRequest): Promise<string> {
  const { runner, spec } = req;
  const buildah = (args: string[]) => runChecked(runner, "buildah", [...BUILDAH_GLOBAL, ...args]);
  const localName = `localhost/gate-engine-build:${process.pid}`;
  const container = (await buildah(["from", "--pull-never", "scratch"])).trim();
  try {
    await buildah(["copy", "--chown", "0:0", container, `${req.rootfsDir}/`, "/"]);
    await buildah(["config", ...buildahConfigArgs(spec), container]);
    await buildah(["commit", "--quiet", "--timestamp", "0", "--identity-label=false", "--omit-history", "--format", "oci", container, localName]);
    const digestFile = join(req.workDir, "digest");
    await buildah(["push", "--quiet", "--compression-format", "gzip", "--digestfile", digestFile, localName, `oci:${req.ociDir}:${spec.version}`]);
    return (await readFile(digestFile, "utf8")).trim();
  } finally {
    await runner("buildah", [...BUILDAH_GLOBAL, "rm", container]);
    await runner("buildah", [...BUILDAH_GLOBAL, "rmi", "--force", localName]);
  }
}
