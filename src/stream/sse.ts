/**
 * Byte chunks → SSE frames. A streaming TextDecoder keeps multi-byte UTF-8 characters that are split across
 * chunks intact; eventsource-parser handles CRLF / CR / LF line endings (also split across chunks), multi-line
 * `data:`, comments, `retry:` and a leading BOM.
 */
import { createParser, type EventSourceMessage, type EventSourceParser } from 'eventsource-parser';

export interface SseFrame {
  /** `event:` field; undefined when the frame has none (a plain "message"). */
  event?: string;
  id?: string;
  data: string;
}

export interface SseHandlers {
  onFrame(frame: SseFrame): void;
  /** A comment line (`: ping` heartbeats); the text after the colon and one optional space. */
  onComment?(text: string): void;
  onRetry?(ms: number): void;
  /** A line the parser could not understand (unknown field, bad `retry:`). */
  onParseError?(message: string): void;
}

/** Default cap on buffered text for one frame (characters): a 1 MB event fits comfortably. */
export const DEFAULT_MAX_FRAME_CHARS = 32 * 1024 * 1024;

export class SseDecoder {
  private decoder = new TextDecoder('utf-8');
  private first = true;
  private endsWithCR = false;
  /** The last few characters received, to tell whether the bytes so far end on a frame boundary. */
  private tail = '';
  private readonly parser: EventSourceParser;

  constructor(handlers: SseHandlers, maxFrameChars = DEFAULT_MAX_FRAME_CHARS) {
    const onComment = handlers.onComment;
    const onParseError = handlers.onParseError;
    this.parser = createParser({
      onEvent: handlers.onFrame as (message: EventSourceMessage) => void,
      onComment: onComment ? (text) => onComment(text) : undefined,
      onRetry: handlers.onRetry ? (ms) => handlers.onRetry?.(ms) : undefined,
      onError: (error) => onParseError?.(error.message),
      maxBufferSize: maxFrameChars,
    });
  }

  /** Feeds one chunk of bytes (or already-decoded text). */
  push(chunk: Uint8Array | string): void {
    let text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    if (text.length === 0) return;
    if (this.first) {
      this.first = false;
      // TextDecoder already drops a byte-order mark; text pushed directly may still carry one.
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (text.length === 0) return;
    }
    this.endsWithCR = text.charCodeAt(text.length - 1) === 13;
    this.tail = (this.tail + text).slice(-4);
    this.parser.feed(text);
  }

  /**
   * True when the bytes received so far stop inside a frame (no blank line after the last field): a connection
   * that breaks now has cut a frame in half, as a proxy with a size limit does.
   */
  get midFrame(): boolean {
    return this.tail !== '' && !this.tail.replace(/\r\n?/g, '\n').endsWith('\n\n');
  }

  /** Ends the current stream: flushes the decoder and drops any half-received frame (it was never complete). */
  end(): void {
    const tail = this.decoder.decode();
    if (tail.length > 0) this.push(tail);
    // A CR at the very end is a complete line ending (the parser waits for a possible LF): say so.
    if (this.endsWithCR) this.parser.feed('\n');
    this.reset();
  }

  /** Forgets all partial state, ready for a new connection. */
  reset(): void {
    this.decoder = new TextDecoder('utf-8');
    this.first = true;
    this.endsWithCR = false;
    this.tail = '';
    this.parser.reset();
  }
}

/** Convenience for tests and one-shot use: all frames in a sequence of chunks. */
export function parseSseChunks(chunks: Iterable<Uint8Array | string>): {
  frames: SseFrame[];
  comments: string[];
  retries: number[];
  errors: string[];
} {
  const frames: SseFrame[] = [];
  const comments: string[] = [];
  const retries: number[] = [];
  const errors: string[] = [];
  const decoder = new SseDecoder({
    onFrame: (f) => frames.push({ ...f }),
    onComment: (c) => comments.push(c),
    onRetry: (r) => retries.push(r),
    onParseError: (e) => errors.push(e),
  });
  for (const chunk of chunks) decoder.push(chunk);
  decoder.end();
  return { frames, comments, retries, errors };
}
