/**
 * The output channel's lines for one followed run: one line per meaningful event, every line starting with the
 * run's label so several runs can interleave. A run of single streamed tokens is one line, written when the run of
 * tokens ends (another event, another node, a pause, the end of the follow), not twenty lines a second.
 * Pure: no `vscode` import; the timer is injectable for tests.
 */
import type { EventLook } from '../backends/types';
import type { RowDto } from './protocol';
import { clockTime, oneLine } from '../util/text';
import { outputLine } from './rows';

export interface OutputLineOptions {
  /** Where lines go. */
  write(line: string): void;
  /** A run of tokens that pauses this long is written out. Default 1 500 ms. */
  idleMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/** Characters of joined token text a line shows (the rest is in the panel). */
const TOKEN_TEXT_MAX = 400;

interface TokenRun {
  firstLabel: string;
  lastLabel: string;
  lastOrd: number;
  ts: string;
  group?: string;
  count: number;
  text: string;
}

export class OutputLines {
  private tokens?: TokenRun;
  private timer: unknown;
  private readonly idleMs: number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(
    private readonly label: string,
    private readonly options: OutputLineOptions,
  ) {
    this.idleMs = options.idleMs ?? 1_500;
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  }

  /**
   * One event, in order, with what its look says for the output channel: `token` is the text of a streamed token
   * (undefined for other events), `line` its own shorter text (a message's first line).
   */
  add(row: RowDto, look: Pick<EventLook, 'token' | 'line'> = {}): void {
    const { token } = look;
    if (token !== undefined) {
      const run = this.tokens;
      if (run && run.group === row.group && run.lastOrd === row.ord - 1) {
        run.lastOrd = row.ord;
        run.lastLabel = row.label;
        run.count++;
        if (run.text.length < TOKEN_TEXT_MAX * 2) run.text += token;
      } else {
        this.flush();
        this.tokens = {
          firstLabel: row.label,
          lastLabel: row.label,
          lastOrd: row.ord,
          ts: row.ts,
          group: row.group,
          count: 1,
          text: token,
        };
      }
      this.armTimer();
      return;
    }
    this.flush();
    this.options.write(outputLine(this.label, row, look.line));
  }

  /** Writes out a pending run of tokens (the follow stopped, ended or paused). */
  flush(): void {
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = undefined;
    const run = this.tokens;
    if (!run) return;
    this.tokens = undefined;
    // "#12–57": the last label without its leading "#" when both have one.
    const last = run.firstLabel.startsWith('#') ? run.lastLabel.replace(/^#/, '') : run.lastLabel;
    const seqs = run.count === 1 ? run.firstLabel : `${run.firstLabel}–${last}`;
    const what = run.count === 1 ? 'LLM_TOKEN' : `LLM_TOKEN ×${run.count}`;
    const node = run.group ? ` ${run.group.split(' · ')[0]}:` : '';
    this.options.write(
      `[${this.label}] ${clockTime(run.ts)} ${seqs} ${what}${node} ${JSON.stringify(oneLine(run.text, TOKEN_TEXT_MAX))}`,
    );
  }

  private armTimer(): void {
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = this.setTimer(() => {
      this.timer = undefined;
      this.flush();
    }, this.idleMs);
  }

  dispose(): void {
    this.flush();
  }
}
