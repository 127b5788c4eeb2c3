// The image build's pieces with a fake process runner: ldd parsing, overlay pinning, sources, builders, tool checks.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildGateEngineImage } from "../../scripts/image/build.ts";
import { buildahConfigArgs } from "../../scripts/image/buildah.ts";
import { buildWithBuildx, buildxArgs, dockerAvailable, dockerfile } from "../../scripts/image/buildx.ts";
import { requireCommands, runChecked, ToolError, zxRunner, type CommandResult, type Runner } from "../../scripts/image/exec.ts";
import { FALLBACK_SOURCE, imageSpec, IMAGE_NAME, NO_COMMIT_REVISION, packageVersion, sourceRevision, sourceUrl } from "../../scripts/image/image-spec.ts";
import { pinDigest, pinDigestInFile } from "../../scripts/image/overlay.ts";
import { parseLdd } from "../../scripts/image/rootfs.ts";
import { REPO_ROOT, tempDirWith } from "./support.ts";

const DIGEST = `sha256:${"ab".repeat(32)}`;
const ok = (stdout = ""): CommandResult => ({ stdout, stderr: "", exitCode: 0 });

/** A runner that records calls and answers from a table of `cmd arg0` prefixes. */
function fakeRunner(answers: Record<string, CommandResult>, calls: string[][] = []): Runner {
  return async (cmd, args) => {
    calls.push([cmd, ...args]);
    const key = Object.keys(answers).find((k) => [cmd, ...args].join(" ").startsWith(k));
    return key ? answers[key] : { stdout: "", stderr: `${cmd}: not found`, exitCode: 127 };
  };
}

describe("ldd output", () => {
  it("lists exactly the library files, loader included, without the vDSO", () => {
    const out = `\tlinux-vdso.so.1 (0x00007ffd)\n\tlibstdc++.so.6 => /lib/x86_64-linux-gnu/libstdc++.so.6 (0x00007f9e15c00000)\n\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f9e1593e000)\n\t/lib64/ld-linux-x86-64.so.2 (0x00007f9e15f0f000)\n`;
    expect(parseLdd(out)).toEqual(["/lib/x86_64-linux-gnu/libc.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib64/ld-linux-x86-64.so.2"]);
    expect(parseLdd("\tstatically linked\n")).toEqual([]);
  });
  it("fails on a missing library or an unknown line", () => {
    expect(() => parseLdd("\tlibfoo.so.1 => not found\n")).toThrow("ldd cannot find libfoo.so.1");
    expect(() => parseLdd("\tsomething odd\n")).toThrow("unexpected ldd line: something odd");
  });
});

