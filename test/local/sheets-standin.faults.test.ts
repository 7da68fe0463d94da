import { google, type sheets_v4 } from 'googleapis';
import { afterEach, describe, expect, it } from 'vitest';
import { startSheetsStandin, type SheetsStandin, type SheetsStandinOptions } from '../../src/local/sheets-standin/index.ts';

const started: SheetsStandin[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

async function setup(opts: SheetsStandinOptions = {}) {
  const standin = await startSheetsStandin({ seed: { lead_sheet: [['id'], ['L1']] }, ...opts });
  started.push(standin);
  const sheets = google.sheets({ version: 'v4', rootUrl: standin.url });
  return { standin, sheets, spreadsheetId: standin.spreadsheetId };
}

async function failure(p: Promise<unknown>) {
  return p.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) =>
      e as { status?: number; code?: unknown; message?: string; response?: { data?: unknown; headers?: Headers } },
  );
}

function appendRow(sheets: sheets_v4.Sheets, spreadsheetId: string, id: string) {
  return sheets.spreadsheets.values.append({
    spreadsheetId,
    range: 'lead_sheet!A1',
    valueInputOption: 'RAW',
    requestBody: { values: [[id]] },
  });
}

describe('injected failures', () => {
  it('failNext(429) on a GET is absorbed by googleapis\' own retry (visible in counts)', async () => {
    const { standin, sheets, spreadsheetId } = await setup();
    standin.faults.failNext(1, 429);
    const res = await sheets.spreadsheets.values.get({ spreadsheetId, range: 'lead_sheet!A:A' });
    expect(res.data.values).toEqual([['id'], ['L1']]);
    expect(standin.counts()).toEqual({ reads: 2, writes: 0, total: 2 });
    expect(standin.requestLog.map((e) => e.status)).toEqual([429, 200]);
  });

  it('failNext(429) on a POST reaches the caller (googleapis does not retry POST) with Google\'s body', async () => {
    const { standin, sheets, spreadsheetId } = await setup();
    standin.faults.failNext(1, 429, { retryAfterSeconds: 7 });
    const err = await failure(appendRow(sheets, spreadsheetId, 'L2'));
    expect(err.status).toBe(429);
    expect(err.message).toMatch(
      /^Quota exceeded for quota metric 'Write requests' and limit 'Write requests per minute per user' of service 'sheets\.googleapis\.com'/,
    );
    expect(err.response?.data).toMatchObject({ error: { code: 429, status: 'RESOURCE_EXHAUSTED' } });
    expect(err.response?.headers?.get('retry-after')).toBe('7');
    expect(standin.readTab('lead_sheet')).toEqual([['id'], ['L1']]);
    // The next attempt goes through.
    await appendRow(sheets, spreadsheetId, 'L2');
    expect(standin.readTab('lead_sheet')).toEqual([['id'], ['L1'], ['L2']]);
    expect(standin.counts()).toEqual({ reads: 0, writes: 2, total: 2 });
  });

  it('500 and 503 have Google\'s error shapes (raw fetch)', async () => {
    const { standin } = await setup();
    const url = `${standin.url}v4/spreadsheets/${standin.spreadsheetId}/values/lead_sheet!A1?key=abc`;
    standin.faults.failNext(1, 500);
    standin.faults.failNext(1, 503, { retryAfterSeconds: 2 });
    const r500 = await fetch(url, { headers: { Authorization: 'Bearer whatever' } });
    expect(r500.status).toBe(500);
    expect(await r500.json()).toEqual({ error: { code: 500, message: 'Internal error encountered.', status: 'INTERNAL' } });
    const r503 = await fetch(url);
    expect(r503.status).toBe(503);
    expect(r503.headers.get('retry-after')).toBe('2');
    expect(await r503.json()).toEqual({
      error: { code: 503, message: 'The service is currently unavailable.', status: 'UNAVAILABLE' },
    });
    const ok = await fetch(url);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/json; charset=UTF-8');
  });

  it('random failures are deterministic for a seed', async () => {
    const statuses = async (seed: number) => {
      const { standin } = await setup();
      standin.faults.setRandomFailures({ 429: 0.2, 500: 0.2 }, seed);
      const out: number[] = [];
      for (let i = 0; i < 40; i += 1) {
        const res = await fetch(`${standin.url}v4/spreadsheets/${standin.spreadsheetId}/values/lead_sheet!A1`);
        await res.arrayBuffer();
        out.push(res.status);
      }
      return out;
    };
    const a = await statuses(42);
    const b = await statuses(42);
    const c = await statuses(7);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(new Set(a)).toEqual(new Set([200, 429, 500]));
    const failures = a.filter((s) => s !== 200).length;
    expect(failures).toBeGreaterThan(6);
    expect(failures).toBeLessThan(30);
  });

  it('an outage answers 503 to everything until lifted', async () => {
    const { standin, sheets, spreadsheetId } = await setup();
    standin.faults.setOutage(true);
    const write = await failure(appendRow(sheets, spreadsheetId, 'L2'));
    expect(write.status).toBe(503);
    expect(write.message).toBe('The service is currently unavailable.');
    const read = await failure(
      sheets.spreadsheets.values.get({ spreadsheetId, range: 'lead_sheet!A1' }, { retry: false }),
    );
    expect(read.status).toBe(503);
    standin.faults.setOutage(false);
    await appendRow(sheets, spreadsheetId, 'L2');
    expect(standin.readTab('lead_sheet')).toEqual([['id'], ['L1'], ['L2']]);
  });

  it('clear() removes every injected fault', async () => {
    const { standin, sheets, spreadsheetId } = await setup();
    standin.faults.failNext(5, 500);
    standin.faults.setOutage(true);
    standin.faults.setRandomFailures({ 429: 1 }, 1);
    standin.faults.loseNextWriteResponses(3);
    standin.faults.latencyMs = 500;
    standin.faults.clear();
    const started = Date.now();
    await appendRow(sheets, spreadsheetId, 'L2');
    expect(Date.now() - started).toBeLessThan(400);
    expect(standin.counts().total).toBe(1);
  });
});

