import { cellText, type CellValue } from '../cells.ts';
import { isActiveCell } from '../roster.ts';
import { foldText } from './fold-text.ts';
import { DEFAULT_TEAM, readRepPolicy, readTeams, type PolicyCells, type PolicyDefaults } from './read-rep-policy.ts';
import { describeRule, parseRules, type RoutingRule, type RuleRow } from './rules.ts';

/** One thing an admin should fix, said the way doctor prints it. */
export interface PolicyFinding {
  problem: string;
  fix: string;
}

export interface PolicyCheck {
  findings: PolicyFinding[];
  /** "2 rules; teams: default (3 reps), jakarta (2 reps)" when all is well. */
  summary: string;
  /** True when any rule or policy cell is in use. */
  inUse: boolean;
}

/** A regex that matches the empty text with nothing to anchor it (`.*`, `x?`) matches every text. */
function alwaysMatches(rule: RoutingRule): boolean {
  if (rule.operator !== 'matches' || !rule.regex) return false;
  if (/[$]|\\b|\\B|\(\?[=!<]/.test(rule.regex.source)) return false;
  return rule.regex.test('');
}

function sameCondition(a: RoutingRule, b: RoutingRule): boolean {
  return a.field === b.field && a.operator === b.operator && a.values.join('\u0000') === b.values.join('\u0000') && a.number === b.number && a.regex?.source === b.regex?.source;
}

/**
 * Everything `npm run doctor` says about the routing policy: cells that cannot be read (and what
 * they count as meanwhile), rules that cannot be used, teams nobody is in, rules that can never
 * match because an earlier one always does (or asks the same). Rows are sheet rows (header = 1).
 */
export function checkPolicy(input: { roster: ReadonlyArray<Record<string, CellValue>>; rules: readonly RuleRow[]; defaults: PolicyDefaults; overflowTeam?: string | undefined }): PolicyCheck {
  const findings: PolicyFinding[] = [];
  const teamSizes = new Map<string, number>();
  let policyCells = false;
  input.roster.forEach((record, index) => {
    const row = index + 2;
    const slackId = cellText(record.slack_id);
    if (!slackId) return;
    const who = `sales_sheet row ${row} (${cellText(record.name) || slackId})`;
    const cells = record as PolicyCells;
    const { policy, problems } = readRepPolicy(cells, input.defaults);
    if (Object.keys(policy).length > 0 || problems.length > 0) policyCells = true;
    for (const problem of problems) findings.push({ problem: `${who}: ${problem.problem}`, fix: `correct the ${problem.column} cell in sales_sheet row ${row}, or clear it` });
    const teams = readTeams(cellText(cells.team));
    for (const team of teams.length > 0 ? teams : [DEFAULT_TEAM]) {
      if (isActiveCell(record.active)) teamSizes.set(team, (teamSizes.get(team) ?? 0) + 1);
      else if (!teamSizes.has(team)) teamSizes.set(team, 0);
    }
  });

  const { rules, problems } = parseRules(input.rules);
  for (const problem of problems) findings.push({ problem: `routing_rules row ${problem.row}: ${problem.problem}`, fix: `correct the ${problem.column} cell in routing_rules row ${problem.row}; until then that rule is ignored` });

  const known = (team: string) => teamSizes.has(team) || (team === DEFAULT_TEAM && teamSizes.size > 0);
  const teamFix = (team: string) => `put "${team}" in the team cell of the reps who should get these leads (sales_sheet), or change the team`;
  for (const rule of rules) {
    if (!known(rule.team)) findings.push({ problem: `routing_rules row ${rule.row}: team "${rule.team}" has nobody in it (${describeRule(rule)} leads would be left unassigned)`, fix: teamFix(rule.team) });
  }
  const overflow = input.overflowTeam ? foldText(input.overflowTeam) : undefined;
  if (overflow && !known(overflow)) findings.push({ problem: `OVERFLOW_TEAM "${overflow}" has nobody in it`, fix: teamFix(overflow) });

  rules.forEach((rule, position) => {
    const earlier = rules.slice(0, position);
    const always = earlier.find(alwaysMatches);
    const same = earlier.find((one) => sameCondition(one, rule));
    const blocker = always ?? same;
    if (!blocker) return;
    findings.push({
      problem: `routing_rules row ${rule.row} (${describeRule(rule)}) can never match: row ${blocker.row} (priority ${blocker.priority}, ${describeRule(blocker)}) ${always ? 'matches every lead' : 'asks the same'} and comes first`,
      fix: `give row ${rule.row} a lower priority than row ${blocker.row}, or delete one of them`,
    });
  });

  const teams = [...teamSizes].map(([team, size]) => `${team} (${size} active)`).join(', ');
  return {
    findings,
    inUse: policyCells || rules.length > 0 || problems.length > 0,
    summary: `routing policy: ${rules.length} rule${rules.length === 1 ? '' : 's'}; teams ${teams || 'none'}${overflow ? `; overflow to ${overflow}` : ''}`,
  };
}
