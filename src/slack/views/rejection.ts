import type { ContactRejection } from '../../domain/decide-contact.ts';
import { clockTime, describeMinutes } from '../../domain/time.ts';
import type { ViewSettings } from './lead-details.ts';
import { mention } from './text.ts';

/** Why a click changed nothing, said to the clicker alone. */
export function rejectionText(rejection: ContactRejection, settings: ViewSettings): string {
  switch (rejection.code) {
    case 'unknown_lead':
      return rejection.leadId
        ? `I can't find lead ${rejection.leadId} in the lead sheet any more; nothing was changed.`
        : `This button doesn't say which lead it is for; nothing was changed.`;
    case 'not_owner':
      return `This lead is assigned to ${mention(rejection.lead.salesSlackId)}; only they can mark it contacted.`;
    case 'rerouted': {
      const lead = rejection.lead;
      const at = clockTime(lead.lastRoutedAt ?? lead.assignedAt ?? 0, settings.timeZone);
      return `This lead was re-routed to ${mention(lead.salesSlackId)} at ${at} after the ${describeMinutes(settings.slaMinutes)} SLA; nothing was changed.`;
    }
    case 'already_contacted':
      return `Already contacted at ${clockTime(rejection.lead.contactedAt ?? 0, settings.timeZone)}; nothing more to do.`;
    case 'not_new':
      return `This lead is ${rejection.lead.stage} now, not NEW; nothing was changed.`;
  }
}
