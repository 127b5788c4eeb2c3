// Builds the image with `docker buildx` when a Docker engine is present: the same rootfs and spec, exported as an
// OCI layout directory with rewritten timestamps (SOURCE_DATE_EPOCH=0) for reproducible digests.
import { readFile, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { BuildRequest } from "./buildah.ts";
import { runChecked } from "./exec.ts";
import type { ImageSpec } from "./image-spec.ts";

export function dockerfile(spec: ImageSpec, rootfsName: string): string {
  const lines = ["FROM scratch", `COPY --chown=0:0 ${rootfsName}/ /`, `USER ${spec.user}`, `WORKDIR ${spec.workingDir}`];
  for (const [k, v] of Object.entries(spec.env)) lines.push(`ENV ${k}=${JSON.stringify(v)}`);
  for (const port of spec.ports) lines.push(`EXPOSE ${port}`);
  for (const [k, v] of Object.entries(spec.annotations)) lines.push(`LABEL ${k}=${JSON.stringify(v)}`);
  lines.push(`ENTRYPOINT ${JSON.stringify(spec.entrypoint)}`);
  return `${lines.join("\n")}\n`;
}

export function buildxArgs(spec: ImageSpec, contextDir: string, ociDir: string, metadataFile: string): string[] {
  const args = ["buildx", "build", "--platform", "linux/amd64", "--provenance=false", "--metadata-file", metadataFile];
  args.push("--build-arg", "SOURCE_DATE_EPOCH=0");
  for (const [k, v] of Object.entries(spec.annotations)) args.push("--annotation", `manifest:${k}=${v}`);
  args.push("--output", `type=oci,dest=${ociDir},tar=false,rewrite-timestamp=true,name=${spec.name}:${spec.version}`, contextDir);
  return args;
}

/** True when a Docker engine answers. */
export async function dockerAvailable(req: Pick<BuildRequest, "runner">): Promise<boolean> {
  return (await req.runner("docker", ["info", "--format", "{{.ServerVersion}}"])).exitCode === 0;
}

export async function buildWithBuildx(req: BuildRequest): Promise<string> {
  const contextDir = dirname(req.rootfsDir);
  await writeFile(join(contextDir, "Dockerfile"), dockerfile(req.spec, basename(req.rootfsDir)));
  const metadataFile = join(req.workDir, "buildx-metadata.json");
  await runChecked(req.runner, "docker", buildxArgs(req.spec, contextDir, req.ociDir, metadataFile), { env: { SOURCE_DATE_EPOCH: "0" } });
  const metadata = JSON.parse(await readFile(metadataFile, "utf8")) as Record<string, unknown>;
  const digest = metadata["containerimage.digest"];
  if (typeof digest !== "string") throw new Error(`docker buildx wrote no containerimage.digest to ${metadataFile}`);
  return digest;
}
