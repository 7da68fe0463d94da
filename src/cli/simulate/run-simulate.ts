import { readFileSync } from 'node:fs';
import { isLocalMode, type Config } from '../../config.ts';
import { systemClock, type Snapshot } from '../../core/ports.ts';
import { normalizePhone } from '../../domain/phone.ts';
import { replayLeadOf, replayLeads, type ReplayLead } from '../../domain/policy/replay-leads.ts';
import { formatReplay } from '../../domain/policy/format-replay.ts';
import { parseSheetTime } from '../../domain/time.ts';
import { STAGES } from '../../domain/types.ts';
import { csvRecords, parseCsv } from '../setup/templates.ts';
import type { Output } from '../setup/sheets-target.ts';
import { createCliBaton, createCliLogger, loadCliConfig } from '../start-cli.ts';

export const SIMULATE_USAGE = `usage: npm run simulate [-- --last 500 | --csv leads.csv]

Replays leads through the CURRENT roster (sales_sheet) and routing_rules and prints, per lead, who
would get it and why, then the distribution per rep and team beside what actually happened.
Nothing is written to the sheet and nothing is sent to Slack.

  --last N     the N most recent leads in the store (default 500)
  --csv FILE   leads from a CSV with a header row: name, email, phone, company, source, message,
               created_at, and optionally sales_slack_id (who actually got it) and contacted_at;
               any other column is a form field, for form.<label> rules
  --quiet      only the distribution, not one line per lead
`;

interface Options {
  last: number;
  csv?: string;
  quiet: boolean;
}

function readArgs(args: readonly string[]): Options | string {
  const options: Options = { last: 500, quiet: false };
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === '--last') {
      const n = Number(args[(i += 1)]);
      if (!Number.isInteger(n) || n <= 0) return '--last needs a positive whole number';
      options.last = n;
    } else if (arg === '--csv') {
      const file = args[(i += 1)];
      if (!file) return '--csv needs a file';
      options.csv = file;
    } else if (arg === '--quiet') options.quiet = true;
    else return `unknown option ${arg}`;
  }
  return options;
}

const KNOWN = new Set(['lead_id', 'name', 'email', 'phone', 'company', 'source', 'message', 'created_at', 'sales_slack_id', 'assigned_sales', 'contacted_at', 'stage', 'assigned_at']);

/** CSV rows -> leads to replay; the columns Baton does not know become form fields. */
export function leadsFromCsv(text: string, config: Pick<Config, 'DEFAULT_COUNTRY' | 'TIMEZONE'>, now: number): ReplayLead[] {
  return csvRecords(parseCsv(text)).map((record, index) => {
    const phone = record.phone ? normalizePhone(record.phone, config.DEFAULT_COUNTRY) : { value: '', valid: false };
    const time = (value: string | undefined) => {
      const parsed = parseSheetTime(value ?? '', { timeZone: config.TIMEZONE });
      return parsed.ok ? parsed.at : null;
    };
    const form = Object.fromEntries(Object.entries(record).filter(([key, value]) => !KNOWN.has(key) && value !== ''));
    return {
      leadId: record.lead_id || `row ${index + 2}`,
      facts: {
        name: record.name ?? '',
        email: (record.email ?? '').toLowerCase(),
        phone: phone.value,
        phoneValid: phone.valid,
        company: record.company ?? '',
        source: record.source ?? '',
        message: record.message ?? '',
        form,
        ...(phone.valid && 'country' in phone ? { phoneCountry: phone.country ?? '' } : {}),
      },
      at: time(record.created_at) ?? now,
      actualRep: record.sales_slack_id ?? '',
      contactedAt: time(record.contacted_at),
    };
  });
}

/** The most recent `last` leads of a snapshot, oldest first. */
export function recentLeads(snapshot: Snapshot, last: number): ReplayLead[] {
  const leads = STAGES.flatMap((stage) => snapshot.leads.atStage(stage)).map(replayLeadOf);
  leads.sort((a, b) => a.at - b.at || a.leadId.localeCompare(b.leadId));
  return leads.slice(-last);
}

/** `npm run simulate`. Returns the exit code: 0 done, 1 could not read, 2 bad usage or settings. */
export async function runSimulate(env: Record<string, string | undefined>, out: Output, options: { args?: readonly string[]; err?: Output } = {}): Promise<number> {
  const err = options.err ?? out;
  const args = options.args ?? [];
  if (args.includes('--help') || args.includes('-h')) {
    out.write(SIMULATE_USAGE);
    return 0;
  }
  const parsed = readArgs(args);
  if (typeof parsed === 'string') {
    err.write(`simulate: ${parsed}\n${SIMULATE_USAGE}`);
    return 2;
  }
  const config = loadCliConfig(env, err);
  if (!config) return 2;
  if (isLocalMode(config) && !config.SHEETS_EMULATOR_HOST) {
    err.write('simulate: no spreadsheet configured. Set GOOGLE_SHEETS_ID and credentials (see .env.example); the roster and rules are read from it.\n');
    return 2;
  }
  let csvText: string | undefined;
  if (parsed.csv) {
    try {
      csvText = readFileSync(parsed.csv, 'utf8');
    } catch (error) {
      err.write(`simulate: cannot read ${parsed.csv}: ${error instanceof Error ? error.message : String(error)}\n`);
      return 2;
    }
  }
  const baton = createCliBaton(config, createCliLogger(config, err));
  let snapshot: Snapshot;
  try {
    // One read, the same the server makes; no schema check, no commit.
    snapshot = await baton.store.load();
  } catch (error) {
    err.write(`simulate: could not read the store: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  const leads = csvText !== undefined ? leadsFromCsv(csvText, config, systemClock.now()) : recentLeads(snapshot, parsed.last);
  const result = replayLeads({
    leads,
    roster: snapshot.roster,
    rules: snapshot.rules ?? [],
    timeZone: config.TIMEZONE,
    offHoursWaitMinutes: config.OFF_HOURS_WAIT_MINUTES,
    overflowTeam: config.OVERFLOW_TEAM,
  });
  out.write(formatReplay(result, { timeZone: config.TIMEZONE, quiet: parsed.quiet, source: parsed.csv ? `from ${parsed.csv}` : `last ${leads.length} in the store` }));
  return 0;
}
