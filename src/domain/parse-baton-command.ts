import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc.js';
import timezone from 'dayjs/plugin/timezone.js';
import type { Millis } from './types.ts';

dayjs.extend(utc);
dayjs.extend(timezone);

export type BatonCommand =
  | { kind: 'help' }
  | { kind: 'status' }
  | { kind: 'away'; until: Millis; lastDay: string }
  | { kind: 'back' }
  | { kind: 'report'; range: 'today' | 'week' }
  | { kind: 'lead'; query: string }
  | { kind: 'unknown'; text: string; problem?: string };

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/**
 * The last day away, from what was typed: 2026-12-10, today, tomorrow or a weekday (the next one,
 * today excluded). Returns the day as YYYY-MM-DD in `timeZone`, or a problem to show.
 */
export function readLastDay(words: string, now: Millis, timeZone: string): { ok: true; day: string } | { ok: false; problem: string } {
  const today = dayjs(now).tz(timeZone).startOf('day');
  const word = words.trim().toLowerCase();
  if (word === '' || word === 'today') return { ok: true, day: today.format('YYYY-MM-DD') };
  if (word === 'tomorrow') return { ok: true, day: today.add(1, 'day').format('YYYY-MM-DD') };
  const weekday = WEEKDAYS.findIndex((name) => name === word || name.slice(0, 3) === word);
  if (weekday >= 0) {
    const ahead = ((weekday - today.day() + 7) % 7) || 7;
    return { ok: true, day: today.add(ahead, 'day').format('YYYY-MM-DD') };
  }
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(word);
  if (!match) return { ok: false, problem: `"${words.trim()}" is not a date: type it as 2026-12-10, tomorrow or friday` };
  const day = dayjs.tz(word, 'YYYY-MM-DD', timeZone);
  if (!day.isValid() || day.format('YYYY-MM-DD') !== word) return { ok: false, problem: `${word} is not a calendar date` };
  if (day.valueOf() < today.valueOf()) return { ok: false, problem: `${word} is in the past` };
  if (day.valueOf() > today.add(366, 'day').valueOf()) return { ok: false, problem: `${word} is more than a year away` };
  return { ok: true, day: word };
}

/** Midnight after `day` in `timeZone`: away "until friday" means through Friday, back Saturday 00:00. */
export function endOfDay(day: string, timeZone: string): Millis {
  return dayjs.tz(day, 'YYYY-MM-DD', timeZone).add(1, 'day').valueOf();
}

/** `/baton <text>` -> what was asked. Anything not understood is `unknown` (answered with help). */
export function parseBatonCommand(raw: string, now: Millis, timeZone: string): BatonCommand {
  const text = raw.trim().replace(/\s+/g, ' ');
  const [head = '', ...rest] = text.split(' ');
  const verb = head.toLowerCase();
  const tail = rest.join(' ');
  switch (verb) {
    case '':
    case 'help':
      return { kind: 'help' };
    case 'status':
    case 'leads':
      return rest.length === 0 ? { kind: 'status' } : { kind: 'unknown', text };
    case 'back':
      return rest.length === 0 ? { kind: 'back' } : { kind: 'unknown', text };
    case 'away': {
      const until = tail.replace(/^until\s*/i, '');
      const read = readLastDay(until, now, timeZone);
      if (!read.ok) return { kind: 'unknown', text, problem: read.problem };
      return { kind: 'away', until: endOfDay(read.day, timeZone), lastDay: read.day };
    }
    case 'report': {
      const range = tail.toLowerCase();
      if (range === '' || range === 'week' || range === '7d') return { kind: 'report', range: range === '' ? 'week' : 'week' };
      if (range === 'today') return { kind: 'report', range: 'today' };
      return { kind: 'unknown', text, problem: 'report takes today or week' };
    }
    case 'lead':
      return tail ? { kind: 'lead', query: tail } : { kind: 'unknown', text, problem: 'lead needs an id, a phone number or an email' };
    default:
      return { kind: 'unknown', text };
  }
}
