/**
 * The Sheets requester's error paths through the real googleapis client (gaxios, service-account
 * JWT auth, production URLs), with nock standing in for Google at the HTTP layer.
 */
import { generateKeyPairSync } from 'node:crypto';
import { Writable } from 'node:stream';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';
import { SheetsError } from '../../src/stores/sheets/errors.ts';
import { createSheetsApi, type SheetsApi } from '../../src/stores/sheets/client.ts';
import { Requester } from '../../src/stores/sheets/requester.ts';

const SHEET = 'SHEET-ID-123';
const GOOGLE = 'https://sheets.googleapis.com';
const SHEET_PATH = `/v4/spreadsheets/${SHEET}`;
const SERVICE_ACCOUNT = 'baton@project.iam.gserviceaccount.com';

let api: SheetsApi;
const unmatched: string[] = [];
const onNoMatch = (req: { method?: string; path?: string }) => unmatched.push(`${req.method} ${req.path}`);

beforeAll(() => {
  nock.disableNetConnect();
  nock.emitter.on('no match', onNoMatch);
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  api = createSheetsApi({ spreadsheetId: SHEET, credentialsJson: JSON.stringify({ type: 'service_account', client_email: SERVICE_ACCOUNT, private_key: privateKey }) }).api;
  // The JWT client asks Google for an access token once and caches it.
  nock('https://oauth2.googleapis.com').persist().post('/token').reply(200, { access_token: 'test-access-token', expires_in: 3600, token_type: 'Bearer' });
});

afterEach(() => {
  const pending = nock.pendingMocks().filter((mock) => !mock.includes('/token'));
  unmatched.length = 0;
  nock.cleanAll();
  nock('https://oauth2.googleapis.com').persist().post('/token').reply(200, { access_token: 'test-access-token', expires_in: 3600, token_type: 'Bearer' });
  expect(pending, 'every expected request was made').toEqual([]);
});

afterAll(() => {
  nock.emitter.removeListener('no match', onNoMatch);
  nock.cleanAll();
  nock.enableNetConnect();
  nock.restore();
});

function requester(lines: string[] = []): Requester {
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return new Requester({
    spreadsheetId: SHEET,
    serviceAccount: SERVICE_ACCOUNT,
    readsPerMinute: 6000,
    writesPerMinute: 6000,
    maxAttempts: 3,
    baseDelayMs: 1,
    maxDelayMs: 5,
    log: createLogger('info', sink),
  });
}

const google = () => nock(GOOGLE).matchHeader('authorization', 'Bearer test-access-token');
const readTitle = (r: Requester) => r.read('spreadsheets.get', async () => (await api.spreadsheets.get({ spreadsheetId: SHEET, fields: 'properties.title' })).data.properties?.title);
const write = (r: Requester, verify?: () => Promise<boolean>) =>
  r.write('spreadsheets.batchUpdate', async () => (await api.spreadsheets.batchUpdate({ spreadsheetId: SHEET, requestBody: { requests: [] } })).data.spreadsheetId, verify);
/** An Error, not a plain object: nock 14 passes only Error instances on as network errors (nock/nock#2789). */
const connectionReset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
const quotaError = { error: { code: 429, message: "Quota exceeded for quota metric 'Read requests'", status: 'RESOURCE_EXHAUSTED' } };

