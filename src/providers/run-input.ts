// Pure validation of the Start Run input (no `vscode` import, unit-tested): the text must be JSON; when it is
// not, say where (line and column, 1-based) so the editor can mark the spot. Nothing is sent until it parses.

export type InputCheck =
  { ok: true; value: unknown } | { ok: false; message: string; offset: number; line: number; column: number };

/** The template the input editor opens with. */
export const RUN_INPUT_TEMPLATE = '{\n  "message": "Hello from VS Code"\n}\n';

/** Line and column (1-based) of a character offset. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  const clamped = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < clamped; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: clamped - lineStart + 1 };
}

/** Offset of a 1-based line and column. */
function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return Math.min(text.length, offset + Math.max(0, column - 1));
}

/** Where JSON.parse says it failed: `position N` (Node 20) or `line L column C` (Node 22); else the end. */
export function errorOffset(text: string, message: string): number {
  const pos = /position (\d+)/.exec(message);
  if (pos) return Number(pos[1]);
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) return offsetOf(text, Number(lc[1]), Number(lc[2]));
  return text.length;
}

/** Parses the run input. Empty text means "no input" (`undefined`). */
export function checkRunInput(text: string): InputCheck {
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const raw = error instanceof Error ? error.message : String(error);
    const offset = errorOffset(text, raw);
    const { line, column } = positionAt(text, offset);
    const reason = raw
      .replace(/^JSON\.parse: /, '')
      .replace(/ in JSON at position \d+.*$/, '')
      .replace(/ \(line \d+ column \d+\)$/, '')
      .replace(/, "[\s\S]*" is not valid JSON$/, '');
    return {
      ok: false,
      offset,
      line,
      column,
      message: `The input is not valid JSON at line ${line}, column ${column}: ${reason}. Nothing was sent.`,
    };
  }
}
