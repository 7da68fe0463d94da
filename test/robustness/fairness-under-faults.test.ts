/**
 * Round-robin stays exact through random Sheets failures (seeded 429s and 500s), writes whose
 * answer is lost, provider retries, and a restart (the Baton stopped, a new one started on the
 * same sheet and DATA_DIR): in sheet order the owners rotate Ayu, Bima, Citra, Ayu, ... with no
 * gap and no repeat, every lead appears once, and per-rep counts differ by at most 1.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBaton, type Baton } from '../../src/compose.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { BOT_TOKEN, INTAKE_TOKEN, SIGNING_SECRET, startHarness, type Harness } from '../support/harness.ts';
import { duplicates, perRepCounts, rawRequest, REPS, spread, waitUntil, type RawResponse } from './support.ts';

const SEED = Number(process.env.FAULT_SEED ?? 424_242);
const FAST_QUOTA = { SHEETS_READS_PER_MINUTE: '100000', SHEETS_WRITES_PER_MINUTE: '100000' };

let h: Harness | undefined;
let restarted: Baton | undefined;

beforeEach(async () => {
  // The quota pacer is not under test here; a budget that never binds keeps the test short.
  h = await startHarness({ env: FAST_QUOTA });
});
afterEach(async () => {
  h?.sheets.faults.clear();
  if (restarted) {
    await restarted.stop();
    await Promise.all([h?.sheets.stop(), h?.slack.stop()]);
  } else {
    await h?.stop();
  }
  restarted = undefined;
  h = undefined;
});

/** A new Baton process on the same sheet, Slack and DATA_DIR, as after a deploy or a crash. */
async function restart(harness: Harness): Promise<{ baton: Baton; url: string }> {
  await harness.baton.stop();
  const config = loadConfig({
    DATA_DIR: harness.dataDir,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    GOOGLE_SHEETS_ID: harness.sheets.spreadsheetId,
    SHEETS_EMULATOR_HOST: harness.sheets.hostPort,
    SLACK_API_URL: harness.slack.url,
    INTAKE_TOKEN,
    MANAGER_SLACK_IDS: 'UMGR',
    LOG_LEVEL: 'silent',
    DEFAULT_COUNTRY: 'ID',
    ...FAST_QUOTA,
  });
  const baton = createBaton({
    config,
    log: createLogger('silent'),
    clock: harness.clock,
    secrets: { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, intakeToken: INTAKE_TOKEN, spreadsheetId: harness.sheets.spreadsheetId },
    listen: { port: 0, host: '127.0.0.1' },
  });
  restarted = baton;
  const { url } = await baton.start();
  return { baton, url };
}

function postLead(url: string, key: string, i: number): Promise<RawResponse> {
  return rawRequest(url, {
    path: '/webhooks/lead',
    headers: { authorization: `Bearer ${INTAKE_TOKEN}`, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify({ name: `Fair Lead ${i}`, email: `fair-${i}@example.com` }),
    timeoutMs: 60_000,
  });
}

async function drain(baton: Baton): Promise<void> {
  await waitUntil(() => baton.ctx.outbox.entries().length === 0, 40_000, 'the outbox to drain', 100);
  await baton.ctx.background.idle();
}

describe('round-robin under faults and a restart', () => {
  it(`rotates exactly through seeded 429/500s, lost answers, retries and a restart (seed ${SEED})`, async () => {
    const harness = h as Harness;
    const answers = new Map<string, RawResponse>();
    const wave = async (url: string, from: number, to: number) => {
      const batch = await Promise.all(Array.from({ length: to - from }, (_, j) => postLead(url, `fair-${from + j}`, from + j)));
      batch.forEach((res, j) => answers.set(`fair-${from + j}`, res));
      return batch;
    };

    // Before the restart: 45 intakes in three concurrent waves while 25% of Sheets requests get
    // 429 and 15% get 500, and two writes land without their answer.
    harness.sheets.faults.setRandomFailures({ 429: 0.25, 500: 0.15 }, SEED);
    harness.sheets.faults.loseNextWriteResponses(2);
    for (const [from, to] of [[0, 15], [15, 30], [30, 45]] as const) await wave(harness.url, from, to);
    harness.sheets.faults.clear();
    await drain(harness.baton);
    const beforeRestart = harness.leadRows().length;

    // A restart on the same DATA_DIR, then more faults, new leads and provider retries of old keys.
    const { baton, url } = await restart(harness);
    harness.sheets.faults.setRandomFailures({ 429: 0.25, 500: 0.15 }, SEED + 1);
    harness.sheets.faults.loseNextWriteResponses(1);
    const retries = Promise.all([0, 7, 20, 44].map((i) => postLead(url, `fair-${i}`, i)));
    await wave(url, 45, 60);
    await wave(url, 60, 75);
    const retried = await retries;
    harness.sheets.faults.clear();
    await drain(baton);

    const statuses = [...answers.values()].map((res) => res.status);
    expect(statuses.every((s) => s === 201 || s === 202), JSON.stringify(statuses)).toBe(true);
    retried.forEach((res, j) => {
      const original = answers.get(`fair-${[0, 7, 20, 44][j]}`);
      expect([res.status, res.json?.lead_id]).toEqual([200, original?.json?.lead_id]);
    });

    const rows = harness.leadRows();
    expect(beforeRestart).toBe(45);
    expect(rows).toHaveLength(75);
    expect(duplicates(rows.map((row) => String(row.lead_id)))).toEqual([]);
    for (const [key, res] of answers) expect(rows.filter((row) => row.lead_id === res.json?.lead_id), key).toHaveLength(1);
    // Strict rotation in sheet order: the restart picked up the cursor where the sheet left it.
    const owners = rows.map((row) => String(row.sales_slack_id));
    const start = REPS.indexOf(owners[0] as (typeof REPS)[number]);
    expect(owners).toEqual(owners.map((_, i) => REPS[(start + i) % REPS.length]));
    const counts = perRepCounts(rows);
    expect(spread(counts), JSON.stringify(counts)).toBeLessThanOrEqual(1);
    const state = Object.fromEntries(harness.sheets.readTab('routing_state_sheet').slice(1).map(([k, v]) => [k, v]));
    expect(state.last_slack_id).toBe(owners.at(-1));
    console.log(`fairness-under-faults: statuses ${JSON.stringify(Object.fromEntries([201, 202].map((s) => [s, statuses.filter((x) => x === s).length])))}; per rep ${JSON.stringify(counts)}`);
  }, 90_000);
});
