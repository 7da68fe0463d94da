import type { Background } from '../core/background.ts';
import type { Clock } from '../core/ports.ts';
import type { BatonMetrics } from '../metrics/baton-metrics.ts';
import type { OpsStatus } from '../ops-status.ts';
import type { UseCaseContext } from './context.ts';
import { runSweep } from './run-sweep.ts';

/**
 * A scheduled sweep with its bookkeeping: /readyz hears how it went, the metrics count and time it,
 * and its DMs run in the background. Returns when the next lead falls due, for the deadline timer.
 */
export function observedSweep(
  ctx: UseCaseContext,
  deps: { background: Background; status: OpsStatus; metrics: BatonMetrics; clock: Clock },
): (trigger: string) => Promise<number | null> {
  const { background, status, metrics, clock } = deps;
  return async (trigger) => {
    const started = process.hrtime.bigint();
    try {
      const { summary, notified } = await runSweep(ctx, trigger);
      background.run(() => notified);
      status.sweepOutcome(trigger, true, summary.line, clock.now());
      metrics.sweeps.inc({ trigger, outcome: 'ok' });
      return summary.nextDueAt;
    } catch (error) {
      status.sweepOutcome(trigger, false, error instanceof Error ? error.message : String(error), clock.now());
      metrics.sweeps.inc({ trigger, outcome: 'error' });
      throw error;
    } finally {
      metrics.sweepDuration.observe(Number(process.hrtime.bigint() - started) / 1e9);
    }
  };
}
