/**
 * A Sheets outage in the middle of a burst of intakes, then recovery, through the real Baton
 * (googleapis, Bolt, WebClient) against the local stand-ins, with production settings (quota
 * pacing and retries as shipped). Every lead that got a 2xx (201 written, 202 journaled) must end
 * up in the sheet exactly once, under the id it was answered with; the journaled ones in the order
 * they were answered 202, after every lead answered 201 before the outage; round-robin fair.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { QueuedLead } from '../../src/outbox/queued-lead.ts';
import { INTAKE_TOKEN, startHarness, type Harness } from '../support/harness.ts';
import { duplicates, perRepCounts, rawRequest, sleep, spread, waitUntil, type RawResponse } from './support.ts';

const BURST = 60;
const OUTAGE_AFTER = 20;
const MIN_OUTAGE_MS = 3_000;

let h: Harness | undefined;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  h?.sheets.faults.clear();
  await h?.stop();
  h = undefined;
});

function postLead(harness: Harness, key: string, body: unknown): Promise<RawResponse> {
  return rawRequest(harness.url, {
    path: '/webhooks/lead',
    headers: { authorization: `Bearer ${INTAKE_TOKEN}`, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
    timeoutMs: 60_000,
  });
}

describe('a Sheets outage during a burst, then recovery', () => {
  it(`writes every 2xx'd lead of a ${BURST}-intake burst exactly once, journaled ones in their 202 order`, async () => {
    const harness = h as Harness;
    // Server-side order of the 202s: the journal appends (each 202 is sent right after its append).
    const appended: Array<{ leadId: string; at: number }> = [];
    const outbox = harness.baton.ctx.outbox;
    const append = outbox.append.bind(outbox);
    outbox.append = async (entry: QueuedLead) => {
      await append(entry);
      appended.push({ leadId: entry.leadId, at: performance.now() });
    };

    const requests = Array.from({ length: BURST }, (_, i) => ({ key: `outage-${i}`, body: { name: `Outage Lead ${i}`, email: `outage-${i}@example.com`, source: 'burst' } }));
    const answers: RawResponse[] = new Array(BURST);
    let answered = 0;
    let outageOnAt = -1;
    const t0 = performance.now();

    // The burst: one intake every 50 ms. After 20 answers the sheet goes down; it stays down at
    // least 3 s and until Baton has journaled something (its retries outlast a short outage).
    const burst = Promise.all(
      requests.map(async (request, i) => {
        await sleep(i * 50);
        const res = await postLead(harness, request.key, request.body);
        answers[i] = res;
        answered += 1;
        if (answered === OUTAGE_AFTER) {
          harness.sheets.faults.setOutage(true);
          outageOnAt = performance.now();
        }
      }),
    );
    await waitUntil(() => outageOnAt > 0, 30_000, `${OUTAGE_AFTER} answers`);
    await waitUntil(() => appended.length > 0 && performance.now() - outageOnAt >= MIN_OUTAGE_MS, 45_000, 'a lead to be journaled during the outage');
    harness.sheets.faults.setOutage(false);
    const outageMs = Math.round(performance.now() - outageOnAt);
    await burst;

    // Recovery: the replayer alone (no nudging) drains the journal.
    await waitUntil(() => harness.baton.ctx.outbox.entries().length === 0, 40_000, 'the replayer to drain the outbox', 100);
    await harness.settle();

    const statuses = answers.map((res) => res.status);
    const story = `statuses ${JSON.stringify(statuses)}`;
    expect(statuses.every((s) => s === 201 || s === 202), story).toBe(true);
    const queued = answers.filter((res) => res.status === 202);
    expect(queued.length, story).toBeGreaterThan(0);
    expect(duplicates(answers.map((res) => String(res.json?.lead_id))), story).toEqual([]);

    const rows = harness.leadRows();
    const ids = rows.map((row) => String(row.lead_id));
    expect(duplicates(ids)).toEqual([]);
    expect(rows).toHaveLength(BURST);
    // Each request's lead is in the sheet once, under the id it was answered with.
    requests.forEach((request, i) => {
      const found = rows.filter((row) => row.email === request.body.email);
      expect(found.map((row) => row.lead_id), request.key).toEqual([answers[i]?.json?.lead_id]);
    });

    // Order. The journaled leads appear in the order they were journaled (= answered 202), ...
    const position = new Map(ids.map((id, index) => [id, index]));
    const queuedIds = queued.map((res) => String(res.json.lead_id));
    expect(appended.map((a) => a.leadId).sort()).toEqual([...queuedIds].sort());
    const journalOrder = appended.map((a) => a.leadId);
    expect(journalOrder.map((id) => position.get(id)), 'journaled leads out of their 202 order').toEqual(journalOrder.map((id) => position.get(id)).sort((a, b) => (a as number) - (b as number)));
    // ... which is also the order the client saw its 202s, wherever two answers are not simultaneous.
    const clientOrder = [...queued].sort((a, b) => a.at - b.at);
    for (let i = 1; i < clientOrder.length; i += 1) {
      const [a, b] = [clientOrder[i - 1] as RawResponse, clientOrder[i] as RawResponse];
      if (b.at - a.at >= 5) expect(position.get(String(a.json.lead_id)), 'client-side 202 order').toBeLessThan(position.get(String(b.json.lead_id)) as number);
    }
    // ... and after every lead answered 201 before the first lead was journaled.
    const firstJournal = Math.min(...appended.map((a) => a.at));
    const earlier = answers.filter((res) => res.status === 201 && res.at < firstJournal).map((res) => position.get(String(res.json.lead_id)) as number);
    const firstQueuedRow = Math.min(...queuedIds.map((id) => position.get(id) as number));
    expect(earlier.length).toBeGreaterThanOrEqual(OUTAGE_AFTER - 1);
    expect(Math.max(...earlier), 'a 201 answered before the outage is below a journaled lead').toBeLessThan(firstQueuedRow);

    // Round-robin stays exact through it all.
    const counts = perRepCounts(rows);
    expect(spread(counts), JSON.stringify(counts)).toBeLessThanOrEqual(1);
    // The audit log has one creation per lead.
    expect(harness.auditRows().filter((row) => row.event === 'lead.assigned')).toHaveLength(BURST);

    // A form provider retrying any of them now gets the same lead back, never a second row.
    const again = await Promise.all(requests.map((request) => postLead(harness, request.key, request.body)));
    again.forEach((res, i) => expect([res.status, res.json?.lead_id, res.json?.duplicate], requests[i]?.key).toEqual([200, answers[i]?.json?.lead_id, true]));
    expect(harness.leadRows()).toHaveLength(BURST);

    // Arrival order holds across the outage: once something is journaled, no lead answered later
    // with 201 may sit above a journaled one (intakes that were waiting their turn queue behind it).
    const late = answers.filter((res) => res.status === 201 && res.at >= firstJournal && (position.get(String(res.json.lead_id)) as number) < Math.max(...queuedIds.map((id) => position.get(id) as number)));
    expect(late.map((res) => res.json?.lead_id)).toEqual([]);
    const firstQueuedAnswer = Math.min(...queued.map((res) => res.at));
    console.log(
      `outage-burst: outage ${outageMs} ms; ${statuses.filter((s) => s === 201).length}×201, ${queued.length}×202; ` +
        `first 202 ${Math.round(firstQueuedAnswer - outageOnAt)} ms after the outage began; ${late.length} later 201s above a journaled lead; per rep ${JSON.stringify(counts)}; total ${Math.round(performance.now() - t0)} ms`,
    );
  }, 90_000);
});
