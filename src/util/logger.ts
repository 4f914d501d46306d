/**
 * The logger the client and the stream core write to. The extension adapts VS Code's LogOutputChannel to it;
 * tests pass a capturing logger. Nothing here prints to the console.
 */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
}

export const silentLogger: Logger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
};

/** Replaces every occurrence of each secret in `text` with `***`. Secrets shorter than 4 characters are ignored. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue;
    if (out.includes(secret)) out = out.split(secret).join('***');
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret && out.includes(encoded)) out = out.split(encoded).join('***');
  }
  return out;
}

/** Wraps a logger so that no line it writes can contain one of the secrets (read lazily, so a new key applies). */
export function redactingLogger(inner: Logger, secrets: () => readonly (string | undefined)[]): Logger {
  const wrap =
    (fn: (message: string) => void) =>
    (message: string): void =>
      fn(redact(message, secrets()));
  return {
    info: wrap((m) => inner.info(m)),
    warn: wrap((m) => inner.warn(m)),
    error: wrap((m) => inner.error(m)),
    debug: wrap((m) => inner.debug(m)),
  };
}
