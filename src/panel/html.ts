// The Follow Run panel's HTML: a static skeleton (no run data in it), a strict CSP with a fresh nonce, and the
// bundled script and styles from the extension's own folders. Everything else arrives by postMessage.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export const VIEW_TYPE = 'agentos.followRun';

export function newNonce(): string {
  return randomBytes(18).toString('base64').replace(/[+/=]/g, '');
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    enableForms: false,
    // The timeline is virtualised (bounded DOM), so keeping it alive while hidden is cheap, and a hidden tab
    // comes back exactly as it was, scroll position and expanded rows included.
    retainContextWhenHidden: true,
    localResourceRoots: [
      vscode.Uri.joinPath(extensionUri, 'media'),
      vscode.Uri.joinPath(extensionUri, 'dist'),
    ],
  };
}

/**
 * `probes`: the extension runs its tests, so the webview also loads its probe script (dist/webview-probes.js, built
 * only for development and tests, never packaged), which answers the host's questions about what it shows.
 */
export function getHtml(
  webview: vscode.Webview,
  extensionUri: vscode.Uri,
  nonce: string,
  options: { probes?: boolean } = {},
): string {
  const uri = (...path: string[]): string =>
    webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...path)).toString();
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
    `script-src 'nonce-${nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
    "connect-src 'none'",
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${uri('dist', 'codicons', 'codicon.css')}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${uri('media', 'follow.css')}">
<title>Follow Run</title>
</head>
<body>
<header id="header" class="header">
  <div class="title-row">
    <span class="codicon codicon-pulse title-icon" aria-hidden="true"></span>
    <h1 id="agent" class="agent">Run</h1>
    <span id="status" class="badge" role="status"></span>
    <span id="connection" class="connection" aria-live="polite"></span>
    <span class="spacer"></span>
    <button id="stop" type="button" class="secondary" title="Stop following (the run goes on)"><span class="codicon codicon-debug-pause" aria-hidden="true"></span>Stop</button>
    <button id="resume" type="button" class="secondary" hidden title="Resume following from the last event shown"><span class="codicon codicon-debug-continue" aria-hidden="true"></span>Resume</button>
    <button id="cancel" type="button" class="secondary" hidden title="Cancel this run on the server"><span class="codicon codicon-debug-stop" aria-hidden="true"></span>Cancel Run</button>
    <button id="inbox" type="button" class="secondary" hidden title="Open the agent's Chatwoot inbox"><span class="codicon codicon-inbox" aria-hidden="true"></span>Open Inbox</button>
  </div>
  <div class="meta-row">
    <span>Run <code id="run-id"></code></span>
    <button id="copy-run-id" class="icon-button" type="button" title="Copy run id" aria-label="Copy run id"><span class="codicon codicon-copy" aria-hidden="true"></span></button>
    <span class="sep" aria-hidden="true">·</span>
    <span id="attempt"></span>
    <span class="sep" aria-hidden="true">·</span>
    <span id="elapsed" title="Elapsed time"></span>
    <span class="sep" aria-hidden="true">·</span>
    <span id="count">0 events</span>
    <span id="usage-sep" class="sep" aria-hidden="true" hidden>·</span>
    <span id="usage" title="Tokens in and out, and cost so far" hidden></span>
    <span class="sep" aria-hidden="true">·</span>
    <span id="connection-name" class="muted"></span>
  </div>
  <div id="notice" class="notice" hidden role="status">
    <span id="notice-icon" class="codicon" aria-hidden="true"></span>
    <span id="notice-text" class="notice-text"></span>
    <button id="retry" type="button" class="secondary small" hidden><span class="codicon codicon-refresh" aria-hidden="true"></span><span id="retry-label">Retry</span></button>
    <button id="sign-in" type="button" class="small" hidden><span class="codicon codicon-sign-in" aria-hidden="true"></span>Sign In</button>
  </div>
  <div id="end-note" class="end-note" hidden role="status"></div>
</header>
<section id="steer" class="steer" hidden aria-label="Steer the run">
  <div id="approvals" class="approvals" aria-live="polite"></div>
  <div id="composer" class="composer" role="group" aria-label="Message the agent">
    <textarea id="message" rows="2" placeholder="Message the agent (Ctrl+Enter sends)" aria-label="Message to the agent" spellcheck="true"></textarea>
    <button id="send" type="button"><span class="codicon codicon-send" aria-hidden="true"></span>Send</button>
    <button id="interrupt" type="button" class="secondary" title="Stop what the agent is doing now"><span class="codicon codicon-debug-pause" aria-hidden="true"></span>Interrupt</button>
    <span id="steer-status" class="steer-status" role="status"></span>
  </div>
</section>
<div id="banner" class="banner" hidden role="alert">
  <span class="codicon codicon-info" aria-hidden="true"></span>
  <span id="banner-text"></span>
  <button id="banner-follow" type="button">Follow</button>
  <button id="banner-dismiss" type="button" class="secondary">Dismiss</button>
</div>
<div class="toolbar" role="search">
  <div class="view-toggle" role="group" aria-label="View">
    <button id="view-events" type="button" class="secondary small" aria-pressed="true" title="Every event, in order"><span class="codicon codicon-list-flat" aria-hidden="true"></span>Events</button>
    <button id="view-trace" type="button" class="secondary small" aria-pressed="false" title="Steps, tool calls and messages as a tree, on a time axis"><span class="codicon codicon-list-tree" aria-hidden="true"></span>Trace</button>
  </div>
  <span class="search-box">
    <span class="codicon codicon-search" aria-hidden="true"></span>
    <input id="search" type="search" placeholder="Search events (type, summary, payload)" aria-label="Search events" spellcheck="false" autocomplete="off">
  </span>
  <span id="match-count" class="match-count" aria-live="polite"></span>
  <span id="step-chip" class="step-chip events-only" hidden><span id="step-chip-text"></span><button id="step-chip-clear" type="button" class="icon-button" title="Show every event" aria-label="Clear the step filter"><span class="codicon codicon-close" aria-hidden="true"></span></button></span>
  <div id="types" class="types events-only" role="group" aria-label="Filter by event type"></div>
  <button id="clear-filters" class="link-button events-only" type="button" hidden>Clear filters</button>
  <span class="spacer"></span>
  <button id="save-events" type="button" class="icon-button" title="Save events as JSONL" aria-label="Save events as JSONL"><span class="codicon codicon-save" aria-hidden="true"></span></button>
</div>
<section id="trace" class="trace trace-only" aria-label="Trace">
  <div class="trace-summary-row">
    <span id="trace-summary" class="trace-summary" role="status"></span>
    <span class="spacer"></span>
    <button id="copy-trace" type="button" class="secondary small" title="Copy the trace as Markdown"><span class="codicon codicon-copy" aria-hidden="true"></span>Copy as Markdown</button>
  </div>
  <div id="trace-viewport" class="viewport trace-viewport" tabindex="0" role="tree" aria-label="Run trace">
    <div id="trace-spacer" class="spacer-box"></div>
    <div id="trace-empty" class="empty">Waiting for events…</div>
  </div>
  <div id="trace-typing" class="trace-typing" hidden role="status" aria-live="off"></div>
</section>
<div id="loading" class="loading events-only" hidden role="status">
  <span class="codicon codicon-loading codicon-modifier-spin" aria-hidden="true"></span>
  <span id="loading-text"></span>
</div>
<div id="viewport" class="viewport events-only" tabindex="0" role="tree" aria-label="Run events" aria-multiselectable="false">
  <div id="spacer" class="spacer-box"></div>
  <div id="empty" class="empty">Waiting for events…</div>
</div>
<div id="typing" class="typing events-only" hidden role="status" aria-live="off">
  <span class="codicon codicon-edit" aria-hidden="true"></span>
  <span id="typing-label" class="typing-label"></span>
  <span id="typing-text" class="typing-text"></span>
</div>
<button id="jump" class="jump events-only" type="button" hidden><span class="codicon codicon-arrow-down" aria-hidden="true"></span><span id="jump-text">Jump to latest</span></button>
<div id="live" class="visually-hidden" aria-live="polite"></div>
<script nonce="${nonce}" src="${uri('dist', 'webview.js')}"></script>${options.probes ? `\n<script nonce="${nonce}" src="${uri('dist', 'webview-probes.js')}"></script>` : ''}
</body>
</html>`;
}
