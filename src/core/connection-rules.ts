// Pure rules about connections (no `vscode` import, unit-tested): what a valid server URL is, and how
// connections are named and identified.

export type UrlCheck = { ok: true; url: string } | { ok: false; message: string };

/** A server base URL the extension will talk to: http(s), a host, no credentials, no query or fragment. */
export function checkBaseUrl(input: string): UrlCheck {
  const text = input.trim();
  if (text === '')
    return { ok: false, message: 'Enter the AgentOS server URL, for example https://agentos.example.com' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: `"${text}" is not a URL. Include the scheme, for example https://${text}` };
  }
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
