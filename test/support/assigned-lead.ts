import type { Lead, Millis } from '../../src/domain/types.ts';

/**
 * A NEW lead assigned to Ayu (UAYU) at `at`, never routed again nor contacted: the starting point
 * most store and view tests share. Callers name it and override only what their test is about.
 */
export function assignedLead(at: Millis, fields: Pick<Lead, 'leadId' | 'name' | 'phone' | 'email'> & Partial<Lead>): Lead {
  return {
    phoneValid: true,
    company: '',
    source: '',
    message: '',
    stage: 'NEW',
    assignedSales: 'Ayu',
    salesSlackId: 'UAYU',
    routeCount: 0,
    createdAt: at,
    assignedAt: at,
    lastRoutedAt: null,
    contactedAt: null,
    idempotencyKey: '',
    slackChannel: '',
    slackTs: '',
    ownerHistory: ['UAYU'],
    ...fields,
  };
}
