import { runSetup } from './setup/run-setup.ts';
import { withRunningLocalMode } from '../local/running-local-mode.ts';

/** `npm run setup [-- --seed-roster]`: prepares the configured spreadsheet; see setup/run-setup.ts. */
runSetup(withRunningLocalMode(process.env), process.stdout, { args: process.argv.slice(2), err: process.stderr }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`setup: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
