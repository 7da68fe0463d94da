import type { ChangeSet, LeadStore } from '../core/ports.ts';
import type { BatonMetrics } from './baton-metrics.ts';

/** A store whose commits are counted. Counted after the commit is durable, so a failed write never inflates them. */
export function observeCommits(store: LeadStore, metrics: BatonMetrics): LeadStore {
  return {
    load: (scope) => store.load(scope),
    ...(store.readsByScope ? { readsByScope: true } : {}),
    commit: async (change: ChangeSet) => {
      await store.commit(change);
      metrics.observeCommit(change);
    },
  };
}
