import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homeViews, type PublishedView } from './views.ts';
import type { Workspace, WorkspaceState } from './workspace.ts';

interface SavedState extends WorkspaceState {
  version: 1;
  homes: PublishedView[];
}

/**
 * Keeps local mode's Slack (users, DMs, every message and Home view) in DATA_DIR, like the
 * Sheets stand-in keeps the sheet: a restart shows the same inboxes, and buttons in old DMs still
 * work. Written at most every 200 ms, to a temp file then renamed, so a crash leaves the old file.
 */
export function persistWorkspace(ws: Workspace, file: string): { flush(): void } {
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as SavedState;
    if (saved.version === 1) {
      ws.restore(saved);
      const views = homeViews(ws);
      for (const home of saved.homes) views.set(home.userId, home);
    }
  }
  let timer: NodeJS.Timeout | undefined;
  const write = () => {
    timer = undefined;
    const state: SavedState = { version: 1, ...ws.snapshot(), homes: [...homeViews(ws).values()] };
    writeFileSync(`${file}.tmp`, JSON.stringify(state));
    renameSync(`${file}.tmp`, file);
  };
  ws.onChange(() => {
    timer ??= setTimeout(write, 200);
  });
  return {
    flush() {
      if (timer) {
        clearTimeout(timer);
        write();
      }
    },
  };
}
