import { describe, expect, it } from 'vitest';
import { computeFigures, reroutedFrom, slaOutcome, type ReportEvent } from '../../../src/domain/report/compute-figures.ts';
import { computeSeries } from '../../../src/domain/report/report-series.ts';
import { previousDays, standardPeriods, yesterday } from '../../../src/domain/report/periods.ts';
import { median, percentile, rate } from '../../../src/domain/report/stats.ts';
import { HOUR, MINUTE, NOW, lead, roster } from '../../fixtures/domain.ts';

const SLA = 60;
const event = (at: number, name: string, detail = '', leadId = 'L'): ReportEvent => ({ at, event: name, leadId, actor: 'sweep:deadline', detail });

describe('stats', () => {
  it.each([
    [[], 50, null],
    [[7], 50, 7],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90, 9],
    [[10, 1, 5], 90, 10],
  ])('percentile(%j, %d) = %j', (values, p, expected) => expect(percentile(values, p)).toBe(expected));
  it.each([
    [[], null],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
  ])('median(%j) = %j', (values, expected) => expect(median(values)).toBe(expected));
  it.each([
    [0, 0, null],
    [3, 1, 0.75],
  ])('rate(%d, %d) = %j', (hits, misses, expected) => expect(rate(hits, misses)).toBe(expected));
});

describe('periods (Asia/Jakarta is UTC+7)', () => {
  it('today starts at local midnight and the week six days before', () => {
    const { today, week } = standardPeriods(NOW, 'Asia/Jakarta');
    expect(new Date(today.from).toISOString()).toBe('2026-11-24T17:00:00.000Z');
    expect(new Date(week.from).toISOString()).toBe('2026-11-18T17:00:00.000Z');
    expect(yesterday(NOW, 'Asia/Jakarta')).toMatchObject({ from: today.from - 24 * HOUR, to: today.from });
    expect(previousDays(NOW, 3, 'Asia/Jakarta').map((day) => day.label)).toEqual(['2026-11-22', '2026-11-23', '2026-11-24']);
  });
});

describe('slaOutcome', () => {
  it.each([
    ['contacted within the window', { contactedAt: NOW - 90 * MINUTE }, NOW - 2 * HOUR, 'hit'],
    ['contacted exactly at the deadline', { contactedAt: NOW - HOUR }, NOW - 2 * HOUR, 'hit'],
    ['contacted after the deadline', { contactedAt: NOW - 30 * MINUTE }, NOW - 2 * HOUR, 'miss'],
    ['still waiting past the deadline', {}, NOW - 2 * HOUR, 'miss'],
    ['still waiting inside the window', {}, NOW - 30 * MINUTE, 'open'],
    ['no start time', {}, null, 'open'],
  ] as const)('%s', (_name, overrides, start, expected) => {
    expect(slaOutcome(lead(overrides), start, NOW, SLA)).toBe(expected);
  });
});

describe('reroutedFrom', () => {
  it.each([
    ['UA → UB; 2 s after the SLA deadline; …', 'UA'],
    ['garbage', undefined],
  ])('%s', (detail, expected) => expect(reroutedFrom(detail)).toBe(expected));
});

