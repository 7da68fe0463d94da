/**
 * Issue 10, items 1-2 under a crash: an admin sorts lead_sheet, Baton's next write (a DM record,
 * addressed by the positions it read) lands on another lead's row, and Baton (the production
 * bundle, in a child process) is SIGKILLed before it can check and undo that write. The next
 * process finds the commit's intent in DATA_DIR, checks it by content, puts back what landed on
 * the wrong row from the lock tab, and the startup sweep DMs the lead whose record was lost.
 * Found by the chaos test (seed 6).
 */
import { describe, expect, it } from 'vitest';
import type { CellValue } from '../../src/local/sheets-standin/index.ts';

import { ROSTER, SLACK_USERS } from '../support/harness.ts';
import { useProductionProcesses } from './production-process.ts';
import { records, waitUntil } from './support.ts';

const world = useProductionProcesses({ roster: ROSTER, users: SLACK_USERS, dataDirPrefix: 'baton-crash-misplaced-', env: { LOG_LEVEL: 'info' } });
const start = () => world.start();

const rows = () => records(world.sheets.readTab('lead_sheet'));
const row = (leadId: string) => rows().find((one) => one.lead_id === leadId);

async function postLead(n: number): Promise<string> {
  const res = await world.postLead(`misplaced-${n}`, { name: `Misplaced ${n}`, email: `misplaced-${n}@example.com`, source: 'crash-misplaced' });
  expect(res.status, res.text).toBe(201);
  return String(res.json?.lead_id);
}

/** The DM a row records: sent to that row's owner, about that row's lead. */
function recordedDmIsItsOwn(leadId: string): boolean {
  const one = row(leadId);
  const message = world.slack.messages().find((m) => m.channel === one?.slack_channel && m.ts === one?.slack_ts);
  return message !== undefined && message.recipient === one?.sales_slack_id && JSON.stringify(message.blocks).includes(leadId);
}

describe('production process: SIGKILL between a misplaced write and its undo', () => {
  it('the next process puts back what landed on another lead\'s row, and that lead still gets its DM recorded', async () => {
    const first = await start();
    const a = await postLead(1);
    await waitUntil(() => row(a)?.slack_ts !== '', 15_000, 'lead A\'s DM recorded');
    const aTs = row(a)?.slack_ts;

    // Lead B is written (201) while its DM is still on its way to Slack.
    world.slack.faults.latencyMs = 1_500;
    const b = await postLead(2);
    // An admin sorts newest first: A and B swap rows, within CACHE_SECONDS of Baton's read.
    const tab = world.sheets.readTab('lead_sheet');
    world.sheets.writeTab('lead_sheet', [tab[0] as CellValue[], ...tab.slice(1).reverse()]);
    await new Promise((resolve) => setImmediate(resolve)); // the sort's own change event has been told

    // B's DM record lands on A's row (B's old position). Baton dies before its undo reaches the sheet.
    const killed = new Promise<void>((resolve) => {
      const onChange = () => {
        world.sheets.off('change', onChange);
        world.sheets.faults.latencyMs = 60_000;
        first.child.kill('SIGKILL');
        resolve();
      };
      world.sheets.on('change', onChange);
    });
    await killed;
    await first.exited;
    world.sheets.faults.latencyMs = 0;
    world.slack.faults.latencyMs = 0;
    expect(row(a)?.slack_ts, 'the misplaced write really happened').not.toBe(aTs);

    const second = await start();
    await waitUntil(() => row(a)?.slack_ts === aTs && recordedDmIsItsOwn(b), 20_000, 'A\'s record put back and B\'s own DM recorded').catch(() => undefined);
    expect(row(a)?.slack_ts, second.output()).toBe(aTs);
    expect(recordedDmIsItsOwn(a)).toBe(true);
    expect(recordedDmIsItsOwn(b), second.output()).toBe(true);
    const audit = records(world.sheets.readTab('audit_log'));
    expect(audit.some((entry) => entry.event === 'sheet.repaired' && String(entry.detail).includes('after a restart'))).toBe(true);
  }, 90_000);
});
