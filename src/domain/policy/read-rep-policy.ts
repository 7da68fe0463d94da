import type { CellValue } from '../cells.ts';
import { cellText } from '../cells.ts';
import { parseSheetTime } from '../time.ts';
import type { Rep } from '../types.ts';
import { foldText } from './fold-text.ts';
import { parseWorkingHours } from './working-hours.ts';
import { addDays, instantOf, isTimeZone, localTime } from './zoned-time.ts';

/** The optional sales_sheet columns of the routing policy, in the order setup adds them. */
export const POLICY_COLUMNS = ['team', 'weight', 'max_open', 'timezone', 'working_hours', 'ooo_until'] as const;
export type PolicyColumn = (typeof POLICY_COLUMNS)[number];

/** The team of reps with a blank `team` cell, and of leads no rule sends elsewhere. */
export const DEFAULT_TEAM = 'default';

/** One cell an admin should fix; until then it counts as blank. */
export interface CellProblem {
  column: PolicyColumn;
  value: string;
  problem: string;
}

export type PolicyCells = Partial<Record<PolicyColumn, CellValue>>;

export interface PolicyDefaults {
  /** TIMEZONE: the zone of a rep with a blank `timezone`. */
  timeZone: string;
  /** The spreadsheet's locale, for dates typed as text. */
  locale?: string | undefined;
}

/** "a, B ,a" -> ["a", "b"]: team names compare like rule text. */
export function readTeams(text: string): string[] {
  return [...new Set(text.split(',').map(foldText).filter(Boolean))];
}

/** "1.5", "1,5", 2 -> a number; undefined when it is not one. */
export function readNumber(value: CellValue | undefined): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  const text = cellText(value).replace(/\s+/g, '');
  if (!/^-?(\d+([.,]\d+)?|[.,]\d+)$/.test(text)) return undefined;
  return Number(text.replace(',', '.'));
}

/**
 * The policy cells of one roster row -> the Rep fields they set, and a problem per cell that
 * cannot be read. A blank cell sets nothing; so does a bad one (doctor names it with its fix).
 */
export function readRepPolicy(cells: PolicyCells, defaults: PolicyDefaults): { policy: Partial<Rep>; problems: CellProblem[] } {
  const policy: Partial<Rep> = {};
  const problems: CellProblem[] = [];
  const text = (column: PolicyColumn) => cellText(cells[column]);
  const problem = (column: PolicyColumn, what: string) => problems.push({ column, value: text(column), problem: what });

  const teams = readTeams(text('team'));
  if (teams.length > 0) policy.teams = teams;

  if (text('weight')) {
    const weight = readNumber(cells.weight);
    if (weight === undefined || weight <= 0) problem('weight', `weight "${text('weight')}" must be a number above 0 (2 = twice the leads of a 1); counted as 1 until fixed — to pause someone, set active OFF or ooo_until`);
    else policy.weight = weight;
  }

  if (text('max_open')) {
    const cap = readNumber(cells.max_open);
    if (cap === undefined || cap < 0 || !Number.isInteger(cap)) problem('max_open', `max_open "${text('max_open')}" must be a whole number of NEW leads (0 or more); no cap until fixed`);
    else policy.maxOpen = cap;
  }

  let zone = defaults.timeZone;
  if (text('timezone')) {
    if (isTimeZone(text('timezone'))) {
      zone = text('timezone');
      policy.timeZone = zone;
    } else {
      problem('timezone', `timezone "${text('timezone')}" is not an IANA time zone such as Asia/Jakarta or Europe/Berlin; TIMEZONE (${defaults.timeZone}) is used until fixed`);
    }
  }

  if (text('working_hours')) {
    const hours = parseWorkingHours(text('working_hours'));
    if (hours.ok) policy.workingHours = hours.hours;
    else problem('working_hours', `working_hours ${hours.problem}; counted as always working until fixed`);
  }

  if (text('ooo_until')) {
    const until = readOooUntil(cells.ooo_until as CellValue, zone, defaults.locale);
    if (until.ok) policy.oooUntil = until.at;
    else problem('ooo_until', `ooo_until ${until.problem}; counted as available until fixed`);
  }
  return { policy, problems };
}

/** A date alone means the whole day; a date and time the moment they are back. Either in the rep's zone. */
function readOooUntil(value: CellValue, zone: string, locale: string | undefined): { ok: true; at: number } | { ok: false; problem: string } {
  const parsed = parseSheetTime(value, { timeZone: zone, locale });
  if (!parsed.ok) return { ok: false, problem: parsed.problem };
  if (parsed.at === null) return { ok: false, problem: 'is blank' };
  const text = cellText(value);
  const dateOnly = typeof value === 'number' ? Number.isInteger(value) : !/\d:\d\d/.test(text) && !/T\d/.test(text);
  if (!dateOnly) return { ok: true, at: parsed.at };
  const day = localTime(parsed.at, zone);
  return { ok: true, at: instantOf(addDays(day, 1), 0, zone) };
}
