// The connections the extension talks to, each a kind, a name, a base URL (settings) and an API key
// (SecretStorage only), with one backend per signed-in connection and a lifetime that owns everything of it: a
// sign-out or a changed key or URL ends the lifetime (the backend aborts every request and stream at once, follows
// stop, the store drops its slice). Every view and command goes through here.
import * as vscode from 'vscode';
import { createBackend } from '../backends/registry';
import type { Backend, BackendKind } from '../backends/types';
import { isApiError } from '../net/errors';
import type { Logger } from '../util/logger';
import { config } from './config';
import { DEFAULT_CONNECTION_ID, checkBaseUrl, connectionId, secretKeyFor } from './connection-rules';
import { Lifetime } from './lifetime';
import type { SandboxKeyOffer } from './sandbox-key';

export interface Connection {
  readonly id: string;
  readonly kind: BackendKind;
  readonly name: string;
  readonly baseUrl: string;
  /** Managed Agents: the workspace (`anthropic-workspace-id`), for keys that span several. */
  readonly workspaceId?: string;
}

/** The name a Managed Agents connection gets when Sign In is not given one. */
export const DEFAULT_CLAUDE_NAME = 'Claude';

/** How a signed-in connection is doing, as far as the last request to it showed. */
export type ConnectionHealth = 'unknown' | 'ready' | 'unreachable' | 'keyRejected';

export interface ConnectionSession {
  readonly connection: Connection;
  readonly backend: Backend;
  /** Ends (signal aborted, owned disposables disposed) when this session is signed out or replaced. */
  readonly lifetime: Lifetime;
  health: ConnectionHealth;
  lastError?: string;
  /** The error behind `lastError` (its kind and code say why the server is unreachable). */
  lastFailure?: unknown;
}

/** The aggregate shown by the views' welcome content (context key `agentos.state`). */
export type SidebarState = 'signedOut' | 'connecting' | 'ready' | 'unreachable' | 'keyRejected';

export interface SignInRequest {
  baseUrl: string;
  apiKey: string;
  /** Absent: the default connection (`agentos.baseUrl`). Present: a named one in `agentos.connections`. */
  name?: string;
  /** Which system; AgentOS when absent. A Managed Agents connection is always a named one. */
  kind?: BackendKind;
  /** Managed Agents: an optional workspace id. */
  workspaceId?: string;
}

