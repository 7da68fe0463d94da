/**
 * Issue 10, item 7, the narrowest window: Slack has accepted a lead's DM, and Baton (the production
 * bundle, in a child process) is SIGKILLed before the DM's channel/ts reaches the lead's row. The
 * next process records that very DM (kept on disk between the two) instead of DMing the owner
 * again: the rep gets exactly one DM for the lead. Found by the chaos test (seed 5: three DMs).
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { ROSTER, SLACK_USERS } from '../support/harness.ts';
import { useProductionProcesses } from './production-process.ts';
import { records, waitUntil } from './support.ts';

const world = useProductionProcesses({ roster: ROSTER, users: SLACK_USERS, dataDirPrefix: 'baton-crash-dm-record-' });
const start = () => world.start();

const row = (leadId: string) => records(world.sheets.readTab('lead_sheet')).find((one) => one.lead_id === leadId);
const dmsAbout = (leadId: string) => world.slack.messages().filter((message) => !message.ephemeral && JSON.stringify(message.blocks).includes(leadId));

describe('production process: SIGKILL between a DM and its record', () => {
  it('records the DM Slack accepted, and sends the owner no second one', async () => {
    const first = await start();
    const writes = () => world.sheets.requestLog.filter((entry) => entry.kind === 'write').length;
    // Once the lead's DM is in Slack, the sheet stops answering: the record commit cannot land.
    const slowSheet = () => {
      world.slack.off('change', slowSheet);
      world.sheets.faults.latencyMs = 60_000;
    };
    world.slack.on('change', slowSheet);
    const before = writes();
    const res = await world.postLead('dm-record-1', { name: 'Record Me', email: 'record-me@example.com', source: 'crash-dm-record' });
    expect(res.status, res.text).toBe(201);
    const leadId = String(res.json?.lead_id);
    // The intake commit, then the record commit on its way (held by the sheet): now the process dies.
    await waitUntil(() => writes() >= before + 2, 15_000, 'the DM record commit to reach the sheet');
    await waitUntil(() => readdirSync(world.setup.dataDir).some((name) => name.startsWith('dms-') && name.endsWith('.json')), 15_000, 'the sent DM kept on disk');
    await first.kill();
    world.sheets.faults.latencyMs = 0;
    expect(row(leadId)?.slack_ts).toBe('');
    expect(dmsAbout(leadId)).toHaveLength(1);

    await start();
    await waitUntil(() => row(leadId)?.slack_ts !== '', 15_000, 'the DM recorded after the restart');
    const [dm] = dmsAbout(leadId);
    expect(dmsAbout(leadId)).toHaveLength(1);
    expect(row(leadId)).toMatchObject({ slack_channel: dm?.channel, slack_ts: dm?.ts });
  }, 90_000);
});
