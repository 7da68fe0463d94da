import { LogLevel, WebClient } from '@slack/web-api';
import { LOCAL_BOT_TOKEN } from '../../local/demo-workspace.ts';
import type { Config } from '../../config.ts';
import { inspectSheet, type Inspection } from '../setup/inspect.ts';
import { describeSheetsFailure, openSheets, type Output, type SheetsTarget } from '../setup/sheets-target.ts';
import { checkConfig } from './checks/config.ts';
import { checkDatabase } from './checks/database.ts';
import { checkManagers, checkReps } from './checks/people.ts';
import { checkIntakeToken, checkSigningSecret } from './checks/secrets.ts';
import { checkActiveRep, checkSchema, checkSheetAccess, rosterOf } from './checks/sheets.ts';
import { checkScopes, checkSlackToken } from './checks/slack.ts';
import { checkExceptionsChannel } from './checks/exceptions-channel.ts';
import { checkManifest } from './checks/manifest.ts';
import { checkRouting, checkStatusScope } from './checks/routing.ts';
import { fail, formatLine, isSkipped, skip, type Line } from './types.ts';
import { createCliLogger } from '../start-cli.ts';

/** The token start-local-mode gives its embedded Slack stand-in (local mode has no SLACK_BOT_TOKEN). */
const LOCAL_MODE_BOT_TOKEN = LOCAL_BOT_TOKEN;

export interface DoctorOptions {
  /** Where logs go (retries and the like); defaults to `out`. */
  err?: Output;
}

function slackClient(config: Config, token: string): WebClient {
  return new WebClient(token, {
    ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
    // One answer per check; a retried 5xx would only make doctor slow to say "unreachable".
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logLevel: LogLevel.ERROR,
  });
}

/**
 * `npm run doctor`: the checklist, one line per check, each ✓ or ✗ with its fix. Returns the exit
 * code (1 when any ✗) instead of exiting, so tests run it in-process. Checks that depend on a failed
 * one are listed as skipped rather than failing twice for the same cause.
 */
export async function runDoctor(env: Record<string, string | undefined>, out: Output, options: DoctorOptions = {}): Promise<number> {
  const err = options.err ?? out;
  const lines: Line[] = [];
  const print = (...more: Line[]) => {
    for (const line of more) {
      lines.push(line);
      out.write(`${formatLine(line)}\n`);
    }
  };

  const configCheck = checkConfig(env);
  print(...configCheck.results);
  const config = configCheck.config;
  if (!config) return finish(out, lines);
  const local = configCheck.local;
  if (local && !config.SHEETS_EMULATOR_HOST && !config.SLACK_API_URL) {
    if (config.DATABASE_URL) print(...(await checkDatabase(config.DATABASE_URL)));
    print(skip('nothing remote to check in local mode: local mode is not running on this DATA_DIR (start it with `npm start`, then run `npm run doctor` again to check its stand-ins), and no production settings are set (see .env.example)'));
    return finish(out, lines);
  }

  // Slack: token, scopes. users.info needs both.
  const token = config.SLACK_BOT_TOKEN ?? (local && config.SLACK_API_URL ? LOCAL_MODE_BOT_TOKEN : undefined);
  let slack: WebClient | undefined;
  if (token) {
    const client = slackClient(config, token);
    const auth = await checkSlackToken(client, config.SLACK_API_URL);
    print(auth.result);
    if (auth.ok) {
      const scopes = checkScopes(auth.scopes);
      print(scopes);
      if (config.SLACK_STATUS_OOO) print(checkStatusScope(auth.scopes));
      print(checkManifest());
      if (scopes.ok || auth.scopes?.includes('users:read')) slack = client;
    } else {
      print(skip('Slack scopes: skipped (the token does not work)'));
    }
  } else {
    print(skip('Slack: skipped in local mode (set SLACK_API_URL to check a Slack stand-in)'));
  }
  if (!local) print(checkSigningSecret(config.SLACK_SIGNING_SECRET));

  // Sheets: access, tabs and headers, roster.
  let inspection: Inspection | undefined;
  if (!local || config.SHEETS_EMULATOR_HOST) {
    let target: SheetsTarget | undefined;
    try {
      target = openSheets(config, createCliLogger(config, err));
    } catch (error) {
      print(fail(`service account key unusable: ${error instanceof Error ? error.message : String(error)}`, 'point GOOGLE_APPLICATION_CREDENTIALS at the JSON key file of the service account the sheet is shared with'));
    }
    if (target) {
      const access = await checkSheetAccess(target);
      print(access.result);
      if (access.readable) {
        try {
          inspection = await inspectSheet(target);
        } catch (error) {
          const failure = describeSheetsFailure(error, target);
          print(fail(failure.problem, failure.fix));
        }
      }
    }
    if (inspection) print(...checkSchema(inspection));
    else print(skip('tabs and headers: skipped (the spreadsheet cannot be read)'));
  } else {
    print(skip('spreadsheet: skipped in local mode (set SHEETS_EMULATOR_HOST to check a Sheets stand-in)'));
  }

  // Leads in PostgreSQL: the roster above still comes from the spreadsheet.
  if (config.DATABASE_URL) print(...(await checkDatabase(config.DATABASE_URL)));

  const reps = inspection ? rosterOf(inspection) : undefined;
  if (reps) print(checkActiveRep(reps));
  else if (inspection) print(skip('reps: skipped (sales_sheet has no slack_id/active columns yet)'));
  if (reps && inspection) print(...checkRouting(inspection, { timeZone: config.TIMEZONE, overflowTeam: config.OVERFLOW_TEAM }));

  if (slack) {
    if (reps) print(...(await checkReps(slack, reps)));
    if (!local || config.MANAGER_SLACK_IDS.length > 0) print(...(await checkManagers(slack, config.MANAGER_SLACK_IDS)));
    if (config.EXCEPTIONS_CHANNEL) print(await checkExceptionsChannel(slack, config.EXCEPTIONS_CHANNEL));
  } else if (token) {
    print(skip('reps and managers in Slack: skipped (needs a working token with users:read)'));
  }

  if (!local || config.INTAKE_TOKEN) print(checkIntakeToken(config.INTAKE_TOKEN));
  return finish(out, lines);
}

function finish(out: Output, lines: readonly Line[]): number {
  const failed = lines.filter((line) => !isSkipped(line) && !line.ok).length;
  out.write(failed === 0 ? '\nall checks passed\n' : `\n${failed} problem${failed === 1 ? '' : 's'} to fix\n`);
  return failed === 0 ? 0 : 1;
}
