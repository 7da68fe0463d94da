import { describe, expect, it } from 'vitest';
import { ConfigError, isLocalMode, loadConfig } from '../src/config.ts';

const production = {
  SLACK_BOT_TOKEN: 'xoxb-1-2-3',
  SLACK_SIGNING_SECRET: 'secret',
  GOOGLE_SHEETS_ID: 'sheet-id',
  GOOGLE_SERVICE_ACCOUNT_JSON: '{"client_email":"a@b.iam.gserviceaccount.com","private_key":"k"}',
  INTAKE_TOKEN: 'a-long-enough-intake-token',
};

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('gives the documented defaults and local mode with nothing set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, SLA_MINUTES: 60, ESCALATION_THRESHOLD: 10, SWEEP_CRON: '0 * * * *', DEFAULT_COUNTRY: 'ID', TIMEZONE: 'UTC', MANAGER_SLACK_IDS: [], CACHE_SECONDS: 60 });
    expect(isLocalMode(config)).toBe(true);
  });

  it('accepts a full production environment', () => {
    const config = loadConfig({ ...production, MANAGER_SLACK_IDS: ' U1, U2 ,', TIMEZONE: 'Asia/Jakarta' });
    expect(isLocalMode(config)).toBe(false);
    expect(config.MANAGER_SLACK_IDS).toEqual(['U1', 'U2']);
  });

  it('refuses a mix of real and local, naming every missing setting', () => {
    const found = problems({ SLACK_BOT_TOKEN: 'xoxb-1' });
    expect(found.map((p) => p.split(' ')[0])).toEqual(['SLACK_SIGNING_SECRET', 'GOOGLE_SHEETS_ID', 'INTAKE_TOKEN', 'GOOGLE_APPLICATION_CREDENTIALS']);
  });

  it('names every bad variable at once, with what it got where that is not a secret', () => {
    const found = problems({
      ...production,
      PORT: 'eighty',
      SLA_MINUTES: '0',
      ESCALATION_THRESHOLD: '-1',
      SWEEP_CRON: 'every hour',
      DEFAULT_COUNTRY: 'Indonesia',
      TIMEZONE: 'Mars/Olympus',
      LOG_LEVEL: 'loud',
      SLACK_API_URL: 'not a url',
      SHEETS_EMULATOR_HOST: 'localhost',
      INTAKE_TOKEN: 'short',
      SLACK_BOT_TOKEN: 'xoxp-user-token',
      FIELD_MAP: '{"name": 5}',
    });
    const keys = found.map((p) => p.split(' ')[0]);
    expect(keys).toEqual(
      expect.arrayContaining(['PORT', 'SLA_MINUTES', 'ESCALATION_THRESHOLD', 'SWEEP_CRON', 'DEFAULT_COUNTRY', 'TIMEZONE', 'LOG_LEVEL', 'SLACK_API_URL', 'SHEETS_EMULATOR_HOST', 'INTAKE_TOKEN', 'SLACK_BOT_TOKEN', 'FIELD_MAP']),
    );
    expect(found.find((p) => p.startsWith('TIMEZONE'))).toContain('(got "Mars/Olympus")');
    expect(found.find((p) => p.startsWith('INTAKE_TOKEN'))).not.toContain('short');
  });

  it('says how to fix it in the error message', () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/Baton cannot start: fix these settings \(see \.env\.example\)/);
  });
});
