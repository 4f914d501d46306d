// Field names that may hold a secret, and a display copy of JSON with their values hidden. Pure.

const SECRET_NAME =
  /secret|token|password|passwd|api[_-]?key|apikey|auth|bearer|private|signature|hmac|cookie/i;

/** True for a config field name that may hold a secret (its value is never shown). */
export function isSecretField(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** A copy of a JSON value with the values of secret-named fields replaced by `***` (for display). */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > 20 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = isSecretField(k) && v !== null && typeof v !== 'object' ? '***' : redactSecrets(v, depth + 1);
  }
  return out;
}
