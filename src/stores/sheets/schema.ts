import { EXCEPTION_COLUMNS } from '../../domain/exception-record.ts';
import { LEAD_COLUMNS } from '../../domain/lead-record.ts';
import { RULE_COLUMNS } from '../../domain/policy/rules.ts';

/** The tabs Baton needs and the header cells it reads them by; admins may add more of both. */
export const TABS = {
  roster: { title: 'sales_sheet', headers: ['name', 'email', 'slack_id', 'active'] },
  leads: { title: 'lead_sheet', headers: [...LEAD_COLUMNS] },
  state: { title: 'routing_state_sheet', headers: ['key', 'value'] },
  audit: { title: 'audit_log', headers: ['at', 'event', 'lead_id', 'actor', 'detail'] },
  /** The exception queue (issue 13): one row per exception, updated in place by exception_id. */
  exceptions: { title: 'exceptions', headers: [...EXCEPTION_COLUMNS] },
  /** Routing rules (issue 12): admins' rows, read in the same batchGet as the roster; empty = every lead to the default team. */
  rules: { title: 'routing_rules', headers: [...RULE_COLUMNS] },
} as const;

export type TabName = keyof typeof TABS;
export const TAB_NAMES = Object.keys(TABS) as TabName[];

/** Routing-state keys Baton owns besides `escalated_<lead_id>`. */
export const STATE_KEYS = {
  lastIndex: 'last_index',
  lastSlackId: 'last_slack_id',
  lastCommit: 'last_commit',
  version: 'version',
} as const;
