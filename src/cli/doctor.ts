import { runDoctor } from './doctor/run-doctor.ts';

/** `npm run doctor`: checks config, Slack, the spreadsheet and the roster; exit 1 on any ✗. */
runDoctor(process.env, process.stdout, { err: process.stderr }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`doctor: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
