// How one firing of a trigger looks under it in the Triggers view (pure, unit-tested in plain Node): when it fired,
// what fired it, the run it started (with that run's status when the sidebar knows it) or, in red, why it started
// none. Times are rendered as of `now`, so the sidebar's clock keeps "2h ago" true.
import type { RunInfo, TriggerRunInfo } from '../backends/types';
import {
  escapeMarkdown,
  localTime,
  relativeTime,
  shortId,
  statusIcon,
  statusLabel,
  type IconSpec,
} from './presentation';

/** `scheduled`, `manual`; an unknown cause as the backend says it. */
export function firedByLabel(firedBy: string | undefined): string {
  switch (firedBy) {
    case 'schedule':
      return 'scheduled';
    case undefined:
      return '';
    default:
      return statusLabel(firedBy);
  }
}

/** When it fired, as an age: `2h ago`. */
export function triggerRunLabel(fired: TriggerRunInfo, now = Date.now()): string {
  return relativeTime(fired.at, now) || fired.at;
}

/** `scheduled · failed: Vault … no longer exists.` or `manual · run 011CDxc6 · idle`. */
export function triggerRunDescription(fired: TriggerRunInfo, run?: RunInfo): string {
  const parts = [firedByLabel(fired.firedBy)];
  if (fired.error) parts.push(`failed: ${oneLine(fired.error)}`);
  else if (fired.runId) {
    parts.push(`run ${run?.title ? oneLine(run.title) : shortId(fired.runId)}`);
    if (run) parts.push(statusLabel(run.status));
  }
  return parts.filter(Boolean).join(' · ');
}

/** Red when it could not start a run; the run's own status icon when known; a plain start icon otherwise. */
export function triggerRunIcon(fired: TriggerRunInfo, run?: RunInfo): IconSpec {
  if (fired.error) return { id: 'error', color: 'testing.iconFailed' };
  if (run) return statusIcon(run.state, run.status);
  return { id: fired.runId ? 'play-circle' : 'circle-large-outline' };
}

export function triggerRunTooltip(
  fired: TriggerRunInfo,
  triggerName: string,
  run: RunInfo | undefined,
  now = Date.now(),
): string {
  const ago = relativeTime(fired.at, now);
  const lines = [
    `**${escapeMarkdown(triggerName)}** fired \`${fired.id}\``,
    `When: ${escapeMarkdown(`${localTime(fired.at)}${ago ? ` (${ago})` : ''}`)}`,
  ];
  const by = firedByLabel(fired.firedBy);
  if (by) lines.push(`Fired: ${escapeMarkdown(by)}`);
  if (fired.error) lines.push(`**Failed:** ${escapeMarkdown(fired.error.slice(0, 500))}`);
  if (fired.runId) {
    const status = run ? ` (${escapeMarkdown(statusLabel(run.status))})` : '';
    lines.push(`Run: \`${fired.runId}\`${status}`, '', 'Click to follow the run.');
  }
  return lines.join('  \n');
}

/** Capability words: followable when it started a run; failed when it could not. */
export function triggerRunContextValue(fired: TriggerRunInfo): string {
  const words = ['triggerRun', 'copyable', 'json'];
  if (fired.runId) words.push('followable');
  if (fired.error) words.push('failed');
  return words.join(' ');
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 119)}…` : flat;
}
