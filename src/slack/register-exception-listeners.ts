import type { App } from '@slack/bolt';
import type { UseCaseContext } from '../use-cases/context.ts';
import { register as exceptionAck } from './listeners/exception-ack.ts';
import { register as exceptionAssign } from './listeners/exception-assign.ts';
import { register as exceptionAssignSubmit } from './listeners/exception-assign-submit.ts';
import { register as exceptionDismiss } from './listeners/exception-dismiss.ts';
import { register as exceptionDismissSubmit } from './listeners/exception-dismiss-submit.ts';
import { register as markLost } from './listeners/mark-lost.ts';
import { register as markLostSubmit } from './listeners/mark-lost-submit.ts';
import { register as markQualified } from './listeners/mark-qualified.ts';
import { register as markQualifiedSubmit } from './listeners/mark-qualified-submit.ts';
import { register as passLead } from './listeners/pass-lead.ts';

/** Issue 13's listeners: the exception queue's manager actions, stage changes after CONTACTED, passing a lead on. */
export function registerExceptionListeners(app: App, ctx: UseCaseContext): void {
  for (const register of [exceptionAck, exceptionAssign, exceptionAssignSubmit, exceptionDismiss, exceptionDismissSubmit, passLead, markQualified, markQualifiedSubmit, markLost, markLostSubmit]) {
    register(app, ctx);
  }
}
