// The per-attempt event ledger: seq starts at 1, never has gaps, and any seq is found in O(1).
// Two kinds of storage share one numbering: a lazily generated prefix (seq 1..generatedCount, made on demand from
// the seq, so a million-event attempt costs no memory) followed by stored appended events.
import { isTerminalType, type RunEventDto } from './types';

export interface EventBody {
  type: string;
  payload: unknown;
  timestamp: string;
}

export type EventGenerator = (seq: number) => EventBody;

/** Called after events (fromSeq..toSeq) became visible. */
export type AppendListener = (fromSeq: number, toSeq: number) => void;

export class Ledger {
  private generatedCount = 0;
  private readonly stored: RunEventDto[] = [];
  private readonly listeners = new Set<AppendListener>();
  private terminal = false;

  constructor(
    readonly attemptId: string,
    private readonly generator?: EventGenerator,
  ) {}

  get length(): number {
    return this.generatedCount + this.stored.length;
  }

  /** True once a terminal event is in the ledger: nothing may follow it. */
  get finished(): boolean {
    return this.terminal;
  }

  get(seq: number): RunEventDto | undefined {
    if (!Number.isInteger(seq) || seq < 1 || seq > this.length) return undefined;
    if (seq <= this.generatedCount) return this.materialise(seq);
    return this.stored[seq - this.generatedCount - 1];
  }

  /** Events with seq > afterSeq, in order, at most `limit` of them. */
  range(afterSeq: number, limit: number): RunEventDto[] {
    const out: RunEventDto[] = [];
    const last = Math.min(this.length, afterSeq + limit);
    for (let seq = Math.max(afterSeq, 0) + 1; seq <= last; seq++) out.push(this.get(seq) as RunEventDto);
    return out;
  }

  append(type: string, payload: unknown, timestamp = new Date().toISOString()): RunEventDto {
    this.assertOpen();
    const seq = this.length + 1;
    const event: RunEventDto = {
      id: eventId(this.attemptId, seq),
      seq,
      type,
      timestamp,
      attempt_id: this.attemptId,
      payload,
    };
    this.stored.push(event);
    if (isTerminalType(type)) this.terminal = true;
    this.notify(seq, seq);
    return event;
  }

  /** Makes the next `count` generated events visible. Only valid before anything was appended. */
  extend(count: number): void {
    if (count <= 0) return;
    this.assertOpen();
    if (!this.generator || this.stored.length > 0)
      throw new Error('extend() needs a generator and no appended events');
    const from = this.generatedCount + 1;
    this.generatedCount += count;
    if (isTerminalType(this.generator(this.generatedCount).type)) this.terminal = true;
    this.notify(from, this.generatedCount);
  }

  onAppend(listener: AppendListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private materialise(seq: number): RunEventDto {
    const { type, timestamp, payload } = (this.generator as EventGenerator)(seq);
    return { id: eventId(this.attemptId, seq), seq, type, timestamp, attempt_id: this.attemptId, payload };
  }

  private assertOpen(): void {
    if (this.terminal)
      throw new Error(`attempt ${this.attemptId} already ended; nothing may follow a terminal event`);
  }

  private notify(fromSeq: number, toSeq: number): void {
    for (const listener of [...this.listeners]) listener(fromSeq, toSeq);
  }
}

function eventId(attemptId: string, seq: number): string {
  return `${attemptId}:${seq}`;
}
