import { HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';
import { createSlackApp } from '../../src/slack/app.ts';
import { memoryContext } from '../support/use-case-context.ts';

const base = { token: 'xoxb-test', signingSecret: 'secret', port: 0, routes: [], log: createLogger('silent') };

// Construction only: nothing connects (Bolt's auth.test runs lazily, on the first event).
describe('createSlackApp', () => {
  it('serves interactivity over HTTP by default', () => {
    const app = createSlackApp(base, memoryContext([]).ctx);
    expect((app as unknown as { receiver: unknown }).receiver).toBeInstanceOf(HTTPReceiver);
  });

  it('switches to Socket Mode when an app-level token is given', () => {
    const app = createSlackApp({ ...base, appToken: 'xapp-1-test' }, memoryContext([]).ctx);
    expect((app as unknown as { receiver: unknown }).receiver).toBeInstanceOf(SocketModeReceiver);
  });
});
