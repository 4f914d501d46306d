/**
 * A session's or a sub-agent thread's events through the SDK, as follow.ts reads them: the stream (with a byte
 * watch on its response) and the list in processed order. A session's list is narrowed to the watermark with
 * `created_at[gte]`. A thread's list has no time filter: it is read from its start once, and after that from the
 * page the last read ended in (a page cursor marks a place in the list), so a read costs at most a page more than
 * what is new; follow.ts skips what was delivered.
 */
import type { ManagedAgentsSdk } from './sdk-entry';
import type { EventSource, WireEvent } from './follow';
import type { Transport } from './transport';

/** Events per list page: the most the service allows, so a long history takes few requests. */
const PAGE_SIZE = 1000;

export interface SourceTarget {
  sessionId: string;
  /** A sub-agent thread; undefined for the session's own (primary) stream. */
  threadId?: string;
  /** Ask the stream for previews of messages and thinking (`event_deltas`) for live typing. */
  previews?: boolean;
}

export function sdkEventSource(
  sdk: ManagedAgentsSdk,
  transport: Transport,
  target: SourceTarget,
): EventSource {
  const events = sdk.sessions.events;
  const threads = sdk.sessions.threads.events;
  /** The cursor of the last thread page read to its end by the follow: the next read starts there. */
  let threadPage: string | undefined;
  return {
    async open(signal, onBytes) {
      const watch = transport.watch(onBytes);
      signal.addEventListener('abort', watch.dispose, { once: true });
      const options = { signal, headers: watch.header, maxRetries: 0, timeout: 2_147_483_647 };
      const deltas = target.previews
        ? { event_deltas: ['agent.message', 'agent.thinking'] as ('agent.message' | 'agent.thinking')[] }
        : {};
      const stream = target.threadId
        ? await threads.stream(target.threadId, { session_id: target.sessionId, ...deltas }, options)
        : await events.stream(target.sessionId, deltas, options);
      return stream as AsyncIterable<WireEvent>;
    },
    async *list(since, signal) {
      if (target.threadId) {
        const pages = threads.list(
          target.threadId,
          { session_id: target.sessionId, limit: PAGE_SIZE, ...(threadPage ? { page: threadPage } : {}) },
          { signal },
        );
        let cursor = threadPage;
        for (let page = await pages; ; page = await page.getNextPage()) {
          yield page.getPaginatedItems() as WireEvent[];
          // Resumed: the follow has taken this page, so a later read need not go further back than it.
          threadPage = cursor;
          if (!page.hasNextPage()) return;
          cursor = page.next_page ?? undefined;
        }
      }
      const pages = events.list(
        target.sessionId,
        { order: 'asc', limit: PAGE_SIZE, ...(since === undefined ? {} : { 'created_at[gte]': since }) },
        { signal },
      );
      for (let page = await pages; ; page = await page.getNextPage()) {
        yield page.getPaginatedItems() as WireEvent[];
        if (!page.hasNextPage()) return;
      }
    },
  };
}
