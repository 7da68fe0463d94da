import { ConfigError, loadConfig, type Config } from '../../config.ts';
import { planSchema } from '../../stores/sheets/ensure-schema.ts';
import { inspectSheet } from './inspect.ts';
import { planSetup, type SetupPlan } from './plan-setup.ts';
import { describeSheetsFailure, openSheets, type Output, type SheetsTarget } from './sheets-target.ts';
import { loadRosterTemplate, TEMPLATES_DIR } from './templates.ts';
import { createCliLogger } from '../start-cli.ts';

export const SETUP_USAGE = `usage: npm run setup [-- --seed-roster]

Prepares the spreadsheet in GOOGLE_SHEETS_ID (or the stand-in at SHEETS_EMULATOR_HOST) for Baton:
adds missing tabs and header cells (never reorders, renames or deletes anything), freezes the
header rows, and adds the stage and active dropdowns. Safe to run again: a second run prints
"nothing to change".

  --seed-roster   when sales_sheet has no reps yet, add the sample reps from
                  sheets-templates/sales_sheet.csv (active OFF until you put real Slack ids in)
`;

export interface SetupOptions {
  /** Command-line arguments after the script name. */
  args?: readonly string[];
  /** Problems and logs; defaults to `out`. */
  err?: Output;
  /** Where sales_sheet.csv is; defaults to the repository's sheets-templates/. */
  templatesDir?: string;
}

/** The settings setup reads; everything else (Slack, intake) may still be missing when an admin prepares the sheet first. */
const SHEETS_SETTINGS = [
  'GOOGLE_SHEETS_ID',
  'GOOGLE_APPLICATION_CREDENTIALS',
  'GOOGLE_SERVICE_ACCOUNT_JSON',
  'SHEETS_EMULATOR_HOST',
  'SHEETS_READS_PER_MINUTE',
  'SHEETS_WRITES_PER_MINUTE',
  'LOG_LEVEL',
] as const;

/**
 * loadConfig's rules for the Sheets settings alone: once GOOGLE_SHEETS_ID is set, loadConfig also
 * wants the Slack settings and INTAKE_TOKEN, which setup never uses, so stand-ins fill those.
 */
function sheetsOnlyEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const picked: Record<string, string | undefined> = {};
  for (const key of SHEETS_SETTINGS) picked[key] = env[key];
  if (picked.GOOGLE_SHEETS_ID?.trim()) {
    Object.assign(picked, { SLACK_BOT_TOKEN: 'xoxb-unused-by-setup', SLACK_SIGNING_SECRET: 'unused-by-setup', INTAKE_TOKEN: 'unused-by-setup-0000' });
  }
  return picked;
}

/** Reads the sheet and plans every change setup would make (nothing is written). */
async function plan(target: SheetsTarget, seedRoster: Record<string, string>[] | undefined): Promise<SetupPlan> {
  const inspection = await inspectSheet(target);
  const schema = await planSchema(target.api, target.requester, target.spreadsheetId);
  return planSetup({ inspection, schema, ...(seedRoster ? { seedRoster } : {}) });
}

/** `npm run setup`. Returns the exit code: 0 done (or nothing to do), 1 with the problem and its fix. */
export async function runSetup(env: Record<string, string | undefined>, out: Output, options: SetupOptions = {}): Promise<number> {
  const err = options.err ?? out;
  const args = options.args ?? [];
  if (args.includes('--help') || args.includes('-h')) {
    out.write(SETUP_USAGE);
    return 0;
  }
  const unknown = args.filter((arg) => arg !== '--seed-roster');
  if (unknown.length > 0) {
    err.write(`setup: unknown option ${unknown.join(' ')}\n${SETUP_USAGE}`);
    return 1;
  }
  const seed = args.includes('--seed-roster');

  let config: Config;
  try {
    config = loadConfig(sheetsOnlyEnv(env));
  } catch (error) {
    err.write(`setup: ${error instanceof ConfigError ? error.message : String(error)}\n`);
    return 1;
  }
  if (!config.GOOGLE_SHEETS_ID && !config.SHEETS_EMULATOR_HOST) {
    err.write(
      'setup: no spreadsheet configured.\n' +
        'fix: set GOOGLE_SHEETS_ID and GOOGLE_APPLICATION_CREDENTIALS (see .env.example), or SHEETS_EMULATOR_HOST for a stand-in. ' +
        'Local mode (`npm start` with none of them set) prepares its own sheet.\n',
    );
    return 1;
  }

  let seedRoster: Record<string, string>[] | undefined;
  if (seed) {
    try {
      seedRoster = loadRosterTemplate(options.templatesDir ?? TEMPLATES_DIR);
    } catch (error) {
      err.write(`setup: ${error instanceof Error ? error.message : String(error)}\nfix: restore sheets-templates/sales_sheet.csv from the repository, or run without --seed-roster\n`);
      return 1;
    }
  }

  const log = createCliLogger(config, err);
  let target: SheetsTarget;
  try {
    target = openSheets(config, log);
  } catch (error) {
    err.write(`setup: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }

  try {
    const first = await plan(target, seedRoster);
    if (first.requests.length === 0) {
      out.write('nothing to change\n');
      return 0;
    }
    const { api, requester, spreadsheetId } = target;
    // One batchUpdate: Sheets applies all of it or none of it. After a lost answer, it landed
    // exactly when a fresh plan finds nothing left to do.
    await requester.write(
      'spreadsheets.batchUpdate (setup)',
      () => api.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests: first.requests } }),
      async () => (await plan(target, seedRoster)).requests.length === 0,
    );
    for (const change of first.changes) out.write(`${change}\n`);
    return 0;
  } catch (error) {
    const failure = describeSheetsFailure(error, target);
    err.write(`setup: ${failure.problem}\nfix: ${failure.fix}, then run \`npm run setup\` again\n`);
    return 1;
  }
}
