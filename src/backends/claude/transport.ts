/**
 * The fetch the SDK sends every Managed Agents request through: undici with the extension's proxy rules, one
 * dispatcher per origin, an end to everything at once on close() (sign-out, key change), and a watch on a stream's
 * bytes. The SDK skips `ping` frames before we see them, so a quiet but healthy stream and a stalled one look the
 * same from its iterator; the watch sees the bytes themselves, heartbeats included.
 */
import type { Dispatcher } from 'undici';
import { closedError } from '../../net/errors';
import { createDispatcher, type ProxySettings } from '../../net/proxy';
import { undici } from '../../net/undici';

/** Request header naming a byte watch; removed before the request leaves. */
export const WATCH_HEADER = 'x-agentos-byte-watch';

export class Transport {
  private readonly dispatchers = new Map<string, Dispatcher>();
  private readonly watches = new Map<string, () => void>();
  private readonly closing = new AbortController();
  private nextWatch = 0;

  constructor(
    private readonly proxy: ProxySettings,
    private readonly host: string,
  ) {}

  get closed(): boolean {
    return this.closing.signal.aborted;
  }

  /** Calls `onBytes` whenever bytes of the response of a request carrying the returned header arrive. */
  watch(onBytes: () => void): { header: Record<string, string>; dispose: () => void } {
    const token = String(++this.nextWatch);
    this.watches.set(token, onBytes);
    return { header: { [WATCH_HEADER]: token }, dispose: () => this.watches.delete(token) };
  }

  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    if (this.closed) throw closedError(this.host);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const headers = new Headers(init?.headers);
    const token = headers.get(WATCH_HEADER);
    headers.delete(WATCH_HEADER);
    const signal = init?.signal ? AbortSignal.any([init.signal, this.closing.signal]) : this.closing.signal;
    const { fetch } = undici();
    const response = (await fetch(url, {
      ...(init as object),
      headers,
      signal,
      dispatcher: this.dispatcherFor(url),
    } as Parameters<typeof fetch>[1])) as unknown as Response;
    const onBytes = token === null ? undefined : this.watches.get(token);
    if (!onBytes || !response.body) return response;
    onBytes();
    const watched = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          onBytes();
          controller.enqueue(chunk);
        },
      }),
    );
    return new Response(watched, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };

  /** Aborts every request and stream at once; later requests fail with a "closed" error. */
  close(): void {
    this.closing.abort(closedError(this.host));
    for (const dispatcher of this.dispatchers.values()) void dispatcher.destroy().catch(() => undefined);
    this.dispatchers.clear();
    this.watches.clear();
  }

  private dispatcherFor(url: string): Dispatcher {
    const origin = new URL(url).origin;
    let dispatcher = this.dispatchers.get(origin);
    if (!dispatcher) {
      dispatcher = createDispatcher(url, this.proxy);
      this.dispatchers.set(origin, dispatcher);
    }
    return dispatcher;
  }
}
