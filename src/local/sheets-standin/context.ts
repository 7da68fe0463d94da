import type { BatchSettings } from './request-args.ts';
import type { Workbook } from './workbook.ts';

/** What a route handler sees; handlers return the JSON body of a 200 answer or throw ApiError. */
export interface RequestContext {
  wb: Workbook;
  query: URLSearchParams;
  body: unknown;
  settings: BatchSettings;
  /**
   * Record a mutation. Batch handlers work on a clone and pass it here so nothing is visible
   * unless every request in the batch succeeded; in-place handlers validate first and pass nothing.
   */
  commit(next?: Workbook): void;
}
