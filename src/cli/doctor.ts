import { runDoctor } from './doctor/run-doctor.ts';
import { withRunningLocalMode } from '../local/running-local-mode.ts';

/** `npm run doctor`: checks config, Slack, the spreadsheet and the roster; exit 1 on any ✗. */
runDoctor(withRunningLocalMode(process.env), process.stdout, { err: process.stderr }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`doctor: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
