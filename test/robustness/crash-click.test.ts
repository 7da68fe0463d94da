/**
 * Issue 10, "every acknowledged click is applied": Baton (the production bundle, in a child
 * process) answers a Mark as CONTACTED click and is SIGKILLed before the click reaches the sheet.
 * After a restart on the same DATA_DIR the click is applied with its own time, and the rep's DM
 * shows it. Found by the chaos test (seed 15): the ack used to come before anything was saved.
 */
import { describe, expect, it } from 'vitest';
import { buildBlockActionsPayload, sendSignedInteraction } from '../../src/local/slack-standin/index.ts';
import { MARK_CONTACTED } from '../../src/slack/views/lead-message.ts';
import { ROSTER, SIGNING_SECRET, SLACK_USERS } from '../support/harness.ts';
import { useProductionProcesses } from './production-process.ts';
import { records, waitUntil } from './support.ts';

const world = useProductionProcesses({ roster: ROSTER, users: SLACK_USERS, dataDirPrefix: 'baton-crash-click-' });
const start = () => world.start();

const url = () => world.url();
const leadRow = (leadId: string) => records(world.sheets.readTab('lead_sheet')).find((row) => row.lead_id === leadId);

describe('production process: SIGKILL between a click\'s ack and its write', () => {
  it('applies the acknowledged click after the restart, with the click\'s own time', async () => {
    const first = await start();
    const intake = await world.postLead('crash-click-1', { name: 'Click Crash', email: 'click-crash@example.com', source: 'crash-click' });
    expect(intake.status, intake.text).toBe(201);
    const leadId = String(intake.json?.lead_id);
    await waitUntil(() => leadRow(leadId)?.slack_ts !== '', 15_000, 'the DM recorded on the lead row');
    const row = leadRow(leadId)!;
    const owner = String(row.sales_slack_id);
    const dm = world.slack.inbox(owner).find((message) => JSON.stringify(message.blocks).includes(leadId))!;
    const button = (dm.blocks as Array<{ elements?: Array<{ action_id?: string; value?: string }> }>).flatMap((block) => block.elements ?? []).find((element) => element.action_id === MARK_CONTACTED)!;

    // The sheet answers nothing for a while: the click is acknowledged, its write cannot land.
    world.sheets.faults.latencyMs = 60_000;
    const clickedAtSeconds = Math.floor(Date.now() / 1000);
    const payload = buildBlockActionsPayload({ user: { id: owner }, message: { channel: String(row.slack_channel), ts: String(row.slack_ts) }, action: { action_id: MARK_CONTACTED, value: button.value ?? '' } });
    const res = await sendSignedInteraction({ eventsUrl: `${url()}/slack/events`, signingSecret: SIGNING_SECRET, payload, timestampSeconds: clickedAtSeconds });
    expect(res.status).toBe(200);
    await first.kill();
    expect(leadRow(leadId)?.stage).toBe('NEW');

    world.sheets.faults.latencyMs = 0;
    await start();
    await waitUntil(() => leadRow(leadId)?.stage === 'CONTACTED', 15_000, 'the saved click applied after the restart');
    const contactedAt = Date.parse(String(leadRow(leadId)?.contacted_at));
    expect(Math.abs(contactedAt - clickedAtSeconds * 1000)).toBeLessThan(5_000);
  }, 90_000);
});
