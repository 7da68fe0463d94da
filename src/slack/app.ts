import { App, type CustomRoute } from '@slack/bolt';
import type { Logger } from '../log.ts';
import type { UseCaseContext } from '../use-cases/context.ts';
import { boltLogger } from './bolt-logger.ts';
import { register as registerMarkContacted } from './listeners/mark-contacted.ts';

export interface SlackAppOptions {
  token: string;
  /** An xapp- token switches Bolt to Socket Mode: clicks arrive over a WebSocket, no public URL needed. */
  appToken?: string;
  signingSecret: string;
  slackApiUrl?: string;
  port: number;
  routes: CustomRoute[];
  log: Logger;
}

/** Bolt serves Slack's interactivity at /slack/events and Baton's own routes on the same port. */
export function createSlackApp(options: SlackAppOptions, ctx: UseCaseContext): App {
  const app = new App({
    token: options.token,
    ...(options.appToken ? { appToken: options.appToken, socketMode: true } : { signingSecret: options.signingSecret }),
    // In Socket Mode Bolt serves the custom routes (the form webhook, health) on this port too.
    port: options.port,
    customRoutes: options.routes,
    logger: boltLogger(options.log),
    clientOptions: {
      ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
      // A rate-limited DM waits and retries, bounded, instead of the default half hour.
      retryConfig: { retries: 5, factor: 2, minTimeout: 500, maxTimeout: 10_000, randomize: true },
    },
  });
  registerMarkContacted(app, ctx);
  app.error(async (error) => {
    options.log.error({ err: error.message, code: (error as { code?: string }).code }, 'bolt: unhandled listener error');
  });
  return app;
}
