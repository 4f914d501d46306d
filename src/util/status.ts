// How a run's status looks, in the sidebar, the quick pick, the status bar and the panel alike: one icon table, one
// label rule. Pure (the webview bundles it too).
import type { RunState } from '../backends/types';

/** A codicon id (with `~spin` where it spins) and an optional theme colour id. */
export interface IconSpec {
  id: string;
  color?: string;
}

/** Status words with an icon of their own, whichever backend says them. */
const WORD_ICONS: Record<string, IconSpec> = {
  resumed: { id: 'debug-continue', color: 'charts.blue' },
  idle: { id: 'debug-pause', color: 'charts.orange' },
  rescheduling: { id: 'sync', color: 'charts.yellow' },
};

const STATE_ICONS: Record<RunState, IconSpec> = {
  queued: { id: 'clock', color: 'charts.yellow' },
  running: { id: 'sync~spin', color: 'charts.blue' },
  waiting: { id: 'person', color: 'charts.orange' },
  completed: { id: 'pass', color: 'testing.iconPassed' },
  failed: { id: 'error', color: 'testing.iconFailed' },
  cancelled: { id: 'circle-slash', color: 'disabledForeground' },
  unknown: { id: 'question' },
};

/**
 * Icon of a run's status: spinning while running, distinct while waiting, a neutral question mark for what is not
 * understood. The state decides; a few status words (`resumed`) have their own.
 */
export function statusIcon(state: RunState | undefined, status?: string): IconSpec {
  if (state === undefined && !status) return { id: 'circle-large-outline' };
  const word = status ? WORD_ICONS[status.toLowerCase()] : undefined;
  return word ?? STATE_ICONS[state ?? 'unknown'];
}

/** `waiting_for_human` → `waiting for human`; unknown statuses are shown as they come. */
export function statusLabel(status: string | null | undefined): string {
  if (typeof status !== 'string' || status === '') return 'no runs yet';
  return status.replace(/_/g, ' ');
}
