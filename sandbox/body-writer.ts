// Writes response text with backpressure, and with the transport faults: `drip` (one byte per write) and
// `split-utf8` (every multi-byte character cut across two writes). Writes are serialised so a heartbeat can never
// land in the middle of a frame that is being dripped.
import type { ServerResponse } from 'node:http';

export type TransportMode = 'normal' | 'drip' | 'split-utf8';

export class BodyWriter {
  private chain: Promise<void> = Promise.resolve();
  private pending = 0;
  private closed = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly mode: TransportMode,
  ) {
    res.once('close', () => (this.closed = true));
  }

  /** True while writes are queued or waiting for the socket to drain. */
  get busy(): boolean {
    return this.pending > 0;
  }

  /** Closed by the peer, destroyed, or already ended by us: nothing more may be written. */
  get isClosed(): boolean {
    return this.closed || this.res.destroyed || this.res.writableEnded;
  }

  /** Ends the response once every queued write is out (a late heartbeat must not write after the end). */
  async end(): Promise<void> {
    await this.write('');
    if (!this.isClosed) this.res.end();
  }

  write(text: string): Promise<void> {
    this.pending++;
    this.chain = this.chain.then(async () => {
      try {
        if (!this.isClosed) await this.writeNow(text);
      } finally {
        this.pending--;
      }
    });
    return this.chain;
  }

  private async writeNow(text: string): Promise<void> {
    if (text === '') return;
    if (this.mode === 'normal') return this.writePiece(text);
    const bytes = Buffer.from(text, 'utf8');
    const cuts = this.mode === 'drip' ? everyByte(bytes.length) : midCharacterCuts(bytes);
    let start = 0;
    for (const cut of [...cuts, bytes.length]) {
      if (this.isClosed) return;
      if (cut <= start) continue;
      await this.writePiece(bytes.subarray(start, cut));
      start = cut;
      // Yield so each piece leaves as its own chunk instead of being coalesced with the next.
      await (this.mode === 'drip' ? nextTick() : sleep(1));
    }
  }

  private async writePiece(piece: string | Buffer): Promise<void> {
    if (this.isClosed) return;
    if (this.res.write(piece)) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.res.off('drain', done);
        this.res.off('close', done);
        resolve();
      };
      this.res.on('drain', done);
      this.res.on('close', done);
    });
  }
}

function everyByte(length: number): number[] {
  return Array.from({ length }, (_, index) => index + 1);
}

/** Offsets just after the first byte of each multi-byte UTF-8 character, i.e. in its middle. */
function midCharacterCuts(bytes: Buffer): number[] {
  const cuts: number[] = [];
  for (let index = 0; index < bytes.length; index++) {
    if (((bytes[index] as number) & 0xc0) === 0xc0) cuts.push(index + 1);
  }
  return cuts;
}

const nextTick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
