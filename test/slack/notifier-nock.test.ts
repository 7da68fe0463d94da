/**
 * The Slack notifier's error paths through the real @slack/web-api WebClient (global fetch, its
 * retry and rate-limit handling, Baton's retry policy), with nock standing in for slack.com.
 */
import { Writable } from 'node:stream';
import { WebClient } from '@slack/web-api';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';
import { SLACK_RETRY } from '../../src/slack/app.ts';
import { SlackNotifier } from '../../src/slack/notifier.ts';
import { lead } from '../fixtures/domain.ts';

const SLACK = 'https://slack.com';

beforeAll(() => {
  nock.disableNetConnect();
});

afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending, 'every expected request was made').toEqual([]);
});

afterAll(() => {
  nock.enableNetConnect();
  nock.restore();
});

function notifier(managerIds: string[] = []) {
  const calls: string[] = [];
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const client = new WebClient('xoxb-test-token', { retryConfig: SLACK_RETRY });
  const slack = new SlackNotifier(client, {
    timeZone: 'Asia/Jakarta',
    slaMinutes: 60,
    managerIds,
    log: createLogger('info', sink),
    onCall: (method, outcome) => calls.push(`${method} ${outcome}`),
  });
  return { slack, calls, lines };
}

/** Slack's API: a POST per method, the bot token in the Authorization header. */
const api = (method: string) => nock(SLACK).matchHeader('authorization', 'Bearer xoxb-test-token').post(`/api/${method}`);
const posted = { ok: true, channel: 'D0UA', ts: '1700000000.000100' };
const LEAD = lead({ leadId: 'L-NOCK', salesSlackId: 'UA' });

describe('SlackNotifier against WebClient, Slack played by nock', () => {
  it('an ok:false answer rejects with Slack\'s error code, is not retried, and is counted as an error', async () => {
    api('chat.postMessage').once().reply(200, { ok: false, error: 'channel_not_found' });
    const { slack, calls } = notifier();
    await expect(slack.sendLead({ kind: 'new', lead: LEAD })).rejects.toMatchObject({ code: 'slack_webapi_platform_error', data: { error: 'channel_not_found' } });
    expect(calls).toEqual(['chat.postMessage error']);
  });

  it('a 429 is waited out (Retry-After) and the DM still goes out, once', async () => {
    api('chat.postMessage').once().reply(429, { ok: false, error: 'ratelimited' }, { 'Retry-After': '1' });
    api('chat.postMessage').once().reply(200, posted);
    const { slack, calls } = notifier();
    const started = performance.now();
    expect(await slack.sendLead({ kind: 'new', lead: LEAD })).toEqual({ channel: 'D0UA', ts: '1700000000.000100' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    expect(calls).toEqual(['chat.postMessage ok']);
  });

  it('a 5xx answer and a reset connection are retried by the client', async () => {
    api('chat.postMessage').once().reply(503, 'upstream unavailable');
    api('chat.postMessage').once().replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    api('chat.postMessage').once().reply(200, posted);
    const { slack } = notifier();
    expect(await slack.sendLead({ kind: 'new', lead: LEAD })).toEqual({ channel: 'D0UA', ts: '1700000000.000100' });
  });

  it('an ok answer without channel or ts is an error, not a DM recorded as nowhere', async () => {
    api('chat.postMessage').once().reply(200, { ok: true });
    const { slack } = notifier();
    await expect(slack.sendLead({ kind: 'new', lead: LEAD })).rejects.toThrow('chat.postMessage answered without channel/ts');
  });

  it('a rejection that cannot be shown where the click happened goes to the clicker\'s DM', async () => {
    api('chat.postEphemeral').once().reply(200, { ok: false, error: 'user_not_in_channel' });
    api('chat.postMessage').once().reply(200, (_uri, body) => ({ ...posted, channel: new URLSearchParams(String(body)).get('channel') }));
    const { slack, calls } = notifier();
    await slack.explainRejection({ channel: 'C0ELSEWHERE', user: 'UB' }, { code: 'not_owner', lead: LEAD });
    expect(calls).toEqual(['chat.postEphemeral error', 'chat.postMessage ok']);
  });

  it('any other ephemeral failure is reported, with no DM instead', async () => {
    api('chat.postEphemeral').once().reply(200, { ok: false, error: 'invalid_auth' });
    const { slack } = notifier();
    await expect(slack.explainRejection({ channel: 'D0UB', user: 'UB' }, { code: 'not_owner', lead: LEAD })).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
  });

  it('managers: one unreachable manager is logged by id and the others are still told; none reachable rejects', async () => {
    api('chat.postMessage').once().reply(200, { ok: false, error: 'user_not_found' });
    api('chat.postMessage').once().reply(200, posted);
    const { slack, lines } = notifier(['UMGR1', 'UMGR2']);
    expect(await slack.notifyManagers({ kind: 'escalation', lead: LEAD, threshold: 3 })).toEqual(['UMGR2']);
    expect(lines.join('')).toContain('UMGR1: An API error occurred: user_not_found');

    api('chat.postMessage').twice().reply(200, { ok: false, error: 'account_inactive' });
    await expect(notifier(['UMGR1', 'UMGR2']).slack.notifyManagers({ kind: 'escalation', lead: LEAD, threshold: 3 })).rejects.toThrow(/no manager could be reached .*account_inactive/);
  });
});
