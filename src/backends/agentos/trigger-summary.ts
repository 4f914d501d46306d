// An AgentOS trigger's config in one line (cron and timezone, method and path, platform, whether a credential is
// attached), never the value of a field whose name suggests a secret, never a URL's credentials. Pure.
import { isSecretField } from '../../util/secrets';

/** A URL without user:password@, query or fragment (those can carry tokens). */
function safeUrl(text: string): string {
  try {
    const url = new URL(text);
    return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  } catch {
    return text;
  }
}

function shortValue(value: unknown): string | undefined {
  if (typeof value === 'string') {
    const v = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? safeUrl(value) : value;
    return v.length > 40 ? `${v.slice(0, 39)}…` : v;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/**
 * A one-line summary of a trigger's config: cron and timezone, method and path, platform, and whether a
 * credential is attached — never the value of a field whose name suggests a secret, never a URL's credentials.
 */
export function configSummary(type: string, config: Record<string, unknown> | undefined): string {
  if (!config) return '';
  const parts: string[] = [];
  const used = new Set<string>();
  const take = (key: string, format: (v: string) => string = (v) => v): void => {
    if (used.has(key)) return;
    used.add(key);
    const v = shortValue(config[key]);
    if (v !== undefined && v !== '' && !isSecretField(key)) parts.push(format(v));
  };
  switch (type.toLowerCase()) {
    case 'schedule':
      take('cron');
      take('timezone');
      break;
    case 'webhook':
      take('method');
      take('path');
      break;
    case 'chatwoot':
    case 'evolution_whatsapp':
      take('chat_platform', (v) => `via ${v}`);
      take('instance', (v) => `instance ${v}`);
      take('inbox_id', (v) => `inbox ${v}`);
      break;
  }
  for (const [key, value] of Object.entries(config)) {
    if (parts.length >= 3) break;
    if (used.has(key) || key === 'credential_id' || isSecretField(key) || key.endsWith('_ref')) continue;
    const v = shortValue(value);
    if (v !== undefined && v !== '') parts.push(`${key}: ${v}`);
    used.add(key);
  }
  if (typeof config.credential_id === 'string' || typeof config.credential_id === 'number')
    parts.push('credential attached');
  if (Object.keys(config).some((k) => isSecretField(k) || k.endsWith('_ref'))) parts.push('secret set');
  return parts.join(' · ');
}
