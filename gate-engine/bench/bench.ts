// `npm run bench:gate-engine [-- --json] [-- --duration 10 --connections 50]`
import { benchCli } from "./cli.ts";

benchCli(process.argv.slice(2)).then(
  (text) => console.log(text),
  (err: Error) => {
    console.error(`bench-gate-engine: ${err.message}`);
    process.exit(1);
  },
);
