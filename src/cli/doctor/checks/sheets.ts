import { parseRoster, type RosterRow } from '../../../domain/roster.ts';
import type { Rep } from '../../../domain/types.ts';
import { TAB_NAMES, TABS } from '../../../stores/sheets/schema.ts';
import type { Inspection } from '../../setup/inspect.ts';
import { describeSheetsFailure, serviceAccountName, type SheetsTarget } from '../../setup/sheets-target.ts';
import { fail, pass, type CheckResult } from '../types.ts';

const SETUP_FIX = 'run `npm run setup` (it adds missing tabs and columns and never changes existing ones)';

export interface AccessCheck {
  result: CheckResult;
  /** The sheet can be read, so the checks that read it can run. */
  readable: boolean;
}

/**
 * Reads the tab list, then proves write access with a write that changes nothing: each tab's title
 * set to itself on the first tab. A Viewer or Commenter gets 403 for it, an Editor gets a no-op.
 */
export async function checkSheetAccess(target: SheetsTarget): Promise<AccessCheck> {
  const { api, requester, spreadsheetId } = target;
  let first: { sheetId: number; title: string } | undefined;
  try {
    const response = await requester.read('spreadsheets.get (doctor)', () => api.spreadsheets.get({ spreadsheetId, fields: 'sheets.properties(sheetId,title)' }));
    const props = response.data.sheets?.[0]?.properties;
    if (props?.title) first = { sheetId: props.sheetId ?? 0, title: props.title };
  } catch (error) {
    const failure = describeSheetsFailure(error, target);
    return { readable: false, result: fail(failure.problem, failure.fix) };
  }
  if (!first) return { readable: false, result: fail(`spreadsheet ${spreadsheetId} has no tabs`, SETUP_FIX) };
  const tab = first;
  try {
    await requester.write('spreadsheets.batchUpdate (doctor no-op)', () =>
      api.spreadsheets.batchUpdate({
        spreadsheetId,
        requestBody: { requests: [{ updateSheetProperties: { properties: { sheetId: tab.sheetId, title: tab.title }, fields: 'title' } }] },
      }),
    );
  } catch (error) {
    const failure = describeSheetsFailure(error, target);
    if (failure.code === 'SHEETS_NO_ACCESS') {
      return {
        readable: true,
        result: fail(`spreadsheet ${spreadsheetId} is readable but not writable`, `share the sheet with ${serviceAccountName(target)} as Editor (not Viewer or Commenter)`),
      };
    }
    return { readable: true, result: fail(`spreadsheet ${spreadsheetId} refused a test write: ${failure.problem}`, failure.fix) };
  }
  const as = target.serviceAccount ? ` as ${target.serviceAccount}` : target.emulatorHost ? ` (stand-in at ${target.emulatorHost})` : '';
  return { readable: true, result: pass(`spreadsheet ${spreadsheetId} reachable with write access${as}`) };
}

/** The same rule as startup and setup (planSchema): every tab present, every header cell in row 1. */
export function checkSchema(inspection: Inspection): CheckResult[] {
  const problems: CheckResult[] = [];
  for (const name of TAB_NAMES) {
    const { title, headers } = TABS[name];
    const header = inspection.headers[name];
    if (!inspection.tabs.has(title) || !header) {
      problems.push(fail(`tab ${title} is missing`, SETUP_FIX));
      continue;
    }
    const missing = header.missing(headers);
    if (missing.length > 0) problems.push(fail(`${title} is missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} in row 1`, SETUP_FIX));
  }
  if (problems.length > 0) return problems;
  return [pass(`tabs and headers right (${TAB_NAMES.map((name) => TABS[name].title).join(', ')})`)];
}

/** The reps in sales_sheet, or undefined when its columns are not there to read them by. */
export function rosterOf(inspection: Inspection): Rep[] | undefined {
  const header = inspection.headers.roster;
  if (!header || header.missing(['slack_id', 'active']).length > 0) return undefined;
  return parseRoster(inspection.rosterRows.slice(1).map((row) => header.record(row) as RosterRow));
}

export function checkActiveRep(reps: readonly Rep[]): CheckResult {
  const active = reps.filter((rep) => rep.active);
  if (active.length > 0) return pass(`${active.length} active rep${active.length === 1 ? '' : 's'} in ${TABS.roster.title}`);
  const inactive = reps.length > 0 ? ` (${reps.length} listed, none ON)` : '';
  return fail(
    `no active rep in ${TABS.roster.title}${inactive}`,
    `add a row per rep with name, slack_id (their Slack member ID) and active ON; \`npm run setup -- --seed-roster\` adds sample rows to start from`,
  );
}
