import '../runtime-flags.ts';
import { runSimulate } from './simulate/run-simulate.ts';

/** `npm run simulate [-- --last 500 | --csv leads.csv]`: a read-only replay; see simulate/run-simulate.ts. */
runSimulate(process.env, process.stdout, { args: process.argv.slice(2), err: process.stderr }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`simulate: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
