// The extension's one log: VS Code's LogOutputChannel, adapted to the Logger the client and stream core expect.
import type * as vscode from 'vscode';
import type { Logger } from '../util/logger';

export function loggerFor(channel: vscode.LogOutputChannel): Logger {
  return {
    info: (message) => channel.info(message),
    warn: (message) => channel.warn(message),
    error: (message) => channel.error(message),
    debug: (message) => channel.debug(message),
  };
}
