// Pure validation of the Start Run input (no `vscode` import, unit-tested): the text must be JSON; when it is
// not, say where (line and column, 1-based) so the editor can mark the spot. Nothing is sent until it parses.

export type InputCheck =
  { ok: true; value: unknown } | { ok: false; message: string; offset: number; line: number; column: number };
import { errorMessage } from '../net/errors';

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

/**
 * Finds the first place where `text` stops being JSON (RFC 8259), with a short reason. Engines' JSON.parse
 * messages do not always carry a position (V8 often says only `Unexpected token`), so the spot is found here.
 */
export function locateJsonError(text: string): { offset: number; reason: string } | undefined {
  let i = 0;
  const fail = (reason: string, at = i): never => {
    throw { offset: at, reason };
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const describe = () =>
    i >= text.length ? 'unexpected end of the input' : `unexpected ${JSON.stringify(text[i])}`;
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(`${describe()} (expected a value)`);
  };
  const string = () => {
    i++; // opening quote
    while (i < text.length) {
      const c = text[i] as string;
      if (c === '"') return void i++;
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('bad \\u escape in a string');
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else fail('bad escape in a string');
      } else if (c.charCodeAt(0) < 0x20) fail('control character (e.g. a line break) inside a string');
      else i++;
    }
    fail('unterminated string');
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m || m[0] === '-' || m[0] === '') fail(`${describe()} (expected a number)`);
    i += (m as RegExpExecArray)[0].length;
  };
  const value = (depth: number): void => {
    if (depth > 512) fail('nested too deeply');
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"')
          fail(
            text[i] === '}' ? 'trailing comma before }' : `${describe()} (expected a "quoted" property name)`,
          );
        string();
        ws();
        if (text[i] !== ':') fail(`${describe()} (expected ':')`);
        i++;
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') return void i++;
        fail(`${describe()} (expected ',' or '}')`);
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        ws();
        if (text[i] === ']') fail('trailing comma before ]');
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') return void i++;
        fail(`${describe()} (expected ',' or ']')`);
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    fail(c === "'" ? 'single quotes: JSON strings use double quotes' : `${describe()} (expected a value)`);
  };
  try {
    value(0);
    ws();
    if (i < text.length) fail(`${describe()} after the end of the JSON value`);
    return undefined;
  } catch (error) {
    if (error && typeof error === 'object' && 'offset' in error)
      return error as { offset: number; reason: string };
    throw error;
  }
}

/** Parses the run input. Empty text means "no input" (`undefined`). */
export function checkRunInput(text: string): InputCheck {
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const found = locateJsonError(text);
    const raw = errorMessage(error);
    const offset = found?.offset ?? text.length;
    const { line, column } = positionAt(text, offset);
    const reason = found?.reason ?? raw;
    return {
      ok: false,
      offset,
      line,
      column,
      message: `The input is not valid JSON at line ${line}, column ${column}: ${reason}. Nothing was sent.`,
    };
  }
}
