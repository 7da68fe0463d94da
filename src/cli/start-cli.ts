import { createBaton, type Baton } from '../compose.ts';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { systemClock } from '../core/ports.ts';
import { createLogger, type Logger } from '../log.ts';

/** Where a command writes its messages and logs: process.stderr, or a buffer in tests. */
type ErrorOutput = NonNullable<Parameters<typeof createLogger>[1]>;

/** The configuration, or undefined after saying what is wrong (the command then exits 2). */
export function loadCliConfig(env: Parameters<typeof loadConfig>[0], err: ErrorOutput): Config | undefined {
  try {
    return loadConfig(env);
  } catch (error) {
    err.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
    return undefined;
  }
}

/** Logs on stderr, quieter than the server by default, so stdout carries only the command's answer. */
export function createCliLogger(config: Config, err: ErrorOutput): Logger {
  return createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, err);
}

/** Baton's store and use cases for a one-off command: no server, so Slack and intake secrets may be absent. */
export function createCliBaton(config: Config, log: Logger): Baton {
  return createBaton({
    config,
    log,
    clock: systemClock,
    secrets: {
      botToken: config.SLACK_BOT_TOKEN ?? 'xoxb-local',
      signingSecret: config.SLACK_SIGNING_SECRET ?? 'unused-by-the-cli',
      intakeToken: config.INTAKE_TOKEN ?? 'unused-by-the-cli',
      spreadsheetId: config.GOOGLE_SHEETS_ID ?? 'local-baton',
    },
  });
}
