/**
 * Issue 10, item 7: Baton (the production bundle, in a child process) is SIGKILLed in the middle
 * of a burst, while the DMs of acknowledged leads are still on their way to Slack and the moment
 * the next lead's row lands in the sheet (written, never acknowledged). After a restart on the
 * same sheet and the form provider's retries, every lead in the sheet has had its owner DMed,
 * the slack_channel/slack_ts on its row is a DM to that owner for that lead, and no lead got more
 * than one extra DM (a DM sent but not recorded before the crash is sent once more).
 */
import { describe, expect, it } from 'vitest';
import type { StandinMessage } from '../../src/local/slack-standin/index.ts';
import { MARK_CONTACTED, parseButtonValue } from '../../src/slack/views/lead-message.ts';
import { ROSTER, SLACK_USERS } from '../support/harness.ts';
import { useProductionProcesses } from './production-process.ts';
import { duplicates, records, waitUntil, type RawResponse } from './support.ts';

const WAVE1 = 8;
const WAVE2 = 6;
/** Long enough that every DM of the first wave is still in flight when the process dies. */
const SLACK_LATENCY_MS = 3_000;

const world = useProductionProcesses({ roster: ROSTER, users: SLACK_USERS, dataDirPrefix: 'baton-announce-' });
const start = () => world.start();

const leadRows = () => records(world.sheets.readTab('lead_sheet'));
const postMessages = () => world.slack.calls.filter((call) => call.method === 'chat.postMessage' && call.ok).length;
const is2xx = (res: RawResponse | undefined) => res !== undefined && res.status >= 200 && res.status < 300;

function postLead(i: number): Promise<RawResponse> {
  return world.postLead(`announce-${i}`, { name: `Announce Lead ${i}`, email: `announce-${i}@example.com`, source: 'crash-announce' });
}

/** The lead a DM's Mark as CONTACTED button is for, or undefined for any other message. */
function leadOfMessage(message: StandinMessage): string | undefined {
  if (message.ephemeral) return undefined;
  for (const block of message.blocks as Array<{ elements?: Array<{ action_id?: string; value?: string }> }>) {
    const button = block.elements?.find((element) => element.action_id === MARK_CONTACTED);
    if (button) return parseButtonValue(button.value)?.leadId;
  }
  return undefined;
}

describe('production process: SIGKILL while DMs are in flight', () => {
  it('DMs every written lead after the restart, records the DM sent for it, at most one extra DM per lead', async () => {
    const first = await start();
    world.slack.faults.latencyMs = SLACK_LATENCY_MS;
    const postsBefore = postMessages();

    // Wave 1: answered 201, their DMs still on the way to Slack.
    const wave1 = await Promise.all(Array.from({ length: WAVE1 }, (_, i) => postLead(i)));
    expect(wave1.map((res) => res.status), first.output()).toEqual(Array.from({ length: WAVE1 }, () => 201));
    const wave1Ids = new Set(wave1.map((res) => String(res.json?.lead_id)));

    // Wave 2: SIGKILL inside the very request that writes its first row, before Baton hears the answer.
    const killed = new Promise<void>((resolve) => {
      const onChange = () => {
        if (!leadRows().some((row) => !wave1Ids.has(String(row.lead_id)))) return;
        world.sheets.off('change', onChange);
        first.child.kill('SIGKILL');
        resolve();
      };
      world.sheets.on('change', onChange);
    });
    // The answer to wave 2's first write is lost, so the process cannot acknowledge that lead before
    // it dies, however late this test hears of the change on a loaded machine.
    world.sheets.faults.loseNextWriteResponses(1);
    const wave2Sent = Array.from({ length: WAVE2 }, (_, i) => postLead(WAVE1 + i));
    await killed;
    const wave2 = await Promise.all(wave2Sent);
    expect((await first.exited).signal).toBe('SIGKILL');

    // The DMs the dead process had sent land in Slack; nothing records them.
    await waitUntil(() => postMessages() >= postsBefore + WAVE1, 15_000, `the ${WAVE1} DMs the killed process had in flight`);
    world.slack.faults.latencyMs = 0;
    const atKill = leadRows();
    const acknowledged = new Set([...wave1, ...wave2].filter(is2xx).map((res) => String(res.json?.lead_id)));
    const unrecorded = atKill.filter((row) => row.slack_ts === '').map((row) => String(row.lead_id));
    const writtenNotAcked = atKill.map((row) => String(row.lead_id)).filter((id) => !acknowledged.has(id));
    // The scenario really happened: acknowledged leads without a recorded DM, and a row nobody was told about.
    expect(unrecorded.filter((id) => acknowledged.has(id)).length, JSON.stringify(atKill)).toBeGreaterThan(0);
    expect(writtenNotAcked.length, `wave 2 answers ${JSON.stringify(wave2.map((res) => res.status))}`).toBeGreaterThan(0);

    const second = await start();
    // The form provider retries every request that got no 2xx, with the same Idempotency-Key.
    const retried = await Promise.all(
      wave2.map(async (res, i) => (is2xx(res) ? res : postLead(WAVE1 + i))),
    );
    for (const res of retried) expect([200, 201], `${res.status} ${res.text} ${res.error ?? ''}`).toContain(res.status);
    for (const res of retried) acknowledged.add(String(res.json?.lead_id));

    // Every lead in the sheet (acknowledged or not) ends with its owner's DM recorded on its row.
    const rows = () => leadRows();
    await waitUntil(() => rows().every((row) => row.slack_ts !== ''), 15_000, 'every lead row to record its DM').catch(() => undefined);
    const final = rows();
    const dms = new Map<string, StandinMessage[]>();
    for (const message of world.slack.messages()) {
      const leadId = leadOfMessage(message);
      if (leadId) dms.set(leadId, [...(dms.get(leadId) ?? []), message]);
    }
    const problems: string[] = [];
    for (const row of final) {
      const leadId = String(row.lead_id);
      const owner = String(row.sales_slack_id);
      const sent = dms.get(leadId) ?? [];
      const recorded = sent.find((message) => message.channel === row.slack_channel && message.ts === row.slack_ts);
      if (!owner) problems.push(`${leadId}: no owner`);
      if (!sent.some((message) => message.recipient === owner)) problems.push(`${leadId}: owner ${owner} never DMed`);
      if (!recorded) problems.push(`${leadId}: recorded DM ${String(row.slack_channel)}/${String(row.slack_ts)} is not a DM for this lead`);
      else if (recorded.recipient !== owner) problems.push(`${leadId}: recorded DM went to ${recorded.recipient}, owner is ${owner}`);
      if (sent.length > 2) problems.push(`${leadId}: ${sent.length} DMs (at most one extra allowed)`);
    }
    for (const id of acknowledged) if (!final.some((row) => row.lead_id === id)) problems.push(`${id}: acknowledged but not in the sheet`);
    expect(problems, `${problems.join('\n')}\n--- restarted process:\n${second.output()}`).toEqual([]);
    expect(final).toHaveLength(WAVE1 + WAVE2);
    expect(duplicates(final.map((row) => String(row.lead_id)))).toEqual([]);

    const extra = final.filter((row) => (dms.get(String(row.lead_id)) ?? []).length === 2).length;
    console.log(
      `crash-announce: killed with ${unrecorded.length} of ${atKill.length} rows without a recorded DM (${writtenNotAcked.length} written, never acknowledged); ` +
        `after the restart every lead DMed and recorded, ${extra} leads got one extra DM; wave 2 first answers ${JSON.stringify(wave2.map((res) => res.status))}, retries ${JSON.stringify(retried.map((res) => res.status))}`,
    );
  }, 90_000);
});
