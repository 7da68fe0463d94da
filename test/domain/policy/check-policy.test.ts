import { describe, expect, it } from 'vitest';
import { checkRouting } from '../../../src/cli/doctor/checks/routing.ts';
import type { Inspection } from '../../../src/cli/setup/inspect.ts';
import { checkPolicy } from '../../../src/domain/policy/check-policy.ts';
import type { RuleRow } from '../../../src/domain/policy/rules.ts';
import type { CellValue } from '../../../src/domain/cells.ts';

const DEFAULTS = { timeZone: 'Asia/Jakarta' };
const ayu = { name: 'Ayu', slack_id: 'UAYU', active: 'ON', team: 'jakarta' };
const bima = { name: 'Bima', slack_id: 'UBIMA', active: 'ON', team: null };

function problems(roster: Array<Record<string, CellValue>>, rules: RuleRow[] = [], overflowTeam?: string): string[] {
  return checkPolicy({ roster, rules, defaults: DEFAULTS, overflowTeam }).findings.map((finding) => `${finding.problem} — ${finding.fix}`);
}

describe('checkPolicy: what doctor says to fix', () => {
  it('a plain roster without rules is not a policy and has nothing to fix', () => {
    const check = checkPolicy({ roster: [{ name: 'A', slack_id: 'UA', active: 'ON' }], rules: [], defaults: DEFAULTS });
    expect(check).toMatchObject({ findings: [], inUse: false });
  });

  it.each([
    [{ weight: 0 }, 'sales_sheet row 2 (Ayu): weight "0" must be a number above 0'],
    [{ working_hours: 'Mon-Fry 9-5' }, 'sales_sheet row 2 (Ayu): working_hours "mon-fry" is not a day range'],
    [{ timezone: 'WIB' }, 'sales_sheet row 2 (Ayu): timezone "WIB" is not an IANA time zone'],
    [{ ooo_until: 'soon' }, 'sales_sheet row 2 (Ayu): ooo_until "soon"'],
    [{ max_open: -2 }, 'sales_sheet row 2 (Ayu): max_open "-2" must be a whole number'],
  ] as Array<[Record<string, CellValue>, string]>)('roster cell %j', (cells, expected) => {
    const found = problems([{ ...ayu, ...cells }, bima]);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(expected);
    expect(found[0]).toContain('fix');
  });

  it.each([
    [{ priority: 1, field: 'country', operator: 'equals', value: 'ID', team: 'jakarta' }, 'routing_rules row 2: unknown field "country"'],
    [{ priority: 1, field: 'source', operator: 'is', value: 'x', team: 'jakarta' }, 'routing_rules row 2: unknown operator "is"'],
    [{ priority: 1, field: 'message', operator: 'matches', value: '*urgent', team: 'jakarta' }, 'routing_rules row 2: "*urgent" is not a valid regular expression'],
    [{ priority: 1, field: 'source', operator: 'equals', value: 'x', team: 'bandung' }, 'routing_rules row 2: team "bandung" has nobody in it'],
  ] as Array<[RuleRow, string]>)('rule %j', (rule, expected) => {
    const found = problems([ayu, bima], [rule]);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(expected);
  });

  it('an OVERFLOW_TEAM nobody is in', () => {
    expect(problems([ayu, bima], [], 'Support')).toEqual([expect.stringContaining('OVERFLOW_TEAM "support" has nobody in it')]);
    expect(problems([ayu, bima], [], 'jakarta')).toEqual([]);
  });

  it('a rule shadowed by an earlier one that always matches, or asks the same', () => {
    const rules: RuleRow[] = [
      { priority: 1, field: 'source', operator: 'equals', value: 'ads', team: 'jakarta' },
      { priority: 2, field: 'source', operator: 'equals', value: 'ADS', team: '' },
      { priority: 3, field: 'name', operator: 'matches', value: '.*', team: 'jakarta' },
      { priority: 4, field: 'email_domain', operator: 'equals', value: 'acme.com', team: '' },
    ];
    const found = problems([ayu, bima], rules);
    expect(found).toEqual([
      expect.stringContaining('routing_rules row 3 (source = ADS) can never match: row 2 (priority 1, source = ads) asks the same and comes first'),
      expect.stringContaining('routing_rules row 5 (email_domain = acme.com) can never match: row 4 (priority 3, name matches .*) matches every lead and comes first'),
    ]);
  });

  it('an anchored or word-bound regex is not taken for one that always matches', () => {
    const rules: RuleRow[] = [
      { priority: 1, field: 'name', operator: 'matches', value: '^$', team: 'jakarta' },
      { priority: 2, field: 'message', operator: 'matches', value: 'x?\\b', team: 'jakarta' },
      { priority: 3, field: 'source', operator: 'equals', value: 'web', team: '' },
    ];
    expect(problems([ayu, bima], rules)).toEqual([]);
  });
});

describe('doctor: checkRouting', () => {
  const inspection = (roster: CellValue[][], rules: CellValue[][]): Inspection => ({ tabs: new Map(), headers: {}, rosterRows: roster, stateRows: [], ruleRows: rules });
  it('prints nothing for a plain roster, one ✓ line for a sound policy, one ✗ per problem', () => {
    const plain = [['name', 'slack_id', 'active'], ['Ayu', 'UAYU', 'ON']];
    expect(checkRouting(inspection(plain, [['priority', 'field', 'operator', 'value', 'team']]), { timeZone: 'UTC' })).toEqual([]);
    const roster = [['name', 'slack_id', 'active', 'team', 'weight'], ['Ayu', 'UAYU', 'ON', 'jakarta', 2], ['Bima', 'UBIMA', 'ON']];
    const rules = [['priority', 'field', 'operator', 'value', 'team'], [1, 'phone_country', 'equals', 'ID', 'jakarta']];
    expect(checkRouting(inspection(roster, rules), { timeZone: 'UTC' })).toEqual([{ ok: true, label: 'routing policy: 1 rule; teams jakarta (1 active), default (1 active)' }]);
    const bad = [...rules, [2, 'phone', 'equals', '62', 'jakarta']];
    const lines = checkRouting(inspection(roster, bad), { timeZone: 'UTC', overflowTeam: 'night' });
    expect(lines.map((line) => line.ok)).toEqual([false, false]);
  });
});
