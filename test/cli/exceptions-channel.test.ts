import { WebClient } from '@slack/web-api';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkExceptionsChannel } from '../../src/cli/doctor/checks/exceptions-channel.ts';
import { formatLine } from '../../src/cli/doctor/types.ts';

const SLACK = 'https://slack.com';
const client = () => new WebClient('xoxb-test', { retryConfig: { retries: 0 } });

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});
afterAll(() => {
  nock.enableNetConnect();
  nock.restore();
});

describe('doctor: EXCEPTIONS_CHANNEL membership', () => {
  it.each([
    [{ ok: true, channel: { id: 'C1', name: 'lead-exceptions', is_member: true } }, '✓ Baton is a member of EXCEPTIONS_CHANNEL #lead-exceptions'],
    [{ ok: true, channel: { id: 'C1', name: 'lead-exceptions', is_member: false } }, '✗ Baton is not a member of EXCEPTIONS_CHANNEL #lead-exceptions — fix: in Slack, open #lead-exceptions and type /invite @Baton'],
    [{ ok: true, channel: { id: 'C1', name: 'old', is_member: true, is_archived: true } }, expect.stringMatching(/^✗ EXCEPTIONS_CHANNEL #old is archived/)],
    [{ ok: false, error: 'channel_not_found' }, expect.stringMatching(/^✗ EXCEPTIONS_CHANNEL C1 not found — fix: copy the channel id/)],
    [{ ok: false, error: 'missing_scope', needed: 'channels:read' }, expect.stringMatching(/lacks channels:read/)],
  ])('%j', async (answer, line) => {
    nock(SLACK).post('/api/conversations.info', (body) => body.channel === 'C1').reply(200, answer);
    expect(formatLine(await checkExceptionsChannel(client(), 'C1'))).toEqual(line);
  });
});
