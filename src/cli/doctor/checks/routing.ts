import type { CellValue } from '../../../domain/cells.ts';
import { checkPolicy } from '../../../domain/policy/check-policy.ts';
import type { RuleRow } from '../../../domain/policy/rules.ts';
import { HeaderMap } from '../../../stores/sheets/table.ts';
import type { Inspection } from '../../setup/inspect.ts';
import { fail, pass, type CheckResult } from '../types.ts';

function records(rows: readonly CellValue[][]): Array<Record<string, CellValue>> {
  if (rows.length === 0) return [];
  const header = new HeaderMap(rows[0] ?? []);
  return rows.slice(1).map((row) => header.record(row));
}

/**
 * The routing policy (issue 12): every roster cell and rule that cannot be read, teams nobody is
 * in, rules that can never match. Nothing at all when no policy is in use (a plain round-robin).
 */
export function checkRouting(inspection: Inspection, settings: { timeZone: string; overflowTeam?: string | undefined }): CheckResult[] {
  const check = checkPolicy({
    roster: records(inspection.rosterRows),
    rules: records(inspection.ruleRows ?? []) as RuleRow[],
    defaults: { timeZone: settings.timeZone },
    overflowTeam: settings.overflowTeam,
  });
  if (!check.inUse && !settings.overflowTeam) return [];
  if (check.findings.length === 0) return [pass(check.summary)];
  return check.findings.map((finding) => fail(finding.problem, finding.fix));
}

/** SLACK_STATUS_OOO reads Slack statuses with users.profile.get, which needs users.profile:read. */
export function checkStatusScope(scopes: readonly string[] | undefined): CheckResult {
  if (scopes?.includes('users.profile:read')) return pass('SLACK_STATUS_OOO: the token can read Slack statuses (users.profile:read)');
  return fail(
    'SLACK_STATUS_OOO is on but the Slack token lacks users.profile:read: vacation and sick statuses cannot be seen',
    "add users.profile:read under your Slack app's OAuth & Permissions → Bot Token Scopes (manifest.yml lists it), reinstall the app, or set SLACK_STATUS_OOO=false",
  );
}
