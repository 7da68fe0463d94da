import type { CellValue } from '../cells.ts';
import { cellText } from '../cells.ts';
import { isActiveCell } from '../roster.ts';
import { DEFAULT_TEAM, readNumber } from './read-rep-policy.ts';
import { foldText, labelKey, stripAccents } from './fold-text.ts';

/** The routing_rules tab's columns. */
export const RULE_COLUMNS = ['priority', 'field', 'operator', 'value', 'team', 'review', 'note'] as const;
export type RuleColumn = (typeof RULE_COLUMNS)[number];
export type RuleRow = Partial<Record<RuleColumn, CellValue>>;

export const RULE_FIELDS = ['name', 'email', 'email_domain', 'phone_country', 'company', 'source', 'message'] as const;
export type LeadField = (typeof RULE_FIELDS)[number];
export const RULE_OPERATORS = ['equals', 'in', 'contains', 'starts_with', 'ends_with', 'matches', 'is_empty', '>=', '<='] as const;
export type RuleOperator = (typeof RULE_OPERATORS)[number];

/** Spellings admins reach for first, read as the operator they mean. */
const OPERATOR_ALIASES: Record<string, RuleOperator> = { '=': 'equals', '==': 'equals', 'starts with': 'starts_with', 'ends with': 'ends_with', 'is empty': 'is_empty', regex: 'matches', '≥': '>=', '≤': '<=' };

export interface RoutingRule {
  /** 1-based row in routing_rules, for messages. */
  row: number;
  priority: number;
  /** A lead field, or `form.<label key>` for a submitted form field. */
  field: string;
  operator: RuleOperator;
  /** As typed, for reasons. */
  value: string;
  /** Folded comparison values: one, or the `in` list. */
  values: string[];
  regex?: RegExp;
  number?: number;
  team: string;
  review: boolean;
  note: string;
}

export interface RuleProblem {
  row: number;
  column: RuleColumn;
  problem: string;
}

/** What rules look at: the lead's fields, folded once, and how to reach the rest. */
export interface LeadFacts {
  name: string;
  email: string;
  phone: string;
  phoneValid: boolean;
  company: string;
  source: string;
  message: string;
  /** Submitted form fields by label (intake only; a re-route no longer has them). */
  form?: Readonly<Record<string, string>>;
  /** ISO country of the normalised phone when known already (intake knows it). */
  phoneCountry?: string;
}

/** Reads a number like a form sends it: "1.500.000", "1,500,000", "2.5", "Rp 2000". */
export function readAmount(text: string): number | undefined {
  const compact = text.replace(/[\s\u00a0]/g, '').replace(/^[^\d\-.,]+|[^\d.,]+$/g, '');
  if (/^-?\d{1,3}([.,])\d{3}(\1\d{3})*$/.test(compact) && !/^-?\d{1,3}\.\d{3}$/.test(compact)) return Number(compact.replace(/[.,]/g, ''));
  return readNumber(compact);
}

function normalizeOperator(text: string): RuleOperator | undefined {
  const key = text.trim().toLowerCase();
  if ((RULE_OPERATORS as readonly string[]).includes(key)) return key as RuleOperator;
  return OPERATOR_ALIASES[key] ?? OPERATOR_ALIASES[key.replace(/_/g, ' ')];
}

function normalizeField(text: string): string | undefined {
  const key = text.trim().toLowerCase();
  if ((RULE_FIELDS as readonly string[]).includes(key)) return key;
  if (key.startsWith('form.') && labelKey(key.slice(5))) return `form.${labelKey(key.slice(5))}`;
  return undefined;
}

/**
 * routing_rules rows (header excluded; `firstRow` is the sheet row of the first) -> the rules that
 * can be used, lowest priority first, and a problem for every cell that stops a rule from being
 * used. A rule with a problem is left out until fixed; blank rows are skipped.
 */
