// Entry point: `npm run gate-engine` (PORT, default 8080; networks from base/gate-engine/).
import { consoleLogger, startGateEngine } from "./app.ts";
import { readConfig } from "./config.ts";

async function main(): Promise<void> {
  const running = await startGateEngine(readConfig(process.env));
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    consoleLogger.info(`${signal}: draining and saving state`);
    running.shutdown().then(
      () => process.exit(0),
      (err: Error) => {
        consoleLogger.error(err.message);
        process.exit(1);
      },
    );
  };
  process.on("SIGHUP", () => void running.reload());
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((err: Error) => {
  consoleLogger.error(`gate engine failed to start: ${err.message}`);
  process.exit(1);
});
