// SSE frame text exactly as the service frames it: an `event:` line with the event's type and one `data:` line
// with its JSON. No `id:` (there is no sequence number), no `retry:`.
import { errorBody } from './errors';

export function frame(type: string, data: unknown): string {
  return `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}

export const PING_FRAME = frame('ping', { type: 'ping' });

/** What `malformed:K` injects: a frame whose data is not JSON (the SDK's JSON.parse throws on it). */
export const MALFORMED_FRAME = 'event: agent.message\ndata: {"type": "agent.message", oops\n\n';

/** What `error-frame:K` injects, as the service reports an overloaded stream; the SDK throws an APIError. */
export const ERROR_FRAME = frame('error', errorBody(529, 'Overloaded'));
