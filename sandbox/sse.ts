// SSE frame text, exactly as the contract spells it.
import type { RunEventDto } from './types';

export function eventFrame(event: RunEventDto): string {
  return `event: run_event\nid: ${event.seq}\ndata: ${JSON.stringify(event)}\n\n`;
}

export const PING_FRAME = ': ping\n\n';

/** What `malformed:K` injects: a run_event whose data is not JSON (a parser must skip it and go on). */
export const MALFORMED_FRAME = 'event: run_event\ndata: {"seq": oops\n\n';

export function errorFrame(message: string, code: string): string {
  return `event: error\ndata: ${JSON.stringify({ message, code })}\n\n`;
}

export const SSE_HEADERS = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
  // Tells proxies such as nginx not to buffer, so frames arrive as they are written.
  'x-accel-buffering': 'no',
} as const;
