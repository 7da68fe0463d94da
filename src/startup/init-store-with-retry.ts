import type { Logger } from '../log.ts';

export interface StoreInit {
  /** Schema changes made at startup, in words. */
  changes: string[];
  /** Stops the background retry (shutdown). */
  cancel(): void;
}

/**
 * Checks the store's schema. A store that cannot be reached right now (5xx, quota, network) must not
 * keep Baton from taking leads into the outbox: it keeps retrying in the background and calls
 * `onReachable` once it works. A store that is misconfigured (no access, wrong id) stops startup with the fix.
 */
export async function initStoreWithRetry(
  init: () => Promise<string[]>,
  options: { log: Logger; retryMs?: number; onReachable: () => void },
): Promise<StoreInit> {
  let timer: NodeJS.Timeout | undefined;
  const cancel = () => clearTimeout(timer);
  try {
    return { changes: await init(), cancel };
  } catch (error) {
    if (!(error as { retryable?: boolean }).retryable) throw error;
    options.log.error({ err: error instanceof Error ? error.message : String(error) }, 'store unavailable at startup; serving anyway, leads go to the outbox');
    const retry = () => {
      timer = setTimeout(() => {
        init()
          .then(() => {
            options.log.info('store reachable again');
            options.onReachable();
          })
          .catch(retry);
      }, options.retryMs ?? 10_000);
      timer.unref();
    };
    retry();
    return { changes: [], cancel };
  }
}
