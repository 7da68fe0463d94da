import { ErrorCode, type Logger, LogLevel, WebClient, type WebAPIHTTPError, type WebAPIPlatformError, type WebAPIRateLimitedError } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SlackStandin, type SlackStandinOptions, startSlackStandin } from '../../src/local/slack-standin/index.ts';

const USERS: SlackStandinOptions['users'] = [
  { id: 'U0ALICE', name: 'alice', real_name: 'Alice Ng', tz: 'America/Chicago', email: 'alice@example.com' },
  { id: 'U0BOB', name: 'bob', real_name: 'Bob Ruiz' },
  { id: 'U0GONE', name: 'gone', real_name: 'Gone Person', deleted: true },
  { id: 'U0OTHERBOT', name: 'otherbot', is_bot: true },
];

const BUTTONS = [
  { type: 'section', text: { type: 'mrkdwn', text: '*New lead*: Dana' } },
  {
    type: 'actions',
    block_id: 'lead_actions',
    elements: [{ type: 'button', action_id: 'mark_contacted', text: { type: 'plain_text', text: 'Contacted' }, value: 'L-1', style: 'primary' }],
  },
];

let standin: SlackStandin;
let client: WebClient;

/** WebClient logs Slack's response_metadata messages at ERROR; expected failures need not. */
const quiet: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

function clientFor(s: SlackStandin, token = 'xoxb-local', extra: ConstructorParameters<typeof WebClient>[1] = {}): WebClient {
  return new WebClient(token, { slackApiUrl: s.url, logger: quiet, retryConfig: { retries: 0 }, ...extra });
}

/** The Slack error code of a rejected call, failing the test if the call succeeded or failed otherwise. */
async function platformError(call: Promise<unknown>): Promise<WebAPIPlatformError> {
  const err = await call.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
  expect((err as WebAPIPlatformError).code).toBe(ErrorCode.PlatformError);
  return err as WebAPIPlatformError;
}

beforeEach(async () => {
  standin = await startSlackStandin({ users: USERS });
  client = clientFor(standin);
});

afterEach(async () => {
  await standin.stop();
});

describe('identity and auth', () => {
  it('answers auth.test with the bot identity', async () => {
    const res = await client.auth.test();
    expect(res).toMatchObject({ ok: true, team_id: 'T0LOCAL01', user_id: 'U0LOCALBOT', bot_id: 'B0LOCALBOT', team: 'Baton Local', user: 'baton' });
    expect(res.url).toBe('https://baton-local.slack.com/');
    // WebClient copies x-oauth-scopes into response_metadata.scopes.
    expect(res.response_metadata?.scopes).toEqual(['chat:write', 'commands', 'im:write', 'users:read']);
  });

  it('rejects a wrong token with invalid_auth and no token with not_authed', async () => {
    expect((await platformError(clientFor(standin, 'xoxb-wrong').auth.test())).data.error).toBe('invalid_auth');
    expect((await platformError(clientFor(standin, '').auth.test())).data.error).toBe('not_authed');
    expect(standin.calls.map((c) => [c.method, c.ok, c.error])).toEqual([
      ['auth.test', false, 'invalid_auth'],
      ['auth.test', false, 'not_authed'],
    ]);
  });

  it('accepts the token as a form field, as Slack does', async () => {
    const res = await fetch(`${standin.url}auth.test`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'token=xoxb-local',
    });
    expect(await res.json()).toMatchObject({ ok: true, user_id: 'U0LOCALBOT' });
  });

  it('answers token_revoked to every call while the token is revoked', async () => {
    standin.faults.revokeToken(true);
    expect((await platformError(client.auth.test())).data.error).toBe('token_revoked');
    expect((await platformError(client.chat.postMessage({ channel: 'U0ALICE', text: 'hi' }))).data.error).toBe('token_revoked');
    standin.faults.revokeToken(false);
    await expect(client.auth.test()).resolves.toMatchObject({ ok: true });
  });

  it('answers unknown_method for a method it does not know', async () => {
    const err = await platformError(client.apiCall('chat.flyToTheMoon', { channel: 'U0ALICE' }));
    expect(err.data.error).toBe('unknown_method');
  });

  it('answers missing_scope when the token lacks the scope the method needs', async () => {
    const narrow = await startSlackStandin({ users: USERS, scopes: ['users:read'] });
    try {
      const err = await platformError(clientFor(narrow).chat.postMessage({ channel: 'U0ALICE', text: 'hi' }));
      expect(err.data).toMatchObject({ error: 'missing_scope', needed: 'chat:write', provided: 'users:read' });
      expect(narrow.messages()).toEqual([]);
    } finally {
      await narrow.stop();
    }
  });
});

