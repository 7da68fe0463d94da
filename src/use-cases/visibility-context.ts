import type { AuditSource, RosterAvailability } from '../core/visibility-ports.ts';
import type { UseCaseContext } from './context.ts';

/** What App Home, /baton, the digest and the report need beyond the routing use cases' context. */
export interface VisibilityContext {
  ctx: UseCaseContext;
  audit: AuditSource;
  availability: RosterAvailability;
  managerIds: readonly string[];
  /** CACHE_SECONDS in ms: how old figures may be. */
  cacheMs: number;
}

export const isManager = (vctx: VisibilityContext, userId: string): boolean => vctx.managerIds.includes(userId);
