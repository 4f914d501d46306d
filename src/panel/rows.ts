/**
 * A numbered event as a timeline row: how its backend says it looks, and a display copy of its payload that is safe
 * to ship to the webview. And the output channel's line of a row. Pure: no `vscode` import.
 */
import type { EventLook, TimelineEvent } from '../backends/types';
import { payloadJson } from '../util/payload';
import { clockTime } from '../util/text';
import type { Numbered } from './ordinals';
import type { RowDto } from './protocol';

export function toRow({ ordinal, event }: Numbered<TimelineEvent>, look: EventLook): RowDto {
  const { json, pruned } = payloadJson(event.payload);
  const row: RowDto = {
    ord: ordinal,
    cursor: event.cursor,
    // Events without a number of their own (Managed Agents) show the host's ordinal.
    label: event.label || `#${ordinal}`,
    type: event.type,
    ts: event.time.slice(0, 40),
    summary: look.summary,
    icon: look.icon,
    level: look.level,
    json,
    pruned,
  };
  if (look.group !== undefined) row.group = look.group;
  if (look.trace !== undefined) row.trace = look.trace;
  return row;
}

/**
 * The output-channel line of a row: time, number, type, and what it says (`text`, else the summary; left out when
 * it only repeats the type).
 */
export function outputLine(label: string, row: RowDto, text = row.summary): string {
  const says = text && text !== row.type ? ` ${text}` : '';
  return `[${label}] ${clockTime(row.ts)} ${row.label} ${row.type}${says}`;
}
