// Pure rules about connections (no `vscode` import, unit-tested): what a valid server URL is, how connections are
// named and identified, and what Sign In says when it fails.
import { isApiError, errorMessage } from '../net/errors';

export type UrlCheck = { ok: true; url: string } | { ok: false; message: string };

/** A server base URL the extension will talk to: http(s), a host, no credentials, no query or fragment. */
export function checkBaseUrl(input: string): UrlCheck {
  const text = input.trim();
  if (text === '')
    return { ok: false, message: 'Enter the AgentOS server URL, for example https://agentos.example.com' };
  let url: URL;
  const noScheme = () => ({
    ok: false as const,
    message: `"${text}" is not a URL. Include the scheme, for example ${withScheme(text)}`,
  });
  try {
    url = new URL(text);
  } catch {
    return noScheme();
  }
  // `localhost:4010` parses as the scheme "localhost:": it is a host and port without a scheme.
  if (!text.includes('://') && hostWithScheme(text)) return noScheme();
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return {
      ok: false,
      message: `The server URL must start with http:// or https:// (not ${url.protocol}//).`,
    };
  }
  if (url.username || url.password) {
    return {
      ok: false,
      message: 'Leave credentials out of the URL: the API key is asked for next and kept in secret storage.',
    };
  }
  if (url.search || url.hash) {
    return { ok: false, message: 'The server URL cannot have a query (?…) or a fragment (#…).' };
  }
  return { ok: true, url: `${url.origin}${url.pathname.replace(/\/+$/, '')}` };
}

/**
 * `agentos.example.com` → `https://agentos.example.com`, `localhost:4010` → `http://localhost:4010`: the input with
 * a scheme, when that makes a real server URL; otherwise undefined (so nonsense never goes into an example).
 */
function hostWithScheme(text: string): string | undefined {
  if (/\s/.test(text) || !/^[a-z0-9[]/i.test(text)) return undefined;
  try {
    const { hostname } = new URL(`http://${text}`);
    const loopback = hostname === 'localhost' || hostname === '[::1]' || hostname.startsWith('127.');
    if (!loopback && !hostname.includes('.') && !hostname.startsWith('[')) return undefined;
    return `${loopback ? 'http' : 'https'}://${text}`;
  } catch {
    return undefined;
  }
}

function withScheme(text: string): string {
  return hostWithScheme(text) ?? 'https://agentos.example.com';
}

/**
 * What Sign In says when the server did not accept the sign-in. The error's own message already names the host
 * for network failures; a rejected key gets a sentence about the key (not "run Sign In": the person is in it).
 */
export function signInFailureMessage(error: unknown, baseUrl: string): string {
  if (isApiError(error, 'unauthorized')) {
    return `${hostOf(baseUrl)} rejected the API key. Check the key and try again.`;
  }
  const message = errorMessage(error);
  return `Could not sign in. ${message}`;
}

/** `host:port` of a URL, or the text itself when it is not one. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * What goes next to a connection's name (tree root, pickers): its host, unless the name already is the host —
 * the default connection is named after it, and `127.0.0.1:4010 127.0.0.1:4010` says nothing twice.
 */
export function connectionDetail(name: string, baseUrl: string): string {
  const host = hostOf(baseUrl);
  return name === host ? '' : host;
}

/** The id of the connection made from the plain `agentos.baseUrl` setting. */
export const DEFAULT_CONNECTION_ID = 'default';

/** A stable id for a named connection. */
export function connectionId(name: string): string {
  return `named:${name.trim().toLowerCase()}`;
}

/** The storage key of a connection's API key in SecretStorage. */
export function secretKeyFor(id: string): string {
  return `agentos.apiKey.${id}`;
}