describe('computeFigures', () => {
  const reps = roster('UA UB UC');
  const period = { label: 'test', from: NOW - 24 * HOUR, to: NOW + 1 };
  const cases: Array<{ name: string; leads: ReturnType<typeof lead>[]; events?: ReportEvent[]; expected: Record<string, unknown>; rep?: [string, Record<string, unknown>] }> = [
    { name: 'nothing arrived', leads: [], expected: { leadsIn: 0, contacted: 0, medianMinutes: null, p90Minutes: null, slaHitRate: null, reroutes: 0, escalations: 0 } },
    {
      name: 'leads outside the period are not counted in, but open ones count as open now',
      leads: [lead({ createdAt: NOW - 48 * HOUR, assignedAt: NOW - 48 * HOUR })],
      expected: { leadsIn: 0 },
      rep: ['UA', { leads: 0, openNow: 1 }],
    },
    {
      name: 'speed to lead from arrival; SLA share of decided leads only',
      leads: [
        lead({ createdAt: NOW - 3 * HOUR, assignedAt: NOW - 3 * HOUR, stage: 'CONTACTED', contactedAt: NOW - 3 * HOUR + 10 * MINUTE }),
        lead({ createdAt: NOW - 3 * HOUR, assignedAt: NOW - 3 * HOUR, stage: 'CONTACTED', contactedAt: NOW - 3 * HOUR + 30 * MINUTE }),
        lead({ createdAt: NOW - 5 * HOUR, assignedAt: NOW - 4 * HOUR, salesSlackId: 'UB', stage: 'QUALIFIED', contactedAt: NOW - 5 * HOUR + 90 * MINUTE }),
        lead({ createdAt: NOW - 10 * MINUTE, assignedAt: NOW - 10 * MINUTE }),
      ],
      expected: { leadsIn: 4, contacted: 3, medianMinutes: 30, p90Minutes: 90, slaHits: 2, slaMisses: 1, slaHitRate: 2 / 3 },
      rep: ['UB', { leads: 1, medianMinutes: 30, slaHits: 1, slaMisses: 0, openNow: 0 }],
    },
    {
      name: 're-routes and escalations come from the audit; a re-route is a miss for the rep it left',
      leads: [lead({ salesSlackId: 'UB', createdAt: NOW - 3 * HOUR, assignedAt: NOW - 30 * MINUTE, routeCount: 1 })],
      events: [event(NOW - 30 * MINUTE, 'lead.rerouted', 'UA → UB; 1 s after the SLA deadline'), event(NOW - 20 * MINUTE, 'lead.escalated'), event(NOW - 30 * HOUR, 'lead.rerouted', 'UC → UA; old')],
      expected: { reroutes: 1, escalations: 1, slaMisses: 1 },
      rep: ['UA', { slaMisses: 1, slaHitRate: 0, openNow: 0 }],
    },
  ];
  it.each(cases)('$name', ({ leads, events, expected, rep }) => {
    const figures = computeFigures({ leads, events: events ?? [], roster: reps, period, now: NOW, slaMinutes: SLA });
    expect(figures).toMatchObject(expected);
    expect(figures.perRep.slice(0, 3).map((one) => one.slackId)).toEqual(['UA', 'UB', 'UC']);
    if (rep) expect(figures.perRep.find((one) => one.slackId === rep[0])).toMatchObject(rep[1]);
  });
});

describe('computeSeries', () => {
  it('buckets waits, groups per day and per team, ages exceptions', () => {
    const days = previousDays(NOW, 2, 'UTC');
    const leads = [
      lead({ createdAt: days[0]!.from + HOUR, stage: 'CONTACTED', contactedAt: days[0]!.from + HOUR + 3 * MINUTE }),
      lead({ createdAt: days[1]!.from + HOUR, stage: 'CONTACTED', contactedAt: days[1]!.from + 4 * HOUR }),
      lead({ createdAt: days[1]!.from + 2 * HOUR, salesSlackId: 'UX' }),
    ];
    const series = computeSeries({ leads, events: [], roster: roster('UA'), days, now: NOW, slaMinutes: SLA, openExceptions: [{ id: 'E1', label: 'L-1 bad phone', openedAt: NOW - 3 * HOUR }] });
    expect(series.days.map((day) => [day.day, day.leadsIn, day.medianMinutes])).toEqual([
      ['2026-11-23', 1, 3],
      ['2026-11-24', 2, 180],
    ]);
    expect(series.distribution[0]).toEqual({ label: '≤ 5 min', count: 1 });
    expect(series.distribution.find((bucket) => bucket.label === '2 h–4 h')?.count).toBe(1);
    expect(series.distribution.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(2);
    expect(series.perTeam).toEqual([
      { team: 'default team', leads: 2 },
      { team: 'not on the roster', leads: 1 },
    ]);
    expect(series.exceptionAges).toEqual([{ label: 'L-1 bad phone', hours: 3 }]);
    expect(series.window.leadsIn).toBe(3);
  });
});
