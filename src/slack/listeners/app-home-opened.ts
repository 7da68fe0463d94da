import type { App } from '@slack/bolt';
import type { HomePublisher } from '../home-publisher.ts';

/** Opening the Home tab publishes that person's view (Slack shows the last one published meanwhile). */
export function register(app: App, homes: HomePublisher): void {
  app.event('app_home_opened', async ({ event }) => {
    if (event.tab !== 'home' || !event.user) return;
    await homes.opened(event.user);
  });
}
