import '../runtime-flags.ts';
import { isLocalMode } from '../config.ts';
import { runSweep } from '../use-cases/run-sweep.ts';
import { findRunningLocalMode, START_LOCAL_MODE_HINT } from '../local/running-local-mode.ts';
import { createCliBaton, createCliLogger, loadCliConfig } from './start-cli.ts';

/** `npm run sweep`: one sweep against the configured sheet, one summary line, exit code says how it went. */
async function main(): Promise<number> {
  const config = loadCliConfig(process.env, process.stderr);
  if (!config) return 2;
  if (isLocalMode(config) && !config.SHEETS_EMULATOR_HOST) {
    // Local mode: the running process sweeps, on its own (possibly skipped-ahead) clock.
    const running = findRunningLocalMode(config.DATA_DIR);
    if (!running) {
      process.stderr.write(`sweep: ${START_LOCAL_MODE_HINT}. For a real sheet set GOOGLE_SHEETS_ID and credentials (see .env.example).\n`);
      return 2;
    }
    const answer = await fetch(new URL('sandbox/sweep', running.url), { method: 'POST' }).catch((error: unknown) => error as Error);
    if (answer instanceof Error || !answer.ok) {
      process.stderr.write(`sweep: local mode at ${running.url} did not answer (${answer instanceof Error ? answer.message : `HTTP ${answer.status}`})\n`);
      return 1;
    }
    process.stdout.write(`${((await answer.json()) as { summary: string }).summary}\n`);
    return 0;
  }
  const baton = createCliBaton(config, createCliLogger(config, process.stderr));
  try {
    // No schema check first: the sweep reads what it needs in one request and asks for the tabs'
    // ids only if it has something to write (a missing column is reported with its fix either way).
    const { summary, notified } = await runSweep(baton.ctx, 'cli');
    await notified;
    await baton.ctx.background.idle();
    process.stdout.write(`${summary.line}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`sweep: could not run: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

main().then((code) => process.exit(code));
