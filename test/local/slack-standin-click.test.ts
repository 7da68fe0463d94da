import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import {
  buildBlockActionsPayload,
  sendSignedInteraction,
  signSlackRequest,
  type SlackStandin,
  startSlackStandin,
} from '../../src/local/slack-standin/index.ts';

const SECRET = 'test-signing-secret';

describe('signSlackRequest', () => {
  it("matches the worked example in Slack's request-verification docs", () => {
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar' +
      '&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com' +
      '%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(signSlackRequest('8f742231b10e8888abcd99yyyzzz85a5', body, 1531420618)).toEqual({
      'x-slack-request-timestamp': '1531420618',
      'x-slack-signature': 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    });
  });

  it('is HMAC-SHA256 over v0:ts:body, computed independently', () => {
    const body = 'payload=%7B%22type%22%3A%22block_actions%22%7D';
    const expected = createHmac('sha256', SECRET).update(`v0:1764051234:${body}`).digest('hex');
    expect(signSlackRequest(SECRET, body, 1764051234)['x-slack-signature']).toBe(`v0=${expected}`);
    expect(signSlackRequest(SECRET, `${body} `, 1764051234)['x-slack-signature']).not.toBe(`v0=${expected}`);
  });
});

describe('buildBlockActionsPayload', () => {
  let standin: SlackStandin | undefined;
  afterEach(async () => {
    await standin?.stop();
    standin = undefined;
  });

  it("builds Slack's block_actions shape from a message the stand-in stored", async () => {
    standin = await startSlackStandin({ users: [{ id: 'U0ALICE', name: 'alice' }] });
    const client = new WebClient('xoxb-local', { slackApiUrl: standin.url, logLevel: LogLevel.ERROR });
    await client.chat.postMessage({
      channel: 'U0ALICE',
      text: 'New lead',
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: 'Dana' } },
        { type: 'actions', elements: [{ type: 'button', action_id: 'mark_contacted', text: { type: 'plain_text', text: 'Contacted' }, value: 'L-1', style: 'primary' }] },
      ],
    });
    const message = standin.messages()[0];
    if (!message) throw new Error('no message stored');
    const blockId = (message.blocks[1] as { block_id: string }).block_id;

    const payload = buildBlockActionsPayload({ user: { id: 'U0ALICE', name: 'alice' }, message, action: { action_id: 'mark_contacted' } });
    expect(payload).toMatchObject({
      type: 'block_actions',
      user: { id: 'U0ALICE', username: 'alice', name: 'alice', team_id: 'T0LOCAL01' },
      api_app_id: 'A0LOCALAPP',
      token: expect.any(String),
      container: { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: false },
      trigger_id: expect.stringMatching(/^\d+\.\d+\.[0-9a-f]+$/),
      team: { id: 'T0LOCAL01', domain: 'baton-local' },
      channel: { id: message.channel, name: 'directmessage' },
      message: { ts: message.ts, text: 'New lead', blocks: message.blocks },
      response_url: expect.stringMatching(/^https:\/\/hooks\.slack\.com\/actions\//),
      actions: [
        {
          type: 'button',
          action_id: 'mark_contacted',
          block_id: blockId,
          value: 'L-1',
          style: 'primary',
          text: { type: 'plain_text', text: 'Contacted' },
          action_ts: expect.stringMatching(/^\d{10}\.\d{6}$/),
        },
      ],
    });
    expect(() =>
      buildBlockActionsPayload({ user: { id: 'U0ALICE' }, message, action: { action_id: 'no_such_button' } }),
    ).toThrow(/no element with action_id no_such_button/);
  });
});

