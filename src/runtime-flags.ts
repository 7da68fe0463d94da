import { setFlagsFromString } from 'node:v8';

/**
 * Imported first by the entry points that run Baton. Slack's WebClient calls through fetch,
 * whose HTTP parser (llhttp) is WebAssembly; on the first Slack call V8's optimizing compiler
 * rebuilds that parser in the background and holds ~35 MB of memory for a moment (measured:
 * peak RSS +38 MB vs +3 MB without). Slack answers are a few KB, so the baseline compiler is
 * plenty. An unknown flag is ignored, so a Node without it simply keeps its default.
 */
setFlagsFromString('--liftoff-only');
