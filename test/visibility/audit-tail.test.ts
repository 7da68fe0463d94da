import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe('SheetAuditTail', () => {
  it('reads the audit tab once, then only new rows, at most once per CACHE_SECONDS', async () => {
    h = await startHarness({ env: { CACHE_SECONDS: '60' } });
    const audit = h.baton.visibility.audit;
    await h.postLead({ name: 'Sari', phone: '0812-1111-2222' });
    h.sheets.resetCounts();
    const first = await audit.recentAudit(0);
    expect(first.map((entry) => entry.event)).toContain('lead.assigned');
    const paths = () => h!.sheets.requestLog.map((entry) => decodeURIComponent(entry.path));
    expect(paths()).toEqual([expect.stringMatching(/values\/audit_log$/)]);

    // Within CACHE_SECONDS: no request, however many callers.
    await Promise.all([audit.recentAudit(0), audit.recentAudit(0), audit.recentAudit(0)]);
    expect(h.sheets.counts().total).toBe(1);

    await h.postLead({ name: 'Budi', phone: '0812-3333-4444' });
    h.sheets.resetCounts();
    h.clock.at += 61_000;
    const [a, b] = await Promise.all([audit.recentAudit(0), audit.recentAudit(0)]);
    expect(a).toEqual(b);
    expect(h.sheets.counts()).toMatchObject({ reads: 1, writes: 0 });
    const rowsBefore = first.length + 1;
    expect(paths()[0]).toMatch(new RegExp(`values/audit_log!A${rowsBefore}:E$`));
    expect(a.filter((entry) => entry.event === 'lead.assigned')).toHaveLength(2);
    expect(a.length).toBe(first.length + 1);
    // Filtered by time: nothing before `since`.
    expect(await audit.recentAudit(h.clock.at + 1)).toEqual([]);
  });
});
