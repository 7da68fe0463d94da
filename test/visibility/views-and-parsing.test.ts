import { describe, expect, it } from 'vitest';
import { computeDigest } from '../../src/domain/report/compute-digest.ts';
import { computeFigures } from '../../src/domain/report/compute-figures.ts';
import { endOfDay, parseBatonCommand } from '../../src/domain/parse-baton-command.ts';
import { checkReportLink, reportKey, signReportLink } from '../../src/http/report-link.ts';
import { HomePublisher } from '../../src/slack/home-publisher.ts';
import { helpReply, leadReply, statusReply } from '../../src/slack/views/baton-command-replies.ts';
import { digestMessage } from '../../src/slack/views/digest-message.ts';
import { repTable } from '../../src/slack/views/figures-blocks.ts';
import { EXCEPTION_ACTIONS, HOME_ACTIONS, homeView } from '../../src/slack/views/home-view.ts';
import type { HomeModel } from '../../src/use-cases/build-home.ts';
import { digestCron } from '../../src/visibility/digest-schedule.ts';
import { createLogger } from '../../src/log.ts';
import { HOUR, MINUTE, NOW, lead, rep } from '../fixtures/domain.ts';

const SETTINGS = { timeZone: 'Asia/Jakarta', slaMinutes: 60 };
type AnyBlock = { type: string; block_id?: string; text?: { text: string }; fields?: Array<{ text: string }>; elements?: Array<{ type: string; action_id?: string; value?: string }> };
const actionIds = (blocks: unknown[]) => (blocks as AnyBlock[]).flatMap((b) => b.elements ?? []).map((e) => e.action_id).filter(Boolean);
const text = (blocks: unknown[]) => (blocks as AnyBlock[]).map((b) => [b.text?.text ?? '', ...(b.fields ?? []).map((f) => f.text)].join('\n')).join('\n');

function home(overrides: Partial<HomeModel> = {}): HomeModel {
  return { userId: 'UA', now: NOW, rep: rep('UA'), availability: { away: false, oooUntil: null, workingHours: '', timeZone: '', active: true }, openLeads: [], manager: undefined, ...overrides };
}

describe('homeView', () => {
  it('a rep: availability with the away buttons, open leads with their buttons, no figures', () => {
    const fresh = lead({ assignedAt: NOW - 20 * MINUTE, name: 'Budi <b>' });
    const called = lead({ stage: 'CONTACTED', contactedAt: NOW - 5 * MINUTE });
    const view = homeView(home({ openLeads: [{ lead: fresh, deadline: NOW + 40 * MINUTE }, { lead: called, deadline: null }] }), SETTINGS);
    expect(view.type).toBe('home');
    expect(actionIds(view.blocks)).toEqual([HOME_ACTIONS.awayToday, HOME_ACTIONS.awayUntil, HOME_ACTIONS.markContacted, EXCEPTION_ACTIONS.qualified, EXCEPTION_ACTIONS.lost]);
    expect(text(view.blocks)).toContain('NEW · 40 min left (contact by 14:40)');
    expect(text(view.blocks)).toContain('Budi &lt;b&gt;');
    expect(text(view.blocks)).toContain('Your open leads (2)');
    expect((view.blocks as AnyBlock[]).some((b) => b.block_id === 'figures')).toBe(false);
  });

  it.each([
    ['away', { away: true, oooUntil: NOW + 5 * HOUR, workingHours: 'Mon-Fri 09:00-17:00', timeZone: 'Asia/Jakarta', active: true }, /\*Away\* until .* \(Asia\/Jakarta\)/, [HOME_ACTIONS.back]],
    ['switched off', { away: false, oooUntil: null, workingHours: '', timeZone: '', active: false }, /Switched off/, [HOME_ACTIONS.awayToday, HOME_ACTIONS.awayUntil]],
  ] as const)('%s', (_name, availability, expected, actions) => {
    const view = homeView(home({ availability: { ...availability } }), SETTINGS);
    expect(text(view.blocks)).toMatch(expected);
    expect(actionIds(view.blocks)).toEqual(actions);
  });

  it('someone not on the roster gets no buttons; an overdue lead says so', () => {
    expect(actionIds(homeView(home({ rep: undefined }), SETTINGS).blocks)).toEqual([]);
    const overdue = homeView(home({ openLeads: [{ lead: lead(), deadline: NOW - 90 * MINUTE }] }), SETTINGS);
    expect(text(overdue.blocks)).toContain('SLA passed 1 h 30 min ago');
  });

  it('a manager: open exceptions with their actions, figures, the report link; never over 100 blocks', () => {
    const leads = Array.from({ length: 60 }, () => lead({ createdAt: NOW - 10 * MINUTE, assignedAt: NOW - 10 * MINUTE }));
    const figures = computeFigures({ leads, events: [], roster: [rep('UA')], period: { label: 't', from: NOW - HOUR, to: NOW + 1 }, now: NOW, slaMinutes: 60 });
    const exception = { exceptionId: 'X1', leadId: 'L-1', kind: 'missing_fields', detail: 'no phone', openedAt: NOW - HOUR, resolvedAt: null, resolvedBy: '', resolution: '' };
    const view = homeView(home({ openLeads: leads.map((one) => ({ lead: one, deadline: NOW + 50 * MINUTE })), manager: { figures: { today: figures, week: figures }, exceptions: [{ exception, lead: undefined }] } }), { ...SETTINGS, reportUrl: 'https://baton.example/report?exp=1&sig=x' });
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(actionIds(view.blocks)).toEqual(expect.arrayContaining([EXCEPTION_ACTIONS.ack, EXCEPTION_ACTIONS.assign, EXCEPTION_ACTIONS.dismiss]));
    expect(JSON.stringify(view.blocks)).toContain('…and 40 more');
    expect(text(view.blocks)).toContain('Open exceptions (1)');
    expect(text(view.blocks)).toContain('*Leads in*\n60 today');
    expect(text(view.blocks)).toContain('<https://baton.example/report?exp=1&sig=x|Open the report with charts>');
  });
});

