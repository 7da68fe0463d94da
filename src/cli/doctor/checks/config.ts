import { ConfigError, isLocalMode, loadConfig, type Config } from '../../../config.ts';
import { fail, pass, type CheckResult } from '../types.ts';

export interface ConfigCheck {
  results: CheckResult[];
  config?: Config;
  local: boolean;
}

/** loadConfig, one ✗ per bad or missing setting. */
export function checkConfig(env: Record<string, string | undefined>): ConfigCheck {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    const problems = error instanceof ConfigError ? error.problems : [error instanceof Error ? error.message : String(error)];
    return {
      local: false,
      results: problems.map((problem) => fail(`config: ${problem}`, 'set it in the environment or .env (see .env.example), then run `npm run doctor` again')),
    };
  }
  const local = isLocalMode(config);
  if (local) {
    return {
      config,
      local,
      results: [pass('config valid — local mode (no SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET or GOOGLE_SHEETS_ID): `npm start` runs Baton on built-in Slack and Sheets stand-ins')],
    };
  }
  return { config, local, results: [pass('config valid')] };
}
