/**
 * Proxy selection. The extension passes `agentos.http.proxy` (or VS Code's `http.proxy`) and `http.proxyStrictSSL`;
 * without an explicit proxy, HTTPS_PROXY / HTTP_PROXY and NO_PROXY from the environment apply. Custom CAs from
 * NODE_EXTRA_CA_CERTS keep working because we never replace Node's default CA list.
 */
import type { Dispatcher } from 'undici';
import { undici } from './undici';

export interface ProxySettings {
  /** Explicit proxy URL, e.g. `http://proxy.corp:3128`. Empty or absent: use the environment. */
  proxy?: string;
  /** Verify TLS certificates (of the server and of an https proxy). Default true. */
  strictSSL?: boolean;
  /** Hosts that bypass the proxy (NO_PROXY syntax). Default: NO_PROXY / no_proxy from `env`. */
  noProxy?: string;
  /** Environment to read; default process.env. */
  env?: Record<string, string | undefined>;
}

function envValue(env: Record<string, string | undefined>, name: string): string | undefined {
  const v = env[name] ?? env[name.toLowerCase()];
  return v && v.trim() !== '' ? v.trim() : undefined;
}

function defaultPort(protocol: string): string {
  return protocol === 'https:' ? '443' : protocol === 'http:' ? '80' : '';
}

/** True when `target` matches an entry of a NO_PROXY list (`*`, `host`, `.domain`, `*.domain`, `host:port`). */
export function matchesNoProxy(target: URL, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  const host = target.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = target.port || defaultPort(target.protocol);
  for (const rawEntry of noProxy.split(/[\s,]+/)) {
    let entry = rawEntry.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    let entryPort: string | undefined;
    const bracket = entry.match(/^\[([^\]]+)\](?::(\d+))?$/);
    if (bracket) {
      entry = bracket[1] ?? '';
      entryPort = bracket[2];
    } else {
      const m = entry.match(/^([^:]+):(\d+)$/);
      if (m) {
        entry = m[1] ?? '';
        entryPort = m[2];
      }
    }
    if (entryPort && entryPort !== port) continue;
    if (entry.startsWith('*.')) entry = entry.slice(1);
    if (entry.startsWith('.')) {
      if (host.endsWith(entry) || host === entry.slice(1)) return true;
    } else if (host === entry || host.endsWith(`.${entry}`)) {
      return true;
    }
  }
  return false;
}

/** The proxy URL to use for `target`, or undefined for a direct connection. */
export function proxyForUrl(target: string | URL, settings: ProxySettings = {}): string | undefined {
  const url = typeof target === 'string' ? new URL(target) : target;
  const env = settings.env ?? process.env;
  const noProxy = settings.noProxy ?? envValue(env, 'NO_PROXY');
  if (matchesNoProxy(url, noProxy)) return undefined;
  const explicit = settings.proxy?.trim();
  if (explicit) return explicit;
  if (url.protocol === 'https:') return envValue(env, 'HTTPS_PROXY') ?? envValue(env, 'ALL_PROXY');
  return envValue(env, 'HTTP_PROXY') ?? envValue(env, 'ALL_PROXY');
}

/** A proxy URL with any user:password removed, safe for logs. */
export function describeProxy(proxy: string): string {
  try {
    const u = new URL(proxy);
    return `${u.protocol}//${u.host}`;
  } catch {
    return '(invalid proxy URL)';
  }
}

/** Creates the undici dispatcher for requests to `target`: a ProxyAgent when a proxy applies, else an Agent. */
export function createDispatcher(target: string | URL, settings: ProxySettings = {}): Dispatcher {
  const rejectUnauthorized = settings.strictSSL !== false;
  const proxy = proxyForUrl(target, settings);
  if (proxy) {
    let uri: URL;
    try {
      uri = new URL(proxy.includes('://') ? proxy : `http://${proxy}`);
    } catch {
      throw new Error(`The proxy setting is not a valid URL: ${describeProxy(proxy)}`);
    }
    return new (undici().ProxyAgent)({
      uri: uri.href,
      requestTls: { rejectUnauthorized },
      proxyTls: { rejectUnauthorized },
    });
  }
  return new (undici().Agent)({ connect: { rejectUnauthorized } });
}
