import { describe, expect, it } from 'vitest';
import { chooseTeam, FactReader, parseRules, type LeadFacts, type RuleRow } from '../../../src/domain/policy/rules.ts';
import { foldText } from '../../../src/domain/policy/fold-text.ts';

const LEAD: LeadFacts = {
  name: '  José  Tan ',
  email: 'jose@Acme.co.id',
  phone: '6281234567890',
  phoneValid: true,
  company: 'PT Ácme Indonesia',
  source: 'Partner Referral',
  message: 'Need 50 seats, budget approved',
  form: { 'Budget (IDR)': '1.500.000.000', 'Company size': '51-200', Region: 'Jawa Barat' },
};

const countries: Record<string, string> = { '6281234567890': 'ID', '6591234567': 'SG' };
const reader = (facts: Partial<LeadFacts> = {}) => new FactReader({ ...LEAD, ...facts }, (digits) => countries[digits]);

function teamFor(rows: RuleRow[], facts: Partial<LeadFacts> = {}): string {
  const { rules, problems } = parseRules(rows);
  expect(problems).toEqual([]);
  return chooseTeam(rules, reader(facts)).team;
}

const rule = (field: string, operator: string, value: string, team = 'hit'): RuleRow => ({ priority: 1, field, operator, value, team });

describe('rule matching, one row per field and operator', () => {
  it.each([
    ['name equals, ignoring case, accents and spaces', rule('name', 'equals', 'jose tan'), 'hit'],
    ['name equals a different name', rule('name', 'equals', 'jose'), 'default'],
    ['email ends_with', rule('email', 'ends_with', '.co.id'), 'hit'],
    ['email_domain equals', rule('email_domain', 'equals', 'ACME.co.id'), 'hit'],
    ['email_domain in', rule('email_domain', 'in', 'gmail.com, acme.co.id'), 'hit'],
    ['email_domain in, not listed', rule('email_domain', 'in', 'gmail.com,yahoo.com'), 'default'],
    ['phone_country from the normalised phone', rule('phone_country', 'equals', 'id'), 'hit'],
    ['phone_country other country', rule('phone_country', 'equals', 'SG'), 'default'],
    ['company contains, accent-insensitive', rule('company', 'contains', 'acme'), 'hit'],
    ['company starts_with', rule('company', 'starts_with', 'pt '), 'hit'],
    ['source equals', rule('source', 'equals', 'partner referral'), 'hit'],
    ['message matches (regex, case-insensitive)', rule('message', 'matches', '\\b\\d{2,} SEATS'), 'hit'],
    ['message matches, no match', rule('message', 'matches', '^urgent'), 'default'],
    ['form field by label, any spelling', rule('form.budget_idr', '>=', '1000000000'), 'hit'],
    ['form >= not reached', rule('form.Budget (IDR)', '>=', '2.000.000.000'), 'default'],
    ['form <=', rule('form.budget-idr', '<=', '1500000000'), 'hit'],
    ['form equals text', rule('form.region', 'equals', 'jawa barat'), 'hit'],
    ['form field not sent is empty', rule('form.industry', 'is_empty', ''), 'hit'],
    ['is_empty on a filled field', rule('company', 'is_empty', ''), 'default'],
    ['= is equals', rule('source', '=', 'Partner Referral'), 'hit'],
    ['>= on text that is no number', rule('company', '>=', '5'), 'default'],
  ])('%s', (_name, row, expected) => {
    expect(teamFor([row])).toBe(expected);
  });

  it('phone_country is empty for a phone that is not a valid number', () => {
    expect(teamFor([rule('phone_country', 'is_empty', '')], { phoneValid: false, phone: 'call me' })).toBe('hit');
  });

  it('the lowest priority that matches wins, whatever the row order; ties go to the earlier row', () => {
    const rows: RuleRow[] = [
      { priority: 5, field: 'source', operator: 'contains', value: 'partner', team: 'partners' },
      { priority: 2, field: 'phone_country', operator: 'equals', value: 'ID', team: 'Jakarta' },
      { priority: 2, field: 'company', operator: 'contains', value: 'acme', team: 'enterprise' },
    ];
    const { rules } = parseRules(rows);
    const choice = chooseTeam(rules, reader());
    expect(choice.team).toBe('jakarta');
    expect(choice.text).toBe('rule 2 (phone_country = ID) → team jakarta');
    expect(chooseTeam(rules, reader({ phone: '6591234567' })).team).toBe('enterprise');
    expect(chooseTeam(rules, reader({ phone: '6591234567', company: 'Other' })).team).toBe('partners');
    expect(chooseTeam(rules, reader({ phone: '6591234567', company: 'Other', source: 'web' })).text).toBe('no rule matched → team default');
  });

  it('a form rule on a re-route (no form fields) counts as matching when the owner is in its team', () => {
    const { rules } = parseRules([rule('form.budget', '>=', '1000', 'enterprise'), rule('source', 'contains', 'partner', 'partners')]);
    const noForm = reader({ form: undefined });
    expect(chooseTeam(rules, noForm, ['enterprise']).team).toBe('enterprise');
    expect(chooseTeam(rules, noForm, ['default']).team).toBe('partners');
  });

  it('review and note come with the rule; blank team is the default team', () => {
    const { rules } = parseRules([{ priority: 1, field: 'form.budget_idr', operator: '>=', value: '1000000000', review: true, note: 'big deal' }]);
    expect(rules[0]).toMatchObject({ team: 'default', review: true, note: 'big deal' });
  });
});

describe('parseRules problems, per cell', () => {
  it.each([
    [{ priority: 'first', field: 'name', operator: 'equals', value: 'x' }, 'priority', 'must be a number'],
    [{ priority: 1, field: 'phone_number', operator: 'equals', value: 'x' }, 'field', 'unknown field "phone_number"'],
    [{ priority: 1, field: 'name', operator: 'like', value: 'x' }, 'operator', 'unknown operator "like"'],
    [{ priority: 1, field: 'name', operator: 'matches', value: '([a-z' }, 'value', 'is not a valid regular expression'],
    [{ priority: 1, field: 'name', operator: 'equals', value: '' }, 'value', 'needs a value'],
    [{ priority: 1, field: 'form.budget', operator: '>=', value: 'lots' }, 'value', 'needs a number'],
    [{ priority: 1, field: 'form.', operator: 'equals', value: 'x' }, 'field', 'unknown field'],
  ] as Array<[RuleRow, string, string]>)('%j', (row, column, problem) => {
    const { rules, problems } = parseRules([row], 2);
    expect(rules).toEqual([]);
    expect(problems).toEqual([expect.objectContaining({ row: 2, column })]);
    expect(problems[0]?.problem).toContain(problem);
  });

  it('skips blank rows and numbers rows as the sheet does', () => {
    const { rules, problems } = parseRules([{}, { priority: 1, field: 'name', operator: 'bad', value: 'x' }], 2);
    expect(rules).toEqual([]);
    expect(problems.map((p) => p.row)).toEqual([3]);
  });
});

describe('foldText', () => {
  it.each([
    ['  José   TAN ', 'jose tan'],
    ['Ｆｕｌｌｗｉｄｔｈ', 'fullwidth'],
    ['Crème\tBrûlée', 'creme brulee'],
    ['', ''],
  ])('%j → %j', (text, folded) => expect(foldText(text)).toBe(folded));
});
