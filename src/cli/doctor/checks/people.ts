import type { WebClient } from '@slack/web-api';
import type { Rep } from '../../../domain/types.ts';
import { fail, pass, type CheckResult } from '../types.ts';
import { lookUpMember, mapLimit, type MemberProblem } from './slack.ts';

const COPY_ID = 'Slack: open their profile → ⋮ → Copy member ID';
/** The placeholder ids in sheets-templates/sales_sheet.csv. */
const SAMPLE_ID = /^UREPLACE/i;

/** "all 3 active reps resolve", "the active rep resolves", "2 of 3 managers resolve". */
function resolvedLabel(good: readonly string[], total: number, noun: string): string {
  const names = `(${good.join(', ')})`;
  if (good.length < total) return `${good.length} of ${total} ${noun}s resolve in Slack ${names}`;
  return total === 1 ? `the ${noun} resolves in Slack ${names}` : `all ${total} ${noun}s resolve in Slack ${names}`;
}

function repLine(rep: Rep, found: MemberProblem): CheckResult {
  const who = `rep ${rep.name} (${rep.slackId})`;
  switch (found.problem) {
    case 'not_found':
      return fail(`${who} is not a member of this Slack workspace (user_not_found)`, `in sales_sheet, set slack_id to their member ID (${COPY_ID}), or set active to OFF`);
    case 'deleted':
      return fail(`${who} is deactivated (deleted) in Slack`, `set active to OFF for ${rep.name} in sales_sheet, or put a current member's ID in slack_id`);
    case 'bot':
      return fail(`${who} is a bot, not a person`, `in sales_sheet, set slack_id to the person's member ID (${COPY_ID})`);
    default:
      return fail(`${who} could not be looked up (${found.detail ?? 'unknown error'})`, 'run `npm run doctor` again; if it persists, check the Slack token');
  }
}

/** users.info for every active rep: exists, not deleted, not a bot. */
export async function checkReps(client: WebClient, reps: readonly Rep[]): Promise<CheckResult[]> {
  const active = reps.filter((rep) => rep.active);
  if (active.length === 0) return [];
  const found = await mapLimit(active, 4, async (rep) =>
    SAMPLE_ID.test(rep.slackId) ? ({ id: rep.slackId, problem: 'sample' } as const) : lookUpMember(client, rep.slackId),
  );
  const good: string[] = [];
  const bad: CheckResult[] = [];
  active.forEach((rep, i) => {
    const result = found[i];
    if (!result) return;
    if (result.problem === undefined) good.push(rep.name);
    else if (result.problem === 'sample') {
      bad.push(fail(`rep ${rep.name} still has the sample slack_id ${rep.slackId}`, `in sales_sheet, replace it with their member ID (${COPY_ID})`));
    } else bad.push(repLine(rep, result));
  });
  const lines: CheckResult[] = [];
  if (good.length > 0) lines.push(pass(resolvedLabel(good, active.length, 'active rep')));
  return [...lines, ...bad];
}

/** users.info for every MANAGER_SLACK_IDS entry; none at all is a ✗ too (escalations would reach no one). */
export async function checkManagers(client: WebClient, managerIds: readonly string[]): Promise<CheckResult[]> {
  if (managerIds.length === 0) {
    return [fail('no managers configured (MANAGER_SLACK_IDS is empty): escalations and unassignable leads reach no one', `set MANAGER_SLACK_IDS to their member IDs, comma-separated (${COPY_ID})`)];
  }
  const found = await mapLimit(managerIds, 4, (id) => lookUpMember(client, id));
  const good: string[] = [];
  const bad: CheckResult[] = [];
  for (const result of found) {
    const who = `manager ${result.id}`;
    const fix = `in MANAGER_SLACK_IDS, replace ${result.id} with a current manager's member ID (${COPY_ID})`;
    if (result.problem === undefined) good.push(`${result.id}: ${result.name}`);
    else if (result.problem === 'not_found') bad.push(fail(`${who} is not a member of this Slack workspace (user_not_found)`, fix));
    else if (result.problem === 'deleted') bad.push(fail(`${who} is deactivated (deleted) in Slack`, fix));
    else if (result.problem === 'bot') bad.push(fail(`${who} is a bot, not a person`, fix));
    else bad.push(fail(`${who} could not be looked up (${result.detail ?? 'unknown error'})`, 'run `npm run doctor` again; if it persists, check the Slack token'));
  }
  const lines: CheckResult[] = [];
  if (good.length > 0) lines.push(pass(resolvedLabel(good, managerIds.length, 'manager')));
  return [...lines, ...bad];
}