describe("pinning the digest in an overlay", () => {
  const overlay = `# Development environment: newest platform versions.
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../../base/gate-engine # the gate engine
images:
  # chat is pinned by its own pipeline
  - name: registry.gaia.tech/platform/chat
    newTag: 2.1.0
`;

  it("adds the gate engine entry and keeps comments and other entries", () => {
    const out = pinDigest(overlay, IMAGE_NAME, DIGEST);
    expect(out).toContain("# Development environment: newest platform versions.");
    expect(out).toContain("# chat is pinned by its own pipeline");
    expect(out).toContain("# the gate engine");
    expect(out).toContain("newTag: 2.1.0");
    expect(out).toContain(`  - name: ${IMAGE_NAME}\n    digest: ${DIGEST}\n`);
  });

  it("updates an existing entry in place, dropping a stale tag", () => {
    const once = pinDigest(overlay.replace("images:\n", `images:\n  - name: ${IMAGE_NAME}\n    newTag: 0.0.9\n`), IMAGE_NAME, DIGEST);
    const twice = pinDigest(once, IMAGE_NAME, `sha256:${"cd".repeat(32)}`);
    expect(twice.match(new RegExp(IMAGE_NAME, "g"))).toHaveLength(1);
    expect(twice).toContain(`digest: sha256:${"cd".repeat(32)}`);
    expect(twice).not.toContain("0.0.9");
  });

  it("creates images: when the overlay has none", () => {
    expect(pinDigest("resources: []\n", IMAGE_NAME, DIGEST)).toBe(`resources: []\nimages:\n  - name: ${IMAGE_NAME}\n    digest: ${DIGEST}\n`);
  });

  it("rejects bad digests and overlays it cannot edit", () => {
    expect(() => pinDigest("resources: []\n", IMAGE_NAME, "sha256:123")).toThrow('"sha256:123" is not a sha256 digest');
    expect(() => pinDigest("images: {a: 1}\n", IMAGE_NAME, DIGEST)).toThrow("images must be a list");
    expect(() => pinDigest("- a\n", IMAGE_NAME, DIGEST)).toThrow("expected a Kustomization mapping");
    expect(() => pinDigest("a: [\n", IMAGE_NAME, DIGEST)).toThrow("invalid YAML");
  });

  it("edits the file, and says so when the overlay does not exist yet", async () => {
    const dir = await tempDirWith({ "kustomization.yaml": overlay });
    await pinDigestInFile(join(dir, "kustomization.yaml"), IMAGE_NAME, DIGEST);
    expect(await readFile(join(dir, "kustomization.yaml"), "utf8")).toContain(DIGEST);
    await expect(pinDigestInFile(join(dir, "missing.yaml"), IMAGE_NAME, DIGEST)).rejects.toThrow(
      "missing.yaml does not exist: create the development overlay first",
    );
    await expect(pinDigestInFile(dir, IMAGE_NAME, DIGEST)).rejects.toThrow("EISDIR");
  });

  it("fails the whole build before building when the overlay is missing", async () => {
    const calls: string[][] = [];
    const run = buildGateEngineImage({
      repoRoot: REPO_ROOT,
      overlayFile: "/nonexistent/overlays/development/kustomization.yaml",
      ociDir: "/tmp/unused",
      builder: "buildah",
      runner: fakeRunner({}, calls),
    });
    await expect(run).rejects.toThrow("/nonexistent/overlays/development/kustomization.yaml does not exist: the development overlay must exist");
    expect(calls).toEqual([]);
  });
});

describe("image sources and labels", () => {
  it("takes the revision from the last commit of the gate engine's sources, with a fixed fallback", async () => {
    const hash = "0123456789abcdef0123456789abcdef01234567";
    const calls: string[][] = [];
    expect(await sourceRevision(fakeRunner({ "git log": ok(`${hash}\n`) }, calls), "/repo")).toBe(hash);
    expect(calls[0]).toEqual(["git", "log", "-1", "--format=%H", "--", "gate-engine", "scripts/image"]);
    expect(await sourceRevision(fakeRunner({ "git log": ok("") }), "/repo")).toBe(NO_COMMIT_REVISION);
    expect(await sourceRevision(fakeRunner({}), "/repo")).toBe(NO_COMMIT_REVISION);
    const noRepo = await tempDirWith({});
    expect(await sourceRevision(zxRunner, noRepo)).toBe(NO_COMMIT_REVISION);
  });

  it("takes the source from the origin remote, with a fixed fallback, and the version from package.json", async () => {
    expect(await sourceUrl(fakeRunner({ "git config": ok("https://git.example/gaia.git\n") }), "/repo")).toBe("https://git.example/gaia.git");
    expect(await sourceUrl(fakeRunner({}), "/repo")).toBe(FALLBACK_SOURCE);
    expect(await packageVersion(REPO_ROOT)).toMatch(/^\d+\.\d+\.\d+/);
    await expect(packageVersion(await tempDirWith({ "package.json": "{}" }))).rejects.toThrow("package.json has no version");
  });

  it("runs as user 10001 with OCI annotations set as labels too", () => {
    const spec = imageSpec("1.2.3", NO_COMMIT_REVISION, "urn:x");
    const args = buildahConfigArgs(spec);
    expect(args.slice(0, 2)).toEqual(["--user", "10001:10001"]);
    expect(args).toContain("org.opencontainers.image.revision=" + NO_COMMIT_REVISION);
    for (const key of ["source", "revision", "version"]) {
      expect(args).toContain(`--label`);
      expect(args.filter((a) => a.startsWith(`org.opencontainers.image.${key}=`))).toHaveLength(2);
    }
    expect(spec.entrypoint).toEqual(["/usr/local/bin/node", "/app/gate-engine.mjs"]);
  });
});