export function parseRules(rows: readonly RuleRow[], firstRow = 2): { rules: RoutingRule[]; problems: RuleProblem[] } {
  const rules: RoutingRule[] = [];
  const problems: RuleProblem[] = [];
  rows.forEach((cells, index) => {
    const row = firstRow + index;
    const text = (column: RuleColumn) => cellText(cells[column]);
    if (RULE_COLUMNS.every((column) => text(column) === '')) return;
    const before = problems.length;
    const problem = (column: RuleColumn, what: string) => problems.push({ row, column, problem: what });

    const priority = readNumber(cells.priority);
    if (priority === undefined) problem('priority', `priority "${text('priority')}" must be a number (the lowest matching one wins)`);
    const field = normalizeField(text('field'));
    if (!field) problem('field', `unknown field "${text('field')}"; use one of ${RULE_FIELDS.join(', ')} or form.<label>`);
    const operator = normalizeOperator(text('operator'));
    if (!operator) problem('operator', `unknown operator "${text('operator')}"; use one of ${RULE_OPERATORS.join(', ')}`);
    const value = text('value');
    let regex: RegExp | undefined;
    let number: number | undefined;
    if (operator && operator !== 'is_empty' && value === '') problem('value', `operator ${operator} needs a value`);
    if (operator === 'matches' && value) {
      try {
        regex = new RegExp(stripAccents(value), 'iu');
      } catch (error) {
        problem('value', `"${value}" is not a valid regular expression (${error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : String(error)})`);
      }
    }
    if ((operator === '>=' || operator === '<=') && value) {
      number = readAmount(value);
      if (number === undefined) problem('value', `operator ${operator} needs a number, not "${value}"`);
    }
    if (problems.length > before || !field || !operator || priority === undefined) return;
    const values = operator === 'in' ? value.split(',').map(foldText).filter(Boolean) : [foldText(value)];
    rules.push({
      row,
      priority,
      field,
      operator,
      value,
      values,
      ...(regex ? { regex } : {}),
      ...(number !== undefined ? { number } : {}),
      team: foldText(text('team')) || DEFAULT_TEAM,
      review: isActiveCell(cells.review ?? null),
      note: text('note'),
    });
  });
  rules.sort((a, b) => a.priority - b.priority || a.row - b.row);
  return { rules, problems };
}

/** `phone_country = ID`, `source in a, b`, `email is_empty`: a rule as the audit quotes it. */
export function describeRule(rule: RoutingRule): string {
  return rule.operator === 'is_empty' ? `${rule.field} is_empty` : `${rule.field} ${rule.operator === 'equals' ? '=' : rule.operator} ${rule.value}`;
}

/** The folded value of a field, computed once per lead and only when a rule asks. */
export class FactReader {
  private readonly cache = new Map<string, string>();

  constructor(
    private readonly facts: LeadFacts,
    /** phone digits -> ISO country (libphonenumber lives with the caller, so rule tests need no phone data). */
    private readonly countryOf: (digits: string) => string | undefined,
  ) {}

  /** Undefined when the lead cannot tell (a form field on a re-route). */
  read(field: string): string | undefined {
    const cached = this.cache.get(field);
    if (cached !== undefined) return cached;
    const raw = this.raw(field);
    if (raw === undefined) return undefined;
    const folded = foldText(raw);
    this.cache.set(field, folded);
    return folded;
  }

  private raw(field: string): string | undefined {
    const facts = this.facts;
    switch (field) {
      case 'name':
        return facts.name;
      case 'email':
        return facts.email;
      case 'email_domain': {
        const at = facts.email.lastIndexOf('@');
        return at >= 0 ? facts.email.slice(at + 1) : '';
      }
      case 'phone_country':
        if (facts.phoneCountry !== undefined) return facts.phoneCountry;
        return facts.phoneValid && facts.phone ? (this.countryOf(facts.phone) ?? '') : '';
      case 'company':
        return facts.company;
      case 'source':
        return facts.source;
      case 'message':
        return facts.message;
      default: {
        if (!facts.form) return undefined;
        const label = field.slice(5);
        for (const [name, value] of Object.entries(facts.form)) if (labelKey(name) === label) return value;
        return '';
      }
    }
  }
}

export function ruleMatches(rule: RoutingRule, value: string): boolean {
  const [first = ''] = rule.values;
  switch (rule.operator) {
    case 'equals':
      return value === first;
    case 'in':
      return rule.values.includes(value);
    case 'contains':
      return value.includes(first);
    case 'starts_with':
      return value.startsWith(first);
    case 'ends_with':
      return value.endsWith(first);
    case 'matches':
      return rule.regex ? rule.regex.test(value) : false;
    case 'is_empty':
      return value === '';
    case '>=':
    case '<=': {
      const amount = readAmount(value);
      if (amount === undefined || rule.number === undefined) return false;
      return rule.operator === '>=' ? amount >= rule.number : amount <= rule.number;
    }
  }
}

export interface RuleChoice {
  team: string;
  rule?: RoutingRule;
  /** "rule 2 (phone_country = ID) → team jakarta" or "no rule matched → team default". */
  text: string;
}

/**
 * The lowest-priority rule that matches picks the team; none → the default team. A rule on a form
 * field the lead no longer carries (a re-route) counts as matching when `ownerTeams` includes its
 * team: that rule is the likeliest way the lead reached its owner.
 */
export function chooseTeam(rules: readonly RoutingRule[], facts: FactReader, ownerTeams?: readonly string[]): RuleChoice {
  for (const rule of rules) {
    const value = facts.read(rule.field);
    const matched = value === undefined ? Boolean(ownerTeams?.includes(rule.team)) : ruleMatches(rule, value);
    if (matched) return { team: rule.team, rule, text: `rule ${rule.priority} (${describeRule(rule)}) → team ${rule.team}` };
  }
  return { team: DEFAULT_TEAM, text: rules.length > 0 ? `no rule matched → team ${DEFAULT_TEAM}` : `team ${DEFAULT_TEAM}` };
}