describe('Requester against googleapis, Google played by nock', () => {
  it('a 429 with Retry-After waits at least that long, then retries', async () => {
    google().get(SHEET_PATH).query(true).reply(429, quotaError, { 'Retry-After': '1' });
    google().get(SHEET_PATH).query(true).reply(200, { properties: { title: 'Leads' } });
    const lines: string[] = [];
    const r = requester(lines);
    expect(await readTitle(r)).toBe('Leads');
    expect(r.stats).toMatchObject({ reads: 2, retries: 1, failures: 0 });
    const warning = JSON.parse(lines.find((line) => line.includes('retrying')) ?? '{}') as { status?: number; delayMs?: number; msg?: string };
    expect(warning).toMatchObject({ status: 429, msg: expect.stringContaining('Sheets quota exceeded') });
    expect(warning.delayMs).toBeGreaterThanOrEqual(1000);
  });

  it('5xx answers are retried until one succeeds', async () => {
    google().get(SHEET_PATH).query(true).reply(500, { error: { code: 500, message: 'Internal error encountered.' } });
    google().get(SHEET_PATH).query(true).reply(503, { error: { code: 503, message: 'The service is currently unavailable.' } });
    google().get(SHEET_PATH).query(true).reply(200, { properties: { title: 'Leads' } });
    const r = requester();
    expect(await readTitle(r)).toBe('Leads');
    expect(r.stats).toMatchObject({ reads: 3, retries: 2 });
  });

  it('a network error (connection reset) is retried', async () => {
    google().get(SHEET_PATH).query(true).replyWithError(connectionReset());
    google().get(SHEET_PATH).query(true).reply(200, { properties: { title: 'Leads' } });
    const r = requester();
    expect(await readTitle(r)).toBe('Leads');
    expect(r.stats.retries).toBe(1);
  });

  it('when every attempt fails, one SheetsError says Sheets is unavailable', async () => {
    google().get(SHEET_PATH).query(true).times(3).reply(503, { error: { code: 503, message: 'The service is currently unavailable.' } });
    const r = requester();
    const error = await readTitle(r).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SheetsError);
    expect(error).toMatchObject({ code: 'SHEETS_UNAVAILABLE', status: 503, retryable: true, message: expect.stringContaining('The service is currently unavailable') });
    expect(r.stats).toMatchObject({ reads: 3, failures: 1 });
  });

  it.each([
    [403, 'SHEETS_NO_ACCESS', `Share the sheet with the service account ${SERVICE_ACCOUNT} as Editor`],
    [404, 'SHEETS_NOT_FOUND', 'Check GOOGLE_SHEETS_ID'],
    [400, 'SHEETS_BAD_REQUEST', 'Sheets refused the request'],
  ])('a %i is not retried and says what to fix', async (status, code, fix) => {
    google().get(SHEET_PATH).query(true).once().reply(status, { error: { code: status, message: 'The caller does not have permission' } });
    const r = requester();
    await expect(readTitle(r)).rejects.toMatchObject({ code, status, retryable: false, message: expect.stringContaining(fix) });
    expect(r.stats).toMatchObject({ reads: 1, retries: 0 });
  });

  it('a write whose answer was lost is checked, and not repeated when it had landed', async () => {
    google().post(`${SHEET_PATH}:batchUpdate`).once().replyWithError(connectionReset());
    const checks: string[] = [];
    const r = requester();
    const result = await write(r, async () => {
      checks.push('verify');
      return true;
    });
    expect(result).toBeUndefined();
    expect(checks).toEqual(['verify']);
    expect(r.stats.writes).toBe(1);
    expect(unmatched).toEqual([]);
  });

  it('a write that failed with a 5xx and had not landed is sent again, once', async () => {
    google().post(`${SHEET_PATH}:batchUpdate`).once().reply(502, '<html>Bad Gateway</html>');
    google().post(`${SHEET_PATH}:batchUpdate`).once().reply(200, { spreadsheetId: SHEET, replies: [] });
    let checks = 0;
    const r = requester();
    expect(await write(r, async () => (checks += 1) < 0)).toBe(SHEET);
    expect(checks).toBe(1);
    expect(r.stats).toMatchObject({ writes: 2, retries: 1 });
  });

  it('a write refused with 429 was not applied: retried without asking whether it landed', async () => {
    google().post(`${SHEET_PATH}:batchUpdate`).once().reply(429, quotaError, { 'Retry-After': '0' });
    google().post(`${SHEET_PATH}:batchUpdate`).once().reply(200, { spreadsheetId: SHEET, replies: [] });
    let checks = 0;
    const r = requester();
    expect(await write(r, async () => ((checks += 1), false))).toBe(SHEET);
    expect(checks).toBe(0);
  });
});