describe("process adapter", () => {
  it("turns a failing command into a ToolError with the command and stderr tail", async () => {
    const err = await runChecked(zxRunner, "sh", ["-c", "echo broken >&2; exit 3"], { cwd: "/tmp" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ToolError);
    expect(err).toMatchObject({ cmd: "sh -c echo broken >&2; exit 3", cwd: "/tmp", exitCode: 3, stderrTail: "broken" });
    expect(await runChecked(zxRunner, "sh", ["-c", "echo fine"])).toBe("fine\n");
  });

  it("names the Debian packages to install when image tools are missing", async () => {
    await expect(requireCommands(zxRunner, ["sh", "no-such-tool-xyz"])).rejects.toThrow(
      "missing no-such-tool-xyz: install them as root with `apt-get update && apt-get install -y buildah skopeo umoci runc`",
    );
    await expect(requireCommands(zxRunner, ["sh"])).resolves.toBeUndefined();
  });
});

describe("docker buildx builder (used when a Docker engine answers)", () => {
  const spec = imageSpec("1.2.3", NO_COMMIT_REVISION, "urn:x");

  it("writes a FROM scratch Dockerfile with the same user, entrypoint and labels", () => {
    const text = dockerfile(spec, "rootfs");
    expect(text.split("\n").slice(0, 4)).toEqual(["FROM scratch", "COPY --chown=0:0 rootfs/ /", "USER 10001:10001", "WORKDIR /app"]);
    expect(text).toContain('LABEL org.opencontainers.image.version="1.2.3"');
    expect(text).toContain('ENTRYPOINT ["/usr/local/bin/node","/app/gate-engine.mjs"]');
  });

  it("exports an OCI layout with rewritten timestamps and reads the digest from the metadata file", async () => {
    const work = await tempDirWith({});
    const calls: string[][] = [];
    const runner: Runner = async (cmd, args) => {
      calls.push([cmd, ...args]);
      await writeFile(args[args.indexOf("--metadata-file") + 1], JSON.stringify({ "containerimage.digest": DIGEST }));
      return ok();
    };
    const digest = await buildWithBuildx({ spec, rootfsDir: join(work, "rootfs"), ociDir: join(work, "oci"), workDir: work, runner });
    expect(digest).toBe(DIGEST);
    expect(calls[0]).toEqual(["docker", ...buildxArgs(spec, work, join(work, "oci"), join(work, "buildx-metadata.json"))]);
    expect(calls[0]).toContain(`type=oci,dest=${join(work, "oci")},tar=false,rewrite-timestamp=true,name=${IMAGE_NAME}:1.2.3`);
    expect(await readFile(join(work, "Dockerfile"), "utf8")).toBe(dockerfile(spec, "rootfs"));
  });

  it("fails when buildx reports no digest, and detects whether an engine answers", async () => {
    const work = await tempDirWith({});
    const runner: Runner = async (_cmd, args) => {
      await writeFile(args[args.indexOf("--metadata-file") + 1], "{}");
      return ok();
    };
    await expect(buildWithBuildx({ spec, rootfsDir: join(work, "rootfs"), ociDir: join(work, "oci"), workDir: work, runner })).rejects.toThrow(
      "docker buildx wrote no containerimage.digest",
    );
    expect(await dockerAvailable({ runner: fakeRunner({ "docker info": ok("27.0.1") }) })).toBe(true);
    expect(await dockerAvailable({ runner: fakeRunner({}) })).toBe(false);
  });
});