describe('repTable', () => {
  it('pads columns and keeps backticks out of the code block', () => {
    const table = repTable([{ slackId: 'UA', name: 'A`yu', leads: 3, medianMinutes: 12, slaHitRate: 0.5, slaHits: 1, slaMisses: 1, openNow: 2 }]);
    expect(table.startsWith('```') && table.endsWith('```')).toBe(true);
    expect(table.slice(3, -3)).not.toContain('`');
    expect(table).toMatch(/A'yu\s+3\s+12 min\s+50%\s+2/);
  });
});

describe('parseBatonCommand (Asia/Jakarta; NOW is Wed 25 Nov 2026 14:00 there)', () => {
  const TZ = 'Asia/Jakarta';
  it.each([
    ['', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['  STATUS ', { kind: 'status' }],
    ['back', { kind: 'back' }],
    ['away', { kind: 'away', lastDay: '2026-11-25' }],
    ['away until 2026-12-10', { kind: 'away', lastDay: '2026-12-10' }],
    ['away tomorrow', { kind: 'away', lastDay: '2026-11-26' }],
    ['away until friday', { kind: 'away', lastDay: '2026-11-27' }],
    ['away wed', { kind: 'away', lastDay: '2026-12-02' }],
    ['away until 2026-11-01', { kind: 'unknown', problem: '2026-11-01 is in the past' }],
    ['away until 2026-02-30', { kind: 'unknown', problem: '2026-02-30 is not a calendar date' }],
    ['away until soon', { kind: 'unknown' }],
    ['report', { kind: 'report', range: 'week' }],
    ['report today', { kind: 'report', range: 'today' }],
    ['report year', { kind: 'unknown', problem: 'report takes today or week' }],
    ['lead L-0001', { kind: 'lead', query: 'L-0001' }],
    ['lead', { kind: 'unknown' }],
    ['dance', { kind: 'unknown', text: 'dance' }],
  ])('%j', (input, expected) => expect(parseBatonCommand(input, NOW, TZ)).toMatchObject(expected));

  it('away through a day ends at the next local midnight', () => {
    expect(new Date(endOfDay('2026-12-10', TZ)).toISOString()).toBe('2026-12-10T17:00:00.000Z');
  });
});

describe('digest', () => {
  it('compares yesterday with the 7 days before, lists overrides, waits and who is away today', () => {
    const today = Date.UTC(2026, 10, 25);
    const y = today - 24 * HOUR;
    const leads = [
      lead({ createdAt: y + HOUR, assignedAt: y + HOUR, stage: 'CONTACTED', contactedAt: y + HOUR + 10 * MINUTE, name: 'Quick' }),
      lead({ createdAt: y + 2 * HOUR, assignedAt: y + 2 * HOUR, name: 'Slow' }),
      ...[2, 3, 4].map((back) => lead({ createdAt: y - back * 24 * HOUR, assignedAt: y - back * 24 * HOUR, stage: 'CONTACTED', contactedAt: y - back * 24 * HOUR + 30 * MINUTE })),
    ];
    const away = { ...rep('UB'), oooUntil: today + 24 * HOUR };
    const exceptions = [
      { exceptionId: 'X1', leadId: 'L-9', kind: 'missing_fields', detail: 'no phone', openedAt: y + HOUR, resolvedAt: y + 3 * HOUR, resolvedBy: 'UMGR', resolution: 'dismissed', cause: 'spam' },
      { exceptionId: 'X2', leadId: 'L-8', kind: 'no_eligible_rep', detail: 'nobody in', openedAt: y + 5 * HOUR, resolvedAt: null, resolvedBy: '', resolution: '' },
    ];
    const digest = computeDigest({ leads, events: [{ at: y + 4 * HOUR, event: 'rep.away', leadId: '', actor: 'UB', detail: 'ooo_until 2026-11-25' }], roster: [rep('UA'), away], exceptions, now: today + 9 * HOUR, timeZone: 'UTC', slaMinutes: 60 });
    expect(digest.day).toBe('2026-11-24');
    expect(digest.yesterday).toMatchObject({ leadsIn: 2, medianMinutes: 10 });
    expect(digest.baseline).toEqual({ leadsIn: 0, medianMinutes: 30, slaHitRate: 1 });
    expect(digest.exceptions).toEqual({ opened: 2, resolved: 1, open: 1 });
    expect(digest.overrides.map((o) => [o.who, o.what, o.why])).toEqual([
      ['UMGR', 'missing_fields dismissed', 'spam'],
      ['UB', 'rep.away', 'ooo_until 2026-11-25'],
    ]);
    expect(digest.longestWaits[0]).toMatchObject({ name: 'Slow', contacted: false });
    expect(digest.awayToday).toEqual([{ slackId: 'UB', name: 'rep UB', until: today + 24 * HOUR }]);

    const message = digestMessage(digest, { ...SETTINGS, timeZone: 'UTC', reportUrl: 'https://x/report?exp=1&sig=y' });
    expect(message.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Baton daily digest — Tuesday 24 November' } });
    expect(text(message.blocks)).toContain('*Leads in*\n2 (7-day median 0)');
    expect(text(message.blocks)).toContain('<@UMGR> missing_fields dismissed (L-9): spam');
    expect(text(message.blocks)).toContain('*Away today*: <@UB> (back Thu 26 Nov)');
  });

  it.each([
    ['09:00', '0 9 * * *'],
    ['7:05', '5 7 * * *'],
    [undefined, undefined],
  ])('DIGEST_AT %j -> cron %j', (at, cron) => expect(digestCron(at)).toBe(cron));
  it('refuses a malformed DIGEST_AT', () => expect(() => digestCron('25:00')).toThrow(/HH:MM/));
});

describe('command replies', () => {
  it('help lists report only for managers and says what was not understood', () => {
    expect(helpReply(false).text).not.toContain('/baton report');
    expect(helpReply(true, 'I do not know "/baton x".').text).toMatch(/^:thinking_face: I do not know "\/baton x"\.\n[\s\S]*\/baton report/);
  });
  it('status and lead', () => {
    expect(statusReply([], NOW, SETTINGS).text).toBe('You have no open leads.');
    expect(statusReply([{ lead: lead({ name: 'Sari' }), deadline: NOW + 15 * MINUTE }], NOW, SETTINGS).text).toMatch(/Sari.*NEW, 15 min left \(by 14:15\)/);
    const one = lead({ ownerHistory: ['UA', 'UB'], salesSlackId: 'UB', routeCount: 1 });
    const reply = leadReply(one.leadId, [{ lead: one, history: [{ at: NOW, event: 'lead.rerouted', leadId: one.leadId, actor: 'sweep:deadline', detail: 'UA → UB' }] }], SETTINGS);
    expect(reply.text).toContain('owner <@UB>');
    expect(reply.text).toContain('owners <@UA> → <@UB>');
    expect(reply.text).toContain('lead.rerouted sweep:deadline: UA → UB');
  });
});

describe('report links', () => {
  const key = reportKey(undefined, 'signing-secret');
  const query = (link: string) => new URL(link).searchParams;
  it('a link works for 24 h and no longer; a changed or missing signature never', () => {
    const link = signReportLink('https://baton.example/', key, NOW);
    expect(link).toMatch(/^https:\/\/baton\.example\/report\?exp=\d+&sig=[\w-]{43}$/);
    expect(checkReportLink(query(link), key, NOW)).toMatchObject({ ok: true });
    expect(checkReportLink(query(link), key, NOW + 24 * HOUR + 1000)).toEqual({ ok: false, why: 'expired' });
    expect(checkReportLink(query(link), reportKey('another-secret-16chars', 'signing-secret'), NOW)).toEqual({ ok: false, why: 'bad' });
    expect(checkReportLink(query(link.replace(/exp=\d/, 'exp=9')), key, NOW)).toEqual({ ok: false, why: 'bad' });
    expect(checkReportLink(new URLSearchParams(), key, NOW)).toEqual({ ok: false, why: 'missing' });
  });
});

describe('HomePublisher', () => {
  it('coalesces refreshes per person, refreshes only Homes that were opened, spaces calls', async () => {
    const calls: Array<{ user: string; at: number }> = [];
    const client = { views: { publish: async ({ user_id }: { user_id: string }) => void calls.push({ user: user_id, at: Date.now() }) } };
    const homes = new HomePublisher({ client: client as never, log: createLogger('silent'), build: async () => ({ type: 'home', blocks: [] }), spacingMs: 30, perUserMs: 0 });
    await homes.opened('UA');
    homes.changed(['UA', 'UB', 'UA', 'UA']);
    homes.changed(['UA']);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(calls.map((c) => c.user)).toEqual(['UA', 'UA']);
    expect((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(25);
    homes.stop();
  });
});

describe('homeView limits', () => {
  it('shrinks long lists to fit 100 blocks with unique block ids, figures kept', () => {
    const leads = Array.from({ length: 40 }, () => lead({ createdAt: NOW - 10 * MINUTE, assignedAt: NOW - 10 * MINUTE }));
    const figures = computeFigures({ leads, events: [], roster: [rep('UA')], period: { label: 't', from: NOW - HOUR, to: NOW + 1 }, now: NOW, slaMinutes: 60 });
    const exceptions = Array.from({ length: 30 }, (_, i) => ({ exception: { exceptionId: `X${i}`, leadId: `L-${i}`, kind: 'review', detail: 'check', openedAt: NOW - HOUR, resolvedAt: null, resolvedBy: '', resolution: '' }, lead: undefined }));
    // A rich builder of 6 blocks that reuses one block id, as a message builder may.
    const rich = () => Array.from({ length: 6 }, () => ({ type: 'section' as const, block_id: 'same', text: { type: 'mrkdwn' as const, text: 'x' } }));
    const view = homeView(home({ openLeads: leads.map((one) => ({ lead: one, deadline: NOW + HOUR })), manager: { figures: { today: figures, week: figures }, exceptions } }), { ...SETTINGS, exceptionBlocks: rich });
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const ids = (view.blocks as AnyBlock[]).map((b) => b.block_id).filter(Boolean);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect((view.blocks as AnyBlock[]).some((b) => b.block_id === 'figures')).toBe(true);
    expect(JSON.stringify(view.blocks)).toMatch(/…and \d+ more/);
  });
});

describe('doctor: manifest check', () => {
  it('passes on the repository manifest and names what a manifest lacks', async () => {
    const { checkManifest } = await import('../../src/cli/doctor/checks/manifest.ts');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    expect(checkManifest()).toMatchObject({ ok: true });
    const bare = join(mkdtempSync(join(tmpdir(), 'manifest-')), 'manifest.yml');
    writeFileSync(bare, 'features:\n  app_home:\n    home_tab_enabled: false\noauth_config:\n  scopes:\n    bot:\n      - chat:write\n');
    const result = checkManifest(bare);
    expect(result).toMatchObject({ ok: false });
    expect(JSON.stringify(result)).toContain('the Home tab, the /baton command, the app_home_opened event, scope chat:write with its reason, scope users:read with its reason, scope commands with its reason');
  });
});
