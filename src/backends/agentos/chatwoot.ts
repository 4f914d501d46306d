/**
 * "Open the inbox": the Chatwoot inbox URL of an agent, per the contract's algorithm. The pure steps live here
 * (trigger choice, credential-field resolution, URL building); `AgentOsClient.chatwootInboxUrl` runs the whole
 * algorithm, including the profile call that discovers a missing account id.
 */
import { StepError } from '../../net/errors';
import type { Credential, Trigger } from './wire';

export type ChatwootErrorKind =
  'noTrigger' | 'noCredential' | 'credentialIncomplete' | 'accountIdMissing' | 'unreachable' | 'notHttp';

export class ChatwootError extends StepError {
  override readonly name = 'ChatwootError';
  declare readonly kind: ChatwootErrorKind;
  constructor(kind: ChatwootErrorKind, message: string, options?: { cause?: unknown }) {
    super(kind, message, options);
  }
}

export interface ChatwootConfig {
  /** Base URL without one trailing slash. */
  baseUrl: string;
  /** Absent when the credential does not name it; then ask `GET {base}/api/v1/profile`. */
  accountId?: string;
  /** Secret: keep in memory only, for the one call that needs it. */
  apiAccessToken: string;
}

/** A trigger that talks through Chatwoot: type `chatwoot`, or `evolution_whatsapp` with chat_platform chatwoot. */
export function isChatwootTrigger(trigger: Pick<Trigger, 'type' | 'config'>): boolean {
  const type = String(trigger.type).toLowerCase();
  if (type === 'chatwoot') return true;
  return (
    type === 'evolution_whatsapp' && String(trigger.config?.chat_platform ?? '').toLowerCase() === 'chatwoot'
  );
}

/** The agent's Chatwoot trigger: a `chatwoot` one first, else an `evolution_whatsapp` one on Chatwoot. */
export function findChatwootTrigger(triggers: readonly Trigger[]): Trigger | undefined {
  return (
    triggers.find((t) => String(t.type).toLowerCase() === 'chatwoot') ??
    triggers.find((t) => isChatwootTrigger(t))
  );
}

/** The credential id of a Chatwoot trigger, or a ChatwootError('noCredential'). */
export function credentialIdOf(trigger: Trigger): string {
  const id = trigger.config?.credential_id;
  if (typeof id === 'string' && id.trim() !== '') return id;
  if (typeof id === 'number') return String(id);
  throw new ChatwootError(
    'noCredential',
    `The Chatwoot trigger${trigger.name ? ` "${trigger.name}"` : ''} (${trigger.id}) has no credential. Attach a Chatwoot credential to it in AgentOS.`,
  );
}

type Source = Record<string, unknown> | undefined;

function pick(sources: readonly Source[], names: readonly string[]): string | undefined {
  for (const name of names) {
    for (const source of sources) {
      const v = source?.[name];
      if (typeof v === 'string' && v.trim() !== '') return v.trim();
      if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    }
  }
  return undefined;
}

function asRecord(v: unknown): Source {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** Resolves base URL, account id and token from a credential read with values. */
export function resolveChatwootCredential(credential: Credential): ChatwootConfig {
  const publicConfig = asRecord(credential.publicConfig) ?? asRecord(credential['PublicConfig']);
  const data = asRecord(credential.data);
  const values = asRecord(credential.values) ?? asRecord(credential['Values']);
  const sources = [publicConfig, data, values];
  const url = pick(sources, ['url', 'endpoint', 'base_url']);
  const accountId = pick(sources, ['account_id', 'accountId']);
  const token = pick([values, data], ['api_access_token', 'api_key', 'apiKey', 'api_token']);
  const missing: string[] = [];
  if (!url) missing.push('a URL (url / endpoint / base_url)');
  if (!token) missing.push('an API access token (api_access_token / api_key)');
  if (!url || !token) {
    throw new ChatwootError(
      'credentialIncomplete',
      `The Chatwoot credential ${credential.name ? `"${credential.name}" ` : ''}(${credential.id}) has no ${missing.join(' and no ')}.`,
    );
  }
  const baseUrl = url.endsWith('/') ? url.slice(0, -1) : url;
  return { baseUrl, accountId, apiAccessToken: token };
}

/** Throws ChatwootError('notHttp') unless `url` is an absolute http(s) URL. */
export function assertHttpUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ChatwootError('notHttp', `The Chatwoot URL "${url}" is not a valid http(s) URL.`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ChatwootError(
      'notHttp',
      `The Chatwoot URL uses "${parsed.protocol}"; only http and https URLs are opened.`,
    );
  }
  return parsed;
}

/** `accounts[0].id` of a Chatwoot profile answer, as a string. */
export function accountIdFromProfile(profile: unknown): string | undefined {
  const accounts = asRecord(profile)?.['accounts'];
  if (!Array.isArray(accounts) || accounts.length === 0) return undefined;
  const id = asRecord(accounts[0])?.['id'];
  if (typeof id === 'number' || (typeof id === 'string' && id !== '')) return String(id);
  return undefined;
}

/** `{base}/app/accounts/{accountId}/inbox`, checked to be http(s). */
export function buildInboxUrl(baseUrl: string, accountId: string): string {
  const base = baseUrl.endsWith('/') ? baseUrl.slice(0, -1) : baseUrl;
  const url = `${base}/app/accounts/${encodeURIComponent(accountId)}/inbox`;
  assertHttpUrl(url);
  return url;
}

export function noTriggerError(agentId: string): ChatwootError {
  return new ChatwootError(
    'noTrigger',
    `Agent ${agentId} has no Chatwoot trigger (type "chatwoot", or "evolution_whatsapp" with chat_platform "chatwoot").`,
  );
}

export function accountIdMissingError(baseUrl: string, detail?: string): ChatwootError {
  return new ChatwootError(
    'accountIdMissing',
    `The Chatwoot account id is not in the credential and could not be discovered from ${baseUrl}/api/v1/profile${detail ? ` (${detail})` : ''}. Add account_id to the credential.`,
  );
}