export class Connections implements vscode.Disposable {
  private sessions = new Map<string, ConnectionSession>();
  /** The key each live client was built with, to notice a key changed in another window. Memory only. */
  private readonly keysInUse = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when connections are added, removed or rebuilt, or a connection's health changes. */
  readonly onDidChange = this.changed.event;
  private primaryId?: string;
  private reloading?: Promise<void>;
  private reloadQueued = false;
  private firstLoad: Promise<void>;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: Logger,
    private readonly version: string,
    /** `npm start`'s sandbox key, stored for the default connection before the first load; then forgotten. */
    sandboxKey?: { offer: SandboxKeyOffer; handedOver(start: string): Thenable<void> },
  ) {
    this.firstLoad = (sandboxKey ? this.storeSandboxKey(sandboxKey) : Promise.resolve()).then(() =>
      this.reload(),
    );
  }

  private async storeSandboxKey(sandbox: {
    offer: SandboxKeyOffer;
    handedOver(start: string): Thenable<void>;
  }): Promise<void> {
    try {
      await this.secrets.store(secretKeyFor(DEFAULT_CONNECTION_ID), sandbox.offer.key);
      const claude = sandbox.offer.claude;
      if (claude) await this.secrets.store(secretKeyFor(connectionId(claude.name)), claude.key);
      await sandbox.handedOver(sandbox.offer.start);
      this.log.info(
        sandbox.offer.claude
          ? 'Signed in to the local AgentOS and Managed Agents sandboxes with the keys npm start handed over.'
          : 'Signed in to the local sandbox with the key npm start handed over.',
      );
    } catch (error) {
      this.log.warn(`Could not store the sandbox key: ${(error as Error).message}`);
    }
  }

  /** Resolves once the connections known at start-up are loaded (trees await this, activate() does not). */
  whenLoaded(): Promise<void> {
    return this.firstLoad;
  }

  /** Every configured connection, signed in or not, in settings order (the default one first). */
  configured(): Connection[] {
    const result: Connection[] = [];
    const base = checkBaseUrl(config.baseUrl());
    if (config.baseUrl() && base.ok)
      result.push({
        id: DEFAULT_CONNECTION_ID,
        kind: 'agentos',
        name: hostName(base.url),
        baseUrl: base.url,
      });
    for (const named of config.connections()) {
      const checked = checkBaseUrl(named?.baseUrl ?? '');
      if (!named?.name || !checked.ok) {
        this.log.warn(
          `Ignoring the connection setting ${JSON.stringify(named?.name ?? named)}: ${checked.ok ? 'no name' : checked.message}`,
        );
        continue;
      }
      const connection: Connection = {
        id: connectionId(named.name),
        kind: named.kind === 'claude' ? 'claude' : 'agentos',
        name: named.name,
        baseUrl: checked.url,
      };
      result.push(
        named.kind === 'claude' && named.workspaceId?.trim()
          ? { ...connection, workspaceId: named.workspaceId.trim() }
          : connection,
      );
    }
    return result;
  }

  /** Signed-in connections, in settings order. */
  all(): ConnectionSession[] {
    return [...this.sessions.values()];
  }

  /** A signed-in connection by id; without an id, the primary one (see Switch Connection), else the first. */
  get(id?: string): ConnectionSession | undefined {
    if (id) return this.sessions.get(id);
    return (this.primaryId && this.sessions.get(this.primaryId)) || this.sessions.values().next().value;
  }

  /** Which connection palette commands use when they are not given one. */
  setPrimary(id: string): void {
    this.primaryId = id;
    this.changed.fire();
  }

  state(): SidebarState {
    const sessions = this.all();
    if (sessions.length === 0) return 'signedOut';
    if (sessions.some((s) => s.health === 'ready')) return 'ready';
    if (sessions.some((s) => s.health === 'keyRejected')) return 'keyRejected';
    if (sessions.some((s) => s.health === 'unreachable')) return 'unreachable';
    return 'connecting';
  }

  /** Views report the outcome of their requests here, so the welcome content and root nodes tell the truth. */
  reportSuccess(id: string): void {
    this.setHealth(id, 'ready');
  }

  reportError(id: string, error: unknown): void {
    if (isApiError(error, 'unauthorized')) this.setHealth(id, 'keyRejected', error);
    else if (isApiError(error, 'unreachable') || isApiError(error, 'timeout'))
      this.setHealth(id, 'unreachable', error);
  }

  private setHealth(id: string, health: ConnectionHealth, error?: Error): void {
    const session = this.sessions.get(id);
    const message = error?.message;
    if (!session || (session.health === health && session.lastError === message)) return;
    session.health = health;
    session.lastError = message;
    session.lastFailure = error;
    this.publishState();
    this.changed.fire();
  }

  /**
   * Checks the key against the server, then saves the URL (settings) and the key (SecretStorage).
   * Throws an Error whose message says exactly what was wrong; nothing is saved then.
   */
  async signIn(request: SignInRequest): Promise<Connection> {
    const checked = checkBaseUrl(request.baseUrl);
    if (!checked.ok) throw new Error(checked.message);
    if (!request.apiKey.trim()) throw new Error('The API key is empty.');
    const kind = request.kind ?? 'agentos';
    const name = request.name ?? (kind === 'claude' ? DEFAULT_CLAUDE_NAME : undefined);
    const workspaceId = kind === 'claude' ? request.workspaceId?.trim() || undefined : undefined;
    const backend = this.createBackend(kind, checked.url, request.apiKey.trim(), workspaceId);
    try {
      await backend.check();
    } finally {
      backend.close();
    }
    const id = name ? connectionId(name) : DEFAULT_CONNECTION_ID;
    await this.secrets.store(secretKeyFor(id), request.apiKey.trim());
    if (name) {
      const others = config.connections().filter((c) => connectionId(c.name) !== id);
      const setting = {
        name,
        baseUrl: checked.url,
        ...(kind === 'claude' ? { kind, ...(workspaceId ? { workspaceId } : {}) } : {}),
      };
      await config.setConnections([...others, setting]);
    } else if (config.baseUrl() !== checked.url) {
      await config.setBaseUrl(checked.url);
    }
    await this.reload();
    this.log.info(`Signed in to ${checked.url}`);
    return (
      this.sessions.get(id)?.connection ?? {
        id,
        kind,
        name: name ?? hostName(checked.url),
        baseUrl: checked.url,
      }
    );
  }

  /**
   * Removes the connection's key; its client is closed at once (every request and stream it has open ends) and its
   * nodes disappear. The URL stays in settings for the next sign-in. Returns the connection's name.
   */
  async signOut(id: string): Promise<string> {
    const name =
      this.sessions.get(id)?.connection.name ?? this.configured().find((c) => c.id === id)?.name ?? id;
    await this.secrets.delete(secretKeyFor(id));
    await this.reload();
    this.log.info(`Signed out of ${name}.`);
    return name;
  }

  /** Rebuilds every session from settings and SecretStorage. Serialised: one at a time, the last request wins. */
  reload(): Promise<void> {
    if (this.reloading) {
      this.reloadQueued = true;
      return this.reloading;
    }
    this.reloading = (async () => {
      do {
        this.reloadQueued = false;
        await this.rebuild();
      } while (this.reloadQueued);
    })().finally(() => (this.reloading = undefined));
    return this.reloading;
  }

  private async rebuild(): Promise<void> {
    const next = new Map<string, ConnectionSession>();
    for (const connection of this.configured()) {
      const apiKey = await this.secrets.get(secretKeyFor(connection.id));
      if (!apiKey) continue;
      const old = this.sessions.get(connection.id);
      const unchanged =
        old?.connection.baseUrl === connection.baseUrl &&
        old.connection.kind === connection.kind &&
        old.connection.workspaceId === connection.workspaceId &&
        old.connection.name === connection.name &&
        this.keysInUse.get(connection.id) === apiKey;
      if (old && unchanged) {
        next.set(connection.id, old);
        continue;
      }
      let backend: Backend;
      try {
        backend = this.createBackend(connection.kind, connection.baseUrl, apiKey, connection.workspaceId);
      } catch (error) {
        this.log.warn(`${connection.name}: ${(error as Error).message}`);
        continue;
      }
      const lifetime = new Lifetime();
      lifetime.add({ dispose: () => backend.close() });
      next.set(connection.id, { connection, backend, lifetime, health: 'unknown' });
      this.keysInUse.set(connection.id, apiKey);
    }
    for (const [id, old] of this.sessions) {
      if (next.get(id) === old) continue;
      // The old key goes out of use now: every request and stream it has open ends.
      old.lifetime.dispose();
      if (!next.has(id)) this.keysInUse.delete(id);
    }
    this.sessions = next;
    this.publishState();
    this.changed.fire();
  }

  private createBackend(kind: BackendKind, baseUrl: string, apiKey: string, workspaceId?: string): Backend {
    return createBackend({
      kind,
      baseUrl,
      apiKey,
      workspaceId,
      version: this.version,
      workspaceHeader: config.workspaceHeader(),
      timeoutMs: config.requestTimeoutMs(),
      proxy: { proxy: config.proxy(), strictSSL: config.proxyStrictSSL() },
      logger: this.log,
    });
  }

  private publishState(): void {
    const state = this.state();
    const problem = this.all().find((s) => s.lastError)?.lastError ?? '';
    void vscode.commands.executeCommand('setContext', 'agentos.state', state);
    void vscode.commands.executeCommand('setContext', 'agentos.error', problem);
    void vscode.commands.executeCommand('setContext', 'agentos.multipleConnections', this.sessions.size > 1);
  }

  dispose(): void {
    for (const session of this.sessions.values()) session.lifetime.dispose();
    this.sessions.clear();
    this.keysInUse.clear();
    this.changed.dispose();
  }
}

function hostName(url: string): string {
  return new URL(url).host;
}
