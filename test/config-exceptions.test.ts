import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('loadConfig: issue 13 settings', () => {
  it('has defaults: ack 30, resolve 240, owner reminder 15 min before, no channel, no handoff team', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ EXCEPTION_ACK_MINUTES: 30, EXCEPTION_RESOLVE_MINUTES: 240, REMIND_BEFORE_MINUTES: 15 });
    expect(config.EXCEPTIONS_CHANNEL).toBeUndefined();
    expect(config.HANDOFF_TEAM).toBeUndefined();
  });

  it('reads them, 0 switching owner reminders off', () => {
    expect(loadConfig({ EXCEPTIONS_CHANNEL: 'C0123ABC', EXCEPTION_ACK_MINUTES: '10', EXCEPTION_RESOLVE_MINUTES: '60', REMIND_BEFORE_MINUTES: '0', HANDOFF_TEAM: 'AE' })).toMatchObject({
      EXCEPTIONS_CHANNEL: 'C0123ABC',
      EXCEPTION_ACK_MINUTES: 10,
      EXCEPTION_RESOLVE_MINUTES: 60,
      REMIND_BEFORE_MINUTES: 0,
      HANDOFF_TEAM: 'AE',
    });
  });

  it.each([
    [{ EXCEPTIONS_CHANNEL: '#sales' }, /EXCEPTIONS_CHANNEL must be a channel id/],
    [{ EXCEPTION_ACK_MINUTES: '0' }, /EXCEPTION_ACK_MINUTES/],
    [{ REMIND_BEFORE_MINUTES: '-5' }, /REMIND_BEFORE_MINUTES/],
    [{ REMIND_BEFORE_MINUTES: '60' }, /REMIND_BEFORE_MINUTES must be less than SLA_MINUTES \(60\)/],
  ])('refuses %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