describe('sendSignedInteraction', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    server = undefined;
  });

  /** A receiver that checks requests the way Bolt does, written without the code under test. */
  async function verifier(seen: Array<{ contentType: string | undefined; payload: unknown }>): Promise<string> {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const ts = String(req.headers['x-slack-request-timestamp'] ?? '');
        const sig = Buffer.from(String(req.headers['x-slack-signature'] ?? ''));
        const want = Buffer.from(`v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${raw}`).digest('hex')}`);
        const fresh = Math.abs(Date.now() / 1000 - Number(ts)) < 300;
        if (!fresh || sig.length !== want.length || !timingSafeEqual(sig, want)) {
          res.writeHead(401).end('bad signature');
          return;
        }
        seen.push({ contentType: req.headers['content-type'], payload: JSON.parse(new URLSearchParams(raw).get('payload') ?? 'null') });
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  }

  it('posts form-encoded payload=<json> with a valid signature', async () => {
    const seen: Array<{ contentType: string | undefined; payload: unknown }> = [];
    const eventsUrl = await verifier(seen);
    const payload = { type: 'block_actions', note: 'spaces & symbols: +%=?' };
    const res = await sendSignedInteraction({ eventsUrl, signingSecret: SECRET, payload });
    expect(res).toEqual({ status: 200, body: 'ok' });
    expect(seen).toEqual([{ contentType: 'application/x-www-form-urlencoded', payload }]);
  });

  it('can send a wrong signature or a stale timestamp, which a receiver rejects', async () => {
    const seen: Array<{ contentType: string | undefined; payload: unknown }> = [];
    const eventsUrl = await verifier(seen);
    const forged = await sendSignedInteraction({ eventsUrl, signingSecret: SECRET, payload: {}, signatureOverride: 'v0=deadbeef' });
    expect(forged.status).toBe(401);
    const wrongSecret = await sendSignedInteraction({ eventsUrl, signingSecret: 'other', payload: {} });
    expect(wrongSecret.status).toBe(401);
    const stale = await sendSignedInteraction({ eventsUrl, signingSecret: SECRET, payload: {}, timestampSeconds: Math.floor(Date.now() / 1000) - 600 });
    expect(stale.status).toBe(401);
    expect(seen).toEqual([]);
  });
});

describe('stand-in + click against a real Bolt app', () => {
  let standin: SlackStandin | undefined;
  let app: App | undefined;
  afterEach(async () => {
    await app?.stop();
    await standin?.stop();
    app = undefined;
    standin = undefined;
  });

  it('a signed click reaches the action listener, whose chat.update lands in the stand-in', async () => {
    standin = await startSlackStandin({ users: [{ id: 'U0ALICE', name: 'alice' }] });
    app = new App({
      token: 'xoxb-local',
      signingSecret: SECRET,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: standin.url, retryConfig: { retries: 0 } },
    });
    app.action('mark_contacted', async ({ ack, body, client }) => {
      await ack();
      if (body.type !== 'block_actions' || !body.channel || !body.message) throw new Error('unexpected body');
      await client.chat.update({ channel: body.channel.id, ts: body.message.ts, text: `Contacted by <@${body.user.id}>`, blocks: [] });
    });
    const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
    const eventsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;

    const client = new WebClient('xoxb-local', { slackApiUrl: standin.url, logLevel: LogLevel.ERROR });
    await client.chat.postMessage({
      channel: 'U0ALICE',
      text: 'New lead',
      blocks: [{ type: 'actions', elements: [{ type: 'button', action_id: 'mark_contacted', text: { type: 'plain_text', text: 'Contacted' }, value: 'L-1' }] }],
    });
    const message = standin.inbox('U0ALICE')[0];
    if (!message) throw new Error('no message');

    const updated = new Promise<void>((resolve) => standin?.on('change', resolve));
    const payload = buildBlockActionsPayload({ user: { id: 'U0ALICE', name: 'alice' }, message, action: { action_id: 'mark_contacted' } });
    const res = await sendSignedInteraction({ eventsUrl, signingSecret: SECRET, payload });
    expect(res.status).toBe(200);
    await updated;

    expect(standin.inbox('U0ALICE')).toMatchObject([{ ts: message.ts, text: 'Contacted by <@U0ALICE>', blocks: [] }]);
    expect(standin.callCount('auth.test')).toBeGreaterThanOrEqual(1);

    const forged = await sendSignedInteraction({ eventsUrl, signingSecret: 'wrong-secret', payload });
    expect(forged.status).toBe(401);
    expect(standin.callCount('chat.update')).toBe(1);
  });
});
