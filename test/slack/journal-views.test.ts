import { describe, expect, it } from 'vitest';
import { managerMessage } from '../../src/slack/views/manager-notice.ts';
import { queuedClickText } from '../../src/slack/views/queued-click.ts';

const settings = { timeZone: 'Asia/Jakarta', slaMinutes: 60 };

describe('journal views', () => {
  it('tells managers how many journal lines were quarantined and where', () => {
    const message = managerMessage({ kind: 'journal-quarantined', count: 2, path: '/var/lib/baton/outbox-x.jsonl.quarantine' }, settings);
    expect(message.text).toBe('Baton found 2 damaged line(s) in its journal');
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('`/var/lib/baton/outbox-x.jsonl.quarantine`');
    expect(text).toContain('/readyz');
  });

  it('confirms a saved click with its own time, in the configured time zone', () => {
    const text = queuedClickText({ leadId: 'L-20261125-<b>', clickedAt: Date.UTC(2026, 10, 25, 7, 17) }, settings);
    expect(text).toContain('your click at 14:17 is recorded');
    expect(text).toContain('marked CONTACTED at 14:17');
    expect(text).toContain('L-20261125-&lt;b&gt;');
  });
});