describe('chat.postMessage', () => {
  it('posts to a user id in a DM channel created on demand and reused afterwards', async () => {
    const first = await client.chat.postMessage({ channel: 'U0ALICE', text: 'Lead one', blocks: BUTTONS });
    const second = await client.chat.postMessage({ channel: 'U0ALICE', text: 'Lead two' });
    const opened = await client.conversations.open({ users: 'U0ALICE' });
    const bob = await client.chat.postMessage({ channel: 'U0BOB', text: 'Lead three' });

    expect(first.channel).toMatch(/^D[A-Z0-9]+$/);
    expect(second.channel).toBe(first.channel);
    expect(opened.channel?.id).toBe(first.channel);
    expect(opened).toMatchObject({ no_op: true, already_open: true });
    expect(bob.channel).not.toBe(first.channel);

    expect(first.ts).toMatch(/^\d{10}\.\d{6}$/);
    const tss = [first.ts, second.ts, bob.ts].map(Number);
    expect(tss).toEqual([...tss].sort((a, b) => a - b));
    expect(new Set(tss).size).toBe(3);

    expect(first.message).toMatchObject({ text: 'Lead one', ts: first.ts, user: 'U0LOCALBOT', bot_id: 'B0LOCALBOT' });
    // Form bodies carry blocks as JSON strings; they must come back as the same structure.
    const stored = standin.messages()[0];
    expect(stored?.blocks[1]).toEqual(BUTTONS[1]);
    expect(stored?.blocks[0]).toMatchObject(BUTTONS[0] as object);
    expect((stored?.blocks[0] as { block_id?: string }).block_id).toEqual(expect.any(String));
    expect(standin.inbox('U0ALICE').map((m) => m.text)).toEqual(['Lead one', 'Lead two']);
    expect(standin.inbox('U0BOB').map((m) => m.text)).toEqual(['Lead three']);
    expect(standin.messages().map((m) => m.recipient)).toEqual(['U0ALICE', 'U0ALICE', 'U0BOB']);
  });

  it('opens the same DM id from conversations.open before any post', async () => {
    const opened = await client.conversations.open({ users: 'U0BOB' });
    expect(opened.no_op).toBeUndefined();
    const posted = await client.chat.postMessage({ channel: opened.channel?.id as string, text: 'via D id' });
    expect(posted.channel).toBe(opened.channel?.id);
    expect(standin.inbox('U0BOB')).toHaveLength(1);
  });

  it('refuses unknown users, unknown conversations, bots and empty messages', async () => {
    expect((await platformError(client.chat.postMessage({ channel: 'U0NOBODY', text: 'x' }))).data.error).toBe('channel_not_found');
    expect((await platformError(client.chat.postMessage({ channel: 'D0NOPE', text: 'x' }))).data.error).toBe('channel_not_found');
    expect((await platformError(client.chat.postMessage({ channel: 'C0NOPE', text: 'x' }))).data.error).toBe('channel_not_found');
    expect((await platformError(client.chat.postMessage({ channel: 'U0OTHERBOT', text: 'x' }))).data.error).toBe('cannot_dm_bot');
    expect((await platformError(client.apiCall('chat.postMessage', { channel: 'U0ALICE' }))).data.error).toBe('no_text');
    expect(standin.messages()).toEqual([]);
  });

  it('delivers to a deactivated user like Slack does, while conversations.open refuses', async () => {
    await expect(client.chat.postMessage({ channel: 'U0GONE', text: 'still lands' })).resolves.toMatchObject({ ok: true });
    expect(standin.inbox('U0GONE')).toHaveLength(1);
    expect((await platformError(client.conversations.open({ users: 'U0GONE' }))).data.error).toBe('user_disabled');
  });

  it('rejects Block Kit that Slack would reject, with a pointer to the culprit', async () => {
    const tooLong = [{ type: 'actions', elements: [{ type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'x'.repeat(76) } }] }];
    const err = await platformError(client.chat.postMessage({ channel: 'U0ALICE', text: 'x', blocks: tooLong }));
    expect(err.data.error).toBe('invalid_blocks');
    expect(err.data.response_metadata?.messages).toEqual(['[ERROR] must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]']);
    const unknownType = await platformError(client.chat.postMessage({ channel: 'U0ALICE', text: 'x', blocks: [{ type: 'sparkles' }] }));
    expect(unknownType.data.error).toBe('invalid_blocks');
    expect(standin.messages()).toEqual([]);
  });

  it('posts into a configured channel and accepts JSON bodies', async () => {
    const s = await startSlackStandin({ users: USERS, channels: [{ id: 'C0LEADS', name: 'leads' }] });
    try {
      const res = await fetch(`${s.url}chat.postMessage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', authorization: 'Bearer xoxb-local' },
        body: JSON.stringify({ channel: 'C0LEADS', text: 'json', blocks: BUTTONS }),
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ ok: true, channel: 'C0LEADS' });
      expect(s.messages()[0]).toMatchObject({ channel: 'C0LEADS', recipient: '', text: 'json' });
      expect(s.messages()[0]?.blocks[1]).toEqual(BUTTONS[1]);
    } finally {
      await s.stop();
    }
  });
});

describe('chat.update', () => {
  it('edits in place: same ts, new content, earlier versions kept in history', async () => {
    const posted = await client.chat.postMessage({ channel: 'U0ALICE', text: 'Assigned', blocks: BUTTONS });
    const updated = await client.chat.update({
      channel: posted.channel as string,
      ts: posted.ts as string,
      text: 'Contacted',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Contacted :white_check_mark:' } }],
    });
    expect(updated).toMatchObject({ ok: true, channel: posted.channel, ts: posted.ts, text: 'Contacted' });

    const [m] = standin.inbox('U0ALICE');
    expect(standin.messages()).toHaveLength(1);
    expect(m).toMatchObject({ ts: posted.ts, text: 'Contacted' });
    expect(m?.blocks).toHaveLength(1);
    expect(m?.history).toHaveLength(1);
    expect(m?.history[0]?.text).toBe('Assigned');
    expect(m?.history[0]?.blocks).toHaveLength(2);
    expect(m?.updatedAt).toEqual(expect.any(Number));
  });

  it('keeps blocks the update does not mention', async () => {
    const posted = await client.chat.postMessage({ channel: 'U0ALICE', text: 'v1', blocks: BUTTONS });
    await client.chat.update({ channel: posted.channel as string, ts: posted.ts as string, text: 'v2' });
    expect(standin.messages()[0]).toMatchObject({ text: 'v2' });
    expect(standin.messages()[0]?.blocks).toHaveLength(2);
  });

  it('needs the conversation id and an existing ts', async () => {
    const posted = await client.chat.postMessage({ channel: 'U0ALICE', text: 'v1' });
    const byUserId = await platformError(client.chat.update({ channel: 'U0ALICE', ts: posted.ts as string, text: 'v2' }));
    expect(byUserId.data.error).toBe('channel_not_found');
    const wrongTs = await platformError(client.chat.update({ channel: posted.channel as string, ts: '1.000001', text: 'v2' }));
    expect(wrongTs.data.error).toBe('message_not_found');
    expect(standin.messages()[0]?.history).toEqual([]);
  });
});

describe('chat.postEphemeral', () => {
  it('shows the message only to that user and cannot be updated', async () => {
    const dm = await client.conversations.open({ users: 'U0ALICE' });
    const channel = dm.channel?.id as string;
    const res = await client.chat.postEphemeral({ channel, user: 'U0ALICE', text: 'Only you can see this' });
    expect(res.message_ts).toMatch(/^\d{10}\.\d{6}$/);

    expect(standin.inbox('U0ALICE')).toMatchObject([{ ephemeral: true, text: 'Only you can see this', recipient: 'U0ALICE', channel }]);
    expect(standin.inbox('U0BOB')).toEqual([]);
    const upd = await platformError(client.chat.update({ channel, ts: res.message_ts as string, text: 'edit' }));
    expect(upd.data.error).toBe('message_not_found');
  });

  it('refuses a user who is not in the DM, and unknown users', async () => {
    const dm = await client.conversations.open({ users: 'U0ALICE' });
    const channel = dm.channel?.id as string;
    expect((await platformError(client.chat.postEphemeral({ channel, user: 'U0BOB', text: 'x' }))).data.error).toBe('user_not_in_channel');
    expect((await platformError(client.chat.postEphemeral({ channel, user: 'U0NOBODY', text: 'x' }))).data.error).toBe('user_not_found');
    expect(standin.messages()).toEqual([]);
  });
});

describe('users', () => {
  it('returns a known user in Slack shape', async () => {
    const res = await client.users.info({ user: 'U0ALICE' });
    expect(res.user).toMatchObject({
      id: 'U0ALICE',
      name: 'alice',
      real_name: 'Alice Ng',
      tz: 'America/Chicago',
      deleted: false,
      is_bot: false,
      profile: { real_name: 'Alice Ng', display_name: 'alice' },
    });
    expect(typeof res.user?.tz_offset).toBe('number');
    // Without users:read.email Slack leaves the email out.
    expect(res.user?.profile?.email).toBeUndefined();
  });

  it('shows email only with users:read.email', async () => {
    const s = await startSlackStandin({ users: USERS, scopes: ['users:read', 'users:read.email'] });
    try {
      const res = await clientFor(s).users.info({ user: 'U0ALICE' });
      expect(res.user?.profile?.email).toBe('alice@example.com');
    } finally {
      await s.stop();
    }
  });

  it('reports deactivated users as deleted, without tz', async () => {
    const res = await client.users.info({ user: 'U0GONE' });
    expect(res.user).toMatchObject({ id: 'U0GONE', deleted: true });
    expect(res.user?.tz).toBeUndefined();
  });

  it('answers user_not_found for an unknown id', async () => {
    expect((await platformError(client.users.info({ user: 'U0NOBODY' }))).data.error).toBe('user_not_found');
  });

  it('reflects upsertUser and pages users.list with cursors', async () => {
    standin.upsertUser({ id: 'U0BOB', name: 'bob', real_name: 'Bob Ruiz', deleted: true });
    expect((await client.users.info({ user: 'U0BOB' })).user?.deleted).toBe(true);

    const ids: string[] = [];
    let pages = 0;
    for await (const page of client.paginate('users.list', { limit: 2 })) {
      pages += 1;
      for (const m of (page as unknown as { members: Array<{ id: string }> }).members) ids.push(m.id);
    }
    expect(pages).toBe(3);
    expect(ids.sort()).toEqual(['U0ALICE', 'U0BOB', 'U0GONE', 'U0LOCALBOT', 'U0OTHERBOT']);
  });
});

describe('faults', () => {
  it('429 with Retry-After: WebClient waits the given seconds and retries to success', async () => {
    const retrying = clientFor(standin, 'xoxb-local', { retryConfig: { retries: 2, factor: 1, minTimeout: 10, maxTimeout: 50 } });
    standin.faults.failNext('chat.postMessage', 1, { rateLimited: { retryAfterSeconds: 1 } });
    const started = Date.now();
    const res = await retrying.chat.postMessage({ channel: 'U0ALICE', text: 'after the limit' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(res.ok).toBe(true);
    expect(standin.calls.map((c) => [c.method, c.status, c.error])).toEqual([
      ['chat.postMessage', 429, 'ratelimited'],
      ['chat.postMessage', 200, undefined],
    ]);
    expect(standin.inbox('U0ALICE')).toHaveLength(1);
  });

  it('429 surfaces as WebAPIRateLimitedError when the client rejects rate-limited calls', async () => {
    const strict = clientFor(standin, 'xoxb-local', { rejectRateLimitedCalls: true });
    standin.faults.failNext('users.info', 1, { rateLimited: { retryAfterSeconds: 7 } });
    const err = (await strict.users.info({ user: 'U0ALICE' }).catch((e: unknown) => e)) as WebAPIRateLimitedError;
    expect(err.code).toBe(ErrorCode.RateLimitedError);
    expect(err.retryAfter).toBe(7);
  });

  it('5xx is retried by WebClient, and surfaces as WebAPIHTTPError without retries', async () => {
    const retrying = clientFor(standin, 'xoxb-local', { retryConfig: { retries: 2, factor: 1, minTimeout: 10, maxTimeout: 50 } });
    standin.faults.failNext('chat.postMessage', 1, { status: 503 });
    await expect(retrying.chat.postMessage({ channel: 'U0ALICE', text: 'x' })).resolves.toMatchObject({ ok: true });

    standin.faults.failNext('chat.postMessage', 1, { status: 500 });
    const err = (await client.chat.postMessage({ channel: 'U0ALICE', text: 'y' }).catch((e: unknown) => e)) as WebAPIHTTPError;
    expect(err.code).toBe(ErrorCode.HTTPError);
    expect(err.statusCode).toBe(500);
    expect(standin.callCount('chat.postMessage')).toBe(3);
    expect(standin.inbox('U0ALICE').map((m) => m.text)).toEqual(['x']);
  });

  it('injected platform errors surface as WebAPIPlatformError and are used up', async () => {
    standin.faults.failNext('chat.postMessage', 2, { error: 'channel_not_found' });
    for (let i = 0; i < 2; i += 1) {
      const err = await platformError(client.chat.postMessage({ channel: 'U0ALICE', text: 'x' }));
      expect(err.data.error).toBe('channel_not_found');
    }
    await expect(client.chat.postMessage({ channel: 'U0ALICE', text: 'x' })).resolves.toMatchObject({ ok: true });
    // Other methods were never affected.
    expect(standin.callCount('chat.postMessage')).toBe(3);
    expect(standin.callCount()).toBe(3);
  });

  it('adds latency to every call and clear() removes it', async () => {
    standin.faults.latencyMs = 500;
    let started = Date.now();
    await client.auth.test();
    expect(Date.now() - started).toBeGreaterThanOrEqual(490);
    standin.faults.clear();
    started = Date.now();
    await client.auth.test();
    expect(Date.now() - started).toBeLessThan(450);
  });

  it('emits change after posts, updates and ephemerals', async () => {
    let changes = 0;
    const listener = (): void => {
      changes += 1;
    };
    standin.on('change', listener);
    const posted = await client.chat.postMessage({ channel: 'U0ALICE', text: 'a' });
    await client.chat.update({ channel: posted.channel as string, ts: posted.ts as string, text: 'b' });
    await client.chat.postEphemeral({ channel: posted.channel as string, user: 'U0ALICE', text: 'c' });
    await client.users.info({ user: 'U0ALICE' });
    expect(changes).toBe(3);
    standin.off('change', listener);
    await client.chat.postMessage({ channel: 'U0ALICE', text: 'd' });
    expect(changes).toBe(3);
  });
});
