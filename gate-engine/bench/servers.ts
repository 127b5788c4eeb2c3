// Benchmark targets, started as child processes so the load generator does not share their event loop:
// `baseline` is a bare node:http hello-world (it reads the request body, then answers), `gate-engine` the service with
// the example networks.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { startGateEngine } from "../src/app.ts";
import { readConfig } from "../src/config.ts";

const quiet = { info: () => undefined, error: (m: string) => console.error(m) };

async function start(kind: string | undefined): Promise<number> {
  if (kind === "baseline") {
    const server = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        res.writeHead(200, { "content-type": "text/plain" });
        res.end("hello world\n");
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    return (server.address() as AddressInfo).port;
  }
  if (kind === "gate-engine") {
    const config = readConfig({ ...process.env, PORT: "0", HOST: "127.0.0.1", GATE_ENGINE_STATE_STORE: "file" });
    const running = await startGateEngine(config, { log: quiet });
    // The soak benchmark swaps the networks under load with SIGHUP, as main.ts does.
    process.on("SIGHUP", () => void running.reload());
    // The soak benchmark reads the heap after a full GC (node --expose-gc): what the service retains, garbage aside.
    process.on("SIGUSR2", () => {
      const gc = (globalThis as { gc?: () => void }).gc;
      if (!gc) return console.log("heap unknown: start with --expose-gc");
      gc();
      console.log(`heap ${process.memoryUsage().heapUsed}`);
    });
    return running.port;
  }
  throw new Error(`unknown benchmark server "${String(kind)}" (baseline or gate-engine)`);
}

start(process.argv[2]).then(
  (port) => console.log(`port ${port}`),
  (err: Error) => {
    console.error(err.message);
    process.exit(1);
  },
);
