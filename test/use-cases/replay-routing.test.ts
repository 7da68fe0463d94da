import { describe, expect, it } from 'vitest';
import { replayRecentLeads } from '../../src/use-cases/replay-routing.ts';
import { formatReplay } from '../../src/domain/policy/format-replay.ts';
import { lead } from '../fixtures/domain.ts';
import { memoryContext, rep, T0 } from '../support/use-case-context.ts';

describe('replayRecentLeads (the sandbox replay)', () => {
  it('replays the most recent leads through the current roster, weights included, and writes nothing', async () => {
    const { ctx, store } = memoryContext([{ ...rep('UAYU'), weight: 3 }, rep('UBIMA')]);
    for (let i = 0; i < 12; i += 1) {
      const id = `L-${String(i).padStart(2, '0')}`;
      store.leads.set(id, lead({ leadId: id, createdAt: T0 + i * 60_000, salesSlackId: i % 2 ? 'UAYU' : 'UBIMA', assignedSales: 'x' }));
    }
    const result = await replayRecentLeads(ctx, 8);
    expect(result.picks.map((pick) => pick.lead.leadId)).toEqual(['L-04', 'L-05', 'L-06', 'L-07', 'L-08', 'L-09', 'L-10', 'L-11']);
    expect(result.byRep).toEqual([
      { key: 'uayu', simulated: 6, actual: 4 },
      { key: 'ubima', simulated: 2, actual: 4 },
    ]);
    expect(store.calls.commits).toBe(0);
    const text = formatReplay(result, { timeZone: 'UTC', quiet: true, source: 'last 8' });
    // Smooth 3:1 against the actual alternation B A B A…: two leads would change hands.
    expect(result.picks.map((pick) => pick.rep?.slackId.slice(1, 2)).join('')).toBe('AABAAABA');
    expect(text).toContain('2 of 8 would go to someone else than actually got them; 0 would be left unassigned');
  });
});
