import { describe, expect, it } from 'vitest';
import { awayBySlackStatus } from '../../../src/domain/policy/slack-status.ts';
import { SlackStatusOoo } from '../../../src/slack/slack-status-ooo.ts';
import { createLogger } from '../../../src/log.ts';
import { intakeLead } from '../../../src/use-cases/intake-lead.ts';
import { created, memoryContext, rep } from '../../support/use-case-context.ts';

const NOW = Date.UTC(2026, 11, 7, 3, 0);

describe('awayBySlackStatus', () => {
  it.each([
    [':palm_tree:', 'Vacationing', 0, { away: true }],
    [':face_with_thermometer:', 'Out sick', 0, { away: true }],
    ['', 'Out of the office until Monday', 0, { away: true }],
    ['', 'CUTI', 0, { away: true }],
    ['', 'sakit', 0, { away: true }],
    ['', 'On leave', 0, { away: true }],
    ['', 'Holiday in Bali', 0, { away: true }],
    [':palm_tree:', '', NOW / 1000 + 3600, { away: true, until: NOW + 3_600_000 }],
    [':palm_tree:', 'Vacationing', NOW / 1000 - 60, { away: false }],
    [':spiral_calendar_pad:', 'In a meeting', 0, { away: false }],
    ['', 'Focus time', 0, { away: false }],
    ['', '', 0, { away: false }],
  ])('%s %j (expires %i) → %j', (emoji, text, expiration, expected) => {
    expect(awayBySlackStatus({ emoji, text, expiration }, NOW)).toEqual(expected);
  });
});

/** A users.profile.get stand-in that counts its calls. */
function profiles(statuses: Record<string, { status_emoji?: string; status_text?: string; status_expiration?: number }>) {
  const calls: string[] = [];
  const client = {
    users: {
      profile: {
        get: async ({ user }: { user: string }) => {
          calls.push(user);
          return { ok: true, profile: statuses[user] ?? {} };
        },
      },
    },
  };
  return { client: client as unknown as ConstructorParameters<typeof SlackStatusOoo>[0], calls };
}

describe('SLACK_STATUS_OOO', () => {
  it('looks statuses up in the background at most every five minutes, never per lead, and routes around the away rep', async () => {
    const { ctx, clock } = memoryContext([rep('UAYU'), rep('UBIMA'), rep('UCITRA', false)]);
    const { client, calls } = profiles({ UAYU: { status_emoji: ':palm_tree:', status_text: 'Vacationing' } });
    const overlay = new SlackStatusOoo(client, clock, createLogger('silent'));
    ctx.settings.routing = { offHoursWaitMinutes: 720, statusOverlay: overlay };

    // The first lead routes before any status is known: no lead waits on Slack.
    const first = created(await intakeLead(ctx, { name: 'A', emailValid: true, phoneRaw: '', email: 'a@example.com', company: '', source: '', message: '', submissionId: '' }, ''));
    expect(first.lead.salesSlackId).toBe('UAYU');
    await overlay.idle();
    expect(calls).toEqual(['UAYU', 'UBIMA']);

    for (let i = 0; i < 4; i += 1) {
      const next = created(await intakeLead(ctx, { name: `L${i}`, emailValid: true, phoneRaw: '', email: `l${i}@example.com`, company: '', source: '', message: '', submissionId: '' }, ''));
      expect(next.lead.salesSlackId).toBe('UBIMA');
      expect(next.reason).toContain('uayu skipped (ooo until');
    }
    await overlay.idle();
    expect(calls).toHaveLength(2);

    clock.at += 5 * 60_000 + 1;
    await intakeLead(ctx, { name: 'Z', emailValid: true, phoneRaw: '', email: 'z@example.com', company: '', source: '', message: '', submissionId: '' }, '');
    await overlay.idle();
    expect(calls).toHaveLength(4);
  });
});
