import './runtime-flags.ts';
import { ConfigError, isLocalMode, loadConfig, type Config } from './config.ts';
import { createBaton, type Baton } from './compose.ts';
import { createLogger, type Logger } from './log.ts';
import { systemClock } from './core/ports.ts';

const SHUTDOWN_LIMIT_MS = 9_000;

async function startProduction(config: Config, log: Logger): Promise<{ stop(): Promise<void> }> {
  const baton: Baton = createBaton({
    config,
    log,
    clock: systemClock,
    secrets: {
      botToken: config.SLACK_BOT_TOKEN as string,
      signingSecret: config.SLACK_SIGNING_SECRET as string,
      intakeToken: config.INTAKE_TOKEN as string,
      spreadsheetId: config.GOOGLE_SHEETS_ID as string,
    },
  });
  await baton.start();
  return baton;
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const log = createLogger(config.LOG_LEVEL);
  // A bug or a hostile payload must not take down the process that holds everyone's leads.
  process.on('unhandledRejection', (reason) => log.error({ err: reason instanceof Error ? reason.message : String(reason) }, 'unhandled rejection (kept running)'));

  let stopping = false;
  let starting: Promise<{ stop(): Promise<void> }> | undefined;
  // Installed before starting: HTTP is live during the startup sweep, and a SIGTERM then must still be graceful.
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'baton: shutting down');
    const force = setTimeout(() => {
      log.error('baton: shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS);
    force.unref();
    (starting ?? Promise.reject(new Error('not started')))
      .then((running) => running.stop())
      .then(() => {
        log.info('baton: stopped cleanly');
        process.exit(0);
      })
      .catch((error: unknown) => {
        log.error({ err: String(error) }, 'baton: error while stopping');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  starting = isLocalMode(config)
    ? import('./local/start-local-mode.ts').then(({ startLocalMode }) => startLocalMode(config, log))
    : startProduction(config, log);
  try {
    await starting;
  } catch (error) {
    log.fatal({ err: error instanceof Error ? error.message : String(error) }, 'baton could not start');
    process.exit(1);
  }
}

void main();
