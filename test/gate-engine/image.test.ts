// The gate engine image, for real: `npm run build:gate-engine` twice (same sources → same digest), then the image
// runs under runc with a read-only root filesystem. Needs root and Debian's buildah, umoci and runc; without them
// these tests fail and say what to install.
import { execFile } from "node:child_process";
import { createServer } from "node:net";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXAMPLES_DIR, REPO_ROOT } from "./support.ts";

const exec = promisify(execFile);
const TOOLS = ["buildah", "umoci", "runc"];
const BUILD_TIMEOUT = 180_000;
const OVERLAY = `# Development overlay (test copy)
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../../base/gate-engine # platform
`;

let work: string;

async function checkPrerequisites(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error("the image tests run as root (buildah --storage-driver vfs and runc need it)");
  const missing: string[] = [];
  for (const tool of TOOLS) await exec("sh", ["-c", `command -v ${tool}`]).catch(() => missing.push(tool));
  if (missing.length > 0) {
    throw new Error(`missing ${missing.join(", ")}: install with \`apt-get update && apt-get install -y buildah skopeo umoci runc\``);
  }
}

async function build(name: string): Promise<{ digest: string; stdout: string; ociDir: string; overlay: string }> {
  const overlay = join(work, `${name}-kustomization.yaml`);
  await writeFile(overlay, OVERLAY);
  const ociDir = join(work, `${name}-oci`);
  const { stdout } = await exec(
    process.execPath,
    ["--import", "tsx", "scripts/image/build-gate-engine.ts", "--overlay", overlay, "--oci-dir", ociDir, "--builder", "buildah"],
    {
      cwd: REPO_ROOT,
      maxBuffer: 1 << 20,
    },
  );
  const lines = stdout.trimEnd().split("\n");
  return { digest: lines[lines.length - 1], stdout, ociDir, overlay };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

async function blob(ociDir: string, digest: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(join(ociDir, "blobs/sha256", digest.replace("sha256:", "")), "utf8")) as Record<string, unknown>;
}

describe("gate engine image (root + buildah, umoci, runc)", () => {
  let first: Awaited<ReturnType<typeof build>>;

  beforeAll(async () => {
    await checkPrerequisites();
    work = await mkdtemp(join(tmpdir(), "gate-engine-image-test-"));
  });
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("fails with a clear message when the development overlay does not exist yet", async () => {
    const run = exec(process.execPath, ["--import", "tsx", "scripts/image/build-gate-engine.ts", "--overlay", "/nonexistent/kustomization.yaml"], {
      cwd: REPO_ROOT,
    });
    await expect(run).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("/nonexistent/kustomization.yaml does not exist") });
  });

  it(
    "builds twice from the same sources to the same digest, printed last and pinned in the overlay",
    async () => {
      first = await build("first");
      const second = await build("second");
      expect(first.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(second.digest).toBe(first.digest);
      const overlay = await readFile(first.overlay, "utf8");
      expect(overlay).toContain("# Development overlay (test copy)");
      expect(overlay).toContain(`images:\n  - name: registry.gaia.tech/platform/gate-engine\n    digest: ${first.digest}\n`);
    },
    BUILD_TIMEOUT,
  );

  it("is a small FROM scratch image running as 10001 with OCI annotations", async () => {
    const index = JSON.parse(await readFile(join(first.ociDir, "index.json"), "utf8")) as { manifests: { digest: string }[] };
    expect(index.manifests[0].digest).toBe(first.digest);
    const manifest = (await blob(first.ociDir, first.digest)) as {
      config: { digest: string };
      layers: { size: number }[];
      annotations: Record<string, string>;
    };
    expect(manifest.layers).toHaveLength(1);
    expect(manifest.layers[0].size).toBeLessThan(60 * 1024 * 1024);
    expect(Object.keys(manifest.annotations)).toEqual(
      expect.arrayContaining(["org.opencontainers.image.source", "org.opencontainers.image.revision", "org.opencontainers.image.version"]),
    );
    const config = (await blob(first.ociDir, manifest.config.digest)) as {
      config: { User: string; Labels: Record<string, string>; Entrypoint: string[] };
      created: string;
    };
    expect(config.config.User).toBe("10001:10001");
    expect(config.config.Entrypoint).toEqual(["/usr/local/bin/node", "/app/gate-engine.mjs"]);
    expect(config.config.Labels["org.opencontainers.image.revision"]).toMatch(/^[0-9a-f]{40}$/);
    expect(config.created).toBe("1970-01-01T00:00:00Z");
  });

  it(
    "runs under runc with a read-only root: /healthz, one /compute, then stops on SIGTERM",
    async () => {
      const bundle = join(work, "bundle");
      await exec("umoci", ["unpack", "--image", `${first.ociDir}:0.1.0`, bundle]);
      const configFile = join(bundle, "config.json");
      const config = JSON.parse(await readFile(configFile, "utf8"));
      const port = await freePort();
      config.process.terminal = false;
      config.process.env.push(`PORT=${port}`, "HOST=127.0.0.1");
      config.process.capabilities = { bounding: [], effective: [], inheritable: [], permitted: [], ambient: [] };
      config.root.readonly = true;
      // Share the host network namespace so the test reaches the service on 127.0.0.1.
      config.linux.namespaces = config.linux.namespaces.filter((n: { type: string }) => n.type !== "network");
      config.mounts.push({ destination: "/etc/gate-engine/networks", type: "bind", source: EXAMPLES_DIR, options: ["rbind", "ro"] });
      await writeFile(configFile, JSON.stringify(config));
      const id = `gate-engine-test-${process.pid}`;
      const logFile = join(work, "container.log");
      await exec("sh", ["-c", 'runc run --detach --bundle "$1" "$2" >"$3" 2>&1 </dev/null', "sh", bundle, id, logFile]);
      try {
        let health: Response | undefined;
        for (let i = 0; i < 100 && !health; i++) {
          health = await fetch(`http://127.0.0.1:${port}/healthz`).catch(async () => void (await new Promise((r) => setTimeout(r, 100))));
        }
        expect(health?.status, await readFile(logFile, "utf8").catch(() => "")).toBe(200);
        const res = await fetch(`http://127.0.0.1:${port}/compute/text-processor`, { method: "POST", body: JSON.stringify({ inputs: [0, 1, 1] }) });
        expect(await res.json()).toEqual({ network: "text-processor", outputs: { "decision-layer": [1] } });
        const state = JSON.parse((await exec("runc", ["state", id])).stdout) as { status: string; pid: number };
        expect(state.status).toBe("running");
        const uid = (await readFile(`/proc/${state.pid}/status`, "utf8")).match(/^Uid:\s+(\d+)/m)?.[1];
        expect(uid).toBe("10001");
        await exec("runc", ["kill", id, "TERM"]);
        let status = "running";
        for (let i = 0; i < 50 && status === "running"; i++) {
          await new Promise((r) => setTimeout(r, 100));
          status = (JSON.parse((await exec("runc", ["state", id])).stdout) as { status: string }).status;
        }
        expect(status).toBe("stopped");
        expect(await readFile(logFile, "utf8")).toContain("SIGTERM: draining and saving state");
      } finally {
        await exec("runc", ["delete", "--force", id]).catch(() => undefined);
      }
    },
    BUILD_TIMEOUT,
  );
});
