import type { CellValue } from '../../domain/cells.ts';
import { parseRules, type RoutingRule, type RuleProblem, type RuleRow } from '../../domain/policy/rules.ts';
import { HeaderMap } from './table.ts';

/**
 * routing_rules' rows (header first) -> the usable rules and the problems of the others. Read by
 * header name like every tab; unlike Baton's own tabs a missing column stops nothing: the rules
 * that cannot be read are left out (and `npm run doctor` says why), so leads keep flowing.
 */
export function rulesFromRows(rows: readonly (readonly CellValue[])[]): { rules: RoutingRule[]; problems: RuleProblem[] } {
  if (rows.length < 2) return { rules: [], problems: [] };
  const header = new HeaderMap(rows[0] ?? []);
  return parseRules(rows.slice(1).map((row) => header.record(row) as RuleRow));
}
