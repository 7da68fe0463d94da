import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../project-root.ts';
import { fail, pass, type CheckResult } from '../types.ts';
import { REQUIRED_SCOPES } from './slack.ts';

/** What Baton's Slack features need from the app's configuration, checked in manifest.yml. */
const NEEDS: Array<{ what: string; present: (text: string) => boolean; fix: string }> = [
  { what: 'the Home tab', present: (t) => /^\s*home_tab_enabled:\s*true\b/m.test(t), fix: 'set features.app_home.home_tab_enabled: true' },
  { what: 'the /baton command', present: (t) => /^\s*-\s*command:\s*\/baton\b/m.test(t), fix: 'add /baton under features.slash_commands' },
  { what: 'the app_home_opened event', present: (t) => /bot_events:[\s\S]*?-\s*app_home_opened\b/.test(t), fix: 'add app_home_opened under settings.event_subscriptions.bot_events' },
  ...REQUIRED_SCOPES.map((scope) => ({
    what: `scope ${scope} with its reason`,
    // A scope line preceded by a comment line: every scope says why Baton asks for it.
    present: (t: string) => new RegExp(`#[^\\n]*\\n\\s*-\\s*${scope.replace(':', '\\:')}\\s*$`, 'm').test(t),
    fix: `list ${scope} under oauth_config.scopes.bot with a comment saying why`,
  })),
];

/**
 * Slack does not show a bot token which features its app has (that needs an app configuration
 * token), so doctor checks the manifest the app is created from: the Home tab, /baton, the
 * app_home_opened subscription and every scope, each with its reason. If you configured the app by
 * hand, set the same in its settings.
 */
export function checkManifest(path = join(PROJECT_ROOT, 'manifest.yml')): CheckResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return fail(`manifest.yml not found at ${path}`, 'restore it from the repository; it is what the Slack app is created from');
  }
  const missing = NEEDS.filter((need) => !need.present(text));
  if (missing.length === 0) return pass(`manifest.yml has the Home tab, /baton, app_home_opened and the scopes (${REQUIRED_SCOPES.join(', ')}) with reasons`);
  return fail(`manifest.yml lacks ${missing.map((need) => need.what).join(', ')}`, `${missing.map((need) => need.fix).join('; ')}; then update the app (App Manifest page) and reinstall it`);
}