describe('lost responses', () => {
  it('a lost append is applied but the caller sees a socket error; a blind retry duplicates it', async () => {
    const { standin, sheets, spreadsheetId } = await setup();
    standin.faults.loseNextWriteResponses(1);
    const err = await failure(appendRow(sheets, spreadsheetId, 'L2'));
    expect(err.status).toBeUndefined();
    expect(err.response).toBeUndefined();
    expect(standin.readTab('lead_sheet')).toEqual([['id'], ['L1'], ['L2']]);
    expect(standin.requestLog.at(-1)?.status).toBe(0);
    await appendRow(sheets, spreadsheetId, 'L2');
    expect(standin.readTab('lead_sheet')).toEqual([['id'], ['L1'], ['L2'], ['L2']]);
  });

  it('a lost PUT is retried by googleapis and lands once in effect (explicit ranges are safe to repeat)', async () => {
    const { standin, sheets, spreadsheetId } = await setup();
    standin.faults.loseNextWriteResponses(1);
    const res = await sheets.spreadsheets.values.update({
      spreadsheetId,
      range: 'lead_sheet!A3',
      valueInputOption: 'RAW',
      requestBody: { values: [['L2']] },
    });
    expect(res.status).toBe(200);
    expect(standin.counts().writes).toBe(2);
    expect(standin.readTab('lead_sheet')).toEqual([['id'], ['L1'], ['L2']]);
  });
});

describe('quota', () => {
  it('answers 429 RESOURCE_EXHAUSTED once the per-minute write budget is spent; reads are separate', async () => {
    const { standin, sheets, spreadsheetId } = await setup({ quotaPerMinute: { write: 3 } });
    for (const id of ['L2', 'L3', 'L4']) await appendRow(sheets, spreadsheetId, id);
    const err = await failure(appendRow(sheets, spreadsheetId, 'L5'));
    expect(err.status).toBe(429);
    expect(err.response?.data).toMatchObject({
      error: {
        code: 429,
        status: 'RESOURCE_EXHAUSTED',
        message: expect.stringContaining("Quota exceeded for quota metric 'Write requests'"),
      },
    });
    expect(standin.readTab('lead_sheet')).toHaveLength(5);
    const read = await sheets.spreadsheets.values.get({ spreadsheetId, range: 'lead_sheet!A:A' });
    expect(read.data.values).toHaveLength(5);
    standin.faults.setQuota(undefined);
    await appendRow(sheets, spreadsheetId, 'L5');
    expect(standin.readTab('lead_sheet')).toHaveLength(6);
  });

  it('read budget rejections name Read requests', async () => {
    const { standin } = await setup({ quotaPerMinute: { read: 2 } });
    const url = `${standin.url}v4/spreadsheets/${standin.spreadsheetId}`;
    expect((await fetch(url)).status).toBe(200);
    expect((await fetch(url)).status).toBe(200);
    const third = await fetch(url);
    expect(third.status).toBe(429);
    const body = (await third.json()) as { error: { message: string } };
    expect(body.error.message).toContain("Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user'");
  });
});

describe('latency, counts and change events', () => {
  it('adds latency per request, counts reads/writes and emits change after mutations', async () => {
    const { standin, sheets, spreadsheetId } = await setup({ latencyMs: 60 });
    let changes = 0;
    standin.on('change', () => {
      changes += 1;
    });
    const t0 = Date.now();
    await sheets.spreadsheets.values.get({ spreadsheetId, range: 'lead_sheet!A1' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(55);
    await appendRow(sheets, spreadsheetId, 'L2');
    await new Promise((r) => setTimeout(r, 10));
    expect(changes).toBe(1);
    standin.writeTab('lead_sheet', [['replaced']]);
    await new Promise((r) => setTimeout(r, 10));
    expect(changes).toBe(2);
    expect(standin.counts()).toEqual({ reads: 1, writes: 1, total: 2 });
    expect(standin.requestLog.map((e) => [e.method, e.kind, e.status])).toEqual([
      ['GET', 'read', 200],
      ['POST', 'write', 200],
    ]);
    expect(standin.requestLog[1]?.path).toBe('/v4/spreadsheets/local-baton/values/lead_sheet!A1:append');
    standin.resetCounts();
    expect(standin.counts()).toEqual({ reads: 0, writes: 0, total: 0 });
    expect(standin.requestLog).toEqual([]);
  });

  it('listens on 127.0.0.1 only and exposes hostPort', async () => {
    const { standin } = await setup();
    expect(standin.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(standin.url).toBe(`http://${standin.hostPort}/`);
  });
});
