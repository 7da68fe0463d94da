import { mulberry32 } from '../src/local/sheets-standin/faults.ts';
import { LEAD_COLUMNS, leadToRecord } from '../src/domain/lead-record.ts';
import type { Lead, Stage } from '../src/domain/types.ts';
import type { CellValue } from '../src/local/sheets-standin/index.ts';

/** Deterministic inputs: fixed names, emails and phones; a seeded PRNG where a mix is needed. */

export const REPS = [
  { name: 'Ayu', email: 'ayu@example.com', slackId: 'UAYU' },
  { name: 'Bima', email: 'bima@example.com', slackId: 'UBIMA' },
  { name: 'Citra', email: 'citra@example.com', slackId: 'UCITRA' },
] as const;

export const ROSTER: CellValue[][] = [['name', 'email', 'slack_id', 'active'], ...REPS.map((rep) => [rep.name, rep.email, rep.slackId, 'ON'])];

export const SLACK_USERS = [
  ...REPS.map((rep) => ({ id: rep.slackId, name: rep.name.toLowerCase() })),
  { id: 'UMGR', name: 'manager' },
];

/** The stand-in's seedable generator: small and reproducible. */
export const prng = mulberry32;

/** Scenario prefixes, each with its own block of phone numbers so leads never match as duplicates. */
const PREFIXES = ['single', 'burst', 'steady', 'sla', 'ack'] as const;
export type LeadPrefix = (typeof PREFIXES)[number];

/** A form submission as a generic JSON webhook would send it; unique per (prefix, i), i < 10 million. */
export function leadBody(prefix: LeadPrefix, i: number): Record<string, string> {
  const block = PREFIXES.indexOf(prefix) + 1;
  return {
    name: `Bench ${prefix} ${i}`,
    email: `${prefix}.${i}@bench.example.com`,
    // +62 812 Bxxx xxxx (B = the prefix's block): a valid Indonesian mobile number.
    phone: `+62812${block * 10_000_000 + (i % 10_000_000)}`,
    company: `Company ${i % 97}`,
    source: 'bench',
    message: 'Deterministic benchmark lead.',
  };
}

export interface SeedMix {
  /** Leads in the sheet. */
  total: number;
  /** NEW leads whose SLA deadline has passed at `now` (they get re-routed). */
  due: number;
  /** Share of the rest that are NEW but not yet due; the others are CONTACTED (a few QUALIFIED/CLOSED LOST). */
  newShare: number;
  now: number;
  slaMinutes: number;
  seed: number;
}

const REMIND_BEFORE_MS = 15 * 60_000;

/** Lead rows as Baton writes them (leadToRecord, LEAD_COLUMNS order), header first. */
export function seededLeadRows(mix: SeedMix): CellValue[][] {
  const random = prng(mix.seed);
  const rows: CellValue[][] = [[...LEAD_COLUMNS]];
  const slaMs = mix.slaMinutes * 60_000;
  // Spread the due leads evenly through the sheet, deterministically.
  const dueEvery = mix.due > 0 ? Math.floor(mix.total / mix.due) : Number.POSITIVE_INFINITY;
  let dueLeft = mix.due;
  for (let i = 0; i < mix.total; i += 1) {
    const rep = REPS[i % REPS.length] as (typeof REPS)[number];
    const isDue = dueLeft > 0 && i % dueEvery === 0;
    if (isDue) dueLeft -= 1;
    const roll = random();
    let stage: Stage;
    let assignedAt: number;
    if (isDue) {
      stage = 'NEW';
      assignedAt = mix.now - slaMs - 60_000 - Math.floor(random() * 10 * 60_000);
    } else if (roll < mix.newShare) {
      stage = 'NEW';
      // Not due: assigned 1 to (SLA - 5) minutes ago.
      assignedAt = mix.now - 60_000 - Math.floor(random() * (slaMs - 6 * 60_000));
    } else {
      stage = roll < 0.97 ? 'CONTACTED' : roll < 0.985 ? 'QUALIFIED' : 'CLOSED LOST';
      assignedAt = mix.now - 2 * slaMs - Math.floor(random() * 30 * 86_400_000);
    }
    const createdAt = assignedAt - 1_000;
    const lead: Lead = {
      leadId: `L-SEED-${String(i).padStart(6, '0')}`,
      name: `Seeded Lead ${i}`,
      phone: `+62813${10_000_000 + i}`,
      phoneValid: true,
      email: `seed.${i}@bench.example.com`,
      company: `Company ${i % 97}`,
      source: 'seed',
      message: '',
      stage,
      assignedSales: rep.name,
      salesSlackId: rep.slackId,
      routeCount: stage === 'NEW' ? Math.floor(random() * 3) : 0,
      createdAt,
      assignedAt,
      lastRoutedAt: null,
      contactedAt: stage === 'NEW' ? null : assignedAt + 5 * 60_000,
      idempotencyKey: '',
      // A NEW lead waiting in a sheet Baton runs has its DM recorded (a server's startup sweep would
      // DM every one without it); due ones are left without, so re-routing them edits no DM Slack lacks.
      slackChannel: stage === 'NEW' && !isDue ? `D${rep.slackId}` : '',
      slackTs: stage === 'NEW' && !isDue ? `${Math.floor(assignedAt / 1000)}.${String(i % 1_000_000).padStart(6, '0')}` : '',
      ownerHistory: [rep.slackId],
      // A running Baton has already reminded the owner of a NEW lead in the last 15 minutes of its
      // SLA (REMIND_BEFORE_MINUTES' default): seeded so, or an "idle" sweep would send those reminders.
      remindedAt: stage === 'NEW' && !isDue && assignedAt + slaMs - mix.now <= REMIND_BEFORE_MS ? assignedAt + slaMs - REMIND_BEFORE_MS : null,
    };
    const record = leadToRecord(lead);
    rows.push(LEAD_COLUMNS.map((column) => record[column] ?? ''));
  }
  return rows;
}
