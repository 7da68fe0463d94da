import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../config.ts';
import { createBaton } from '../compose.ts';
import type { Logger } from '../log.ts';
import { DEMO_MANAGER_IDS, DEMO_SHEET, DEMO_USERS, LOCAL_BOT_TOKEN } from './demo-workspace.ts';
import { SkippableClock } from './local-clock.ts';
import { announceLocalMode } from './running-local-mode.ts';
import { sandboxRoutes } from './sandbox/routes.ts';
import { startSheetsStandin } from './sheets-standin/index.ts';
import { startSlackStandin } from './slack-standin/index.ts';
import { formatReplay } from '../domain/policy/format-replay.ts';
import { replayRecentLeads } from '../use-cases/replay-routing.ts';


/**
 * Local mode: the real Baton (googleapis, Bolt, WebClient, signatures) pointed at embedded
 * Sheets and Slack stand-ins on 127.0.0.1, plus the sandbox page. Nothing in the domain or the
 * use cases knows; only this composition differs.
 */
export async function startLocalMode(config: Config, log: Logger): Promise<{ stop(): Promise<void>; url: string }> {
  const dataDir = resolve(config.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const sheets = await startSheetsStandin({ dataFile: join(dataDir, 'local-sheet.json'), seed: DEMO_SHEET });
  // Inboxes, Home tabs and the skipped clock are kept in DATA_DIR like the sheet, so a restart changes nothing a visitor sees.
  const slack = await startSlackStandin({ botToken: LOCAL_BOT_TOKEN, users: DEMO_USERS, dataFile: join(dataDir, 'local-slack.json') });
  const signingSecret = randomBytes(16).toString('hex');
  const intakeToken = config.INTAKE_TOKEN ?? randomBytes(16).toString('hex');
  const clock = new SkippableClock(join(dataDir, 'local-clock.json'));
  const localConfig: Config = {
    ...config,
    SHEETS_EMULATOR_HOST: sheets.hostPort,
    SLACK_API_URL: slack.url,
    MANAGER_SLACK_IDS: config.MANAGER_SLACK_IDS.length > 0 ? config.MANAGER_SLACK_IDS : DEMO_MANAGER_IDS,
  };

  let eventsUrl = '';
  const baton = createBaton({
    config: localConfig,
    log,
    clock,
    secrets: { botToken: LOCAL_BOT_TOKEN, signingSecret, intakeToken, spreadsheetId: sheets.spreadsheetId },
    extraRoutes: sandboxRoutes({
      sheets,
      slack,
      clock,
      intakeToken,
      signingSecret,
      eventsUrl: () => eventsUrl,
      sweepNow: async () => {
        await baton.scheduler.trigger('sandbox');
        const last = baton.status.lastSweep;
        return last ? (last.ok ? last.summary : `sweep failed: ${last.summary}`) : 'no sweep ran';
      },
      simulate: async () =>
        formatReplay(await replayRecentLeads(baton.ctx, 500), { timeZone: localConfig.TIMEZONE, quiet: false, source: 'last 500 in the sandbox sheet' }),
      afterClockSkip: () => baton.scheduler.rearm(),
      refresh: () => baton.ledger.refresh(),
      settings: { slaMinutes: localConfig.SLA_MINUTES, timeZone: localConfig.TIMEZONE, escalationThreshold: localConfig.ESCALATION_THRESHOLD },
    }),
  });

  log.info(
    { sheets: sheets.url, slack: slack.url, dataFile: join(dataDir, 'local-sheet.json') },
    'baton: LOCAL MODE (no SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET or GOOGLE_SHEETS_ID set): embedded Sheets and Slack stand-ins',
  );
  const { url, port } = await baton.start();
  eventsUrl = `http://127.0.0.1:${port}/slack/events`;
  const publicUrl = `http://localhost:${port}/`;
  log.info({ sandbox: publicUrl, webhook: `${url}/webhooks/lead`, intakeToken }, `baton: local mode ready — open ${publicUrl}`);
  // `npm run sweep|setup|doctor` in local mode find this process's stand-ins through DATA_DIR.
  const unannounce = announceLocalMode(dataDir, { pid: process.pid, url: publicUrl, sheetsHostPort: sheets.hostPort, slackApiUrl: slack.url });
  // One plain line besides the JSON logs, for a person reading the terminal.
  process.stdout.write(`Baton local mode: open ${publicUrl} (intake token ${intakeToken})\n`);

  return {
    url: publicUrl,
    async stop() {
      unannounce();
      await baton.stop();
      await Promise.all([sheets.stop(), slack.stop()]);
    },
  };
}
