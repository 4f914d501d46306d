// How a timeline row may look: the icons the webview accepts and the levels. Backends' presenters pick from these.
import type { EventLook } from './types';

export type RowLevel = EventLook['level'];

/** AgentOS's event icons (kept here so the list of allowed icons is one list). */
export const AGENTOS_ICONS: Record<string, string> = {
  RUN_STARTED: 'play-circle',
  RUN_FINISHED: 'pass-filled',
  RUN_FAILED: 'error',
  RUN_CANCELLED: 'circle-slash',
  NODE_STARTED: 'debug-start',
  NODE_FINISHED: 'debug-stop',
  NODE_OUTPUT: 'output',
  LLM_TOKEN: 'comment',
  TOOL_CALL: 'tools',
  TOOL_RESULT: 'check',
  HUMAN_INPUT_REQUESTED: 'person',
  HUMAN_INPUT_RECEIVED: 'person',
  CHECKPOINT: 'save',
};

/** Managed Agents' event icons, by the event type's prefix or whole type. */
export const CLAUDE_ICONS: Record<string, string> = {
  'user.message': 'account',
  'user.interrupt': 'debug-pause',
  'user.tool_confirmation': 'shield',
  'user.custom_tool_result': 'check',
  'user.tool_result': 'check',
  'agent.message': 'comment',
  'agent.thinking': 'lightbulb',
  'agent.tool_use': 'tools',
  'agent.tool_result': 'check',
  'agent.mcp_tool_use': 'plug',
  'agent.mcp_tool_result': 'check',
  'agent.custom_tool_use': 'tools',
  'session.status_running': 'play-circle',
  'session.status_idle': 'debug-pause',
  'session.status_terminated': 'pass-filled',
  'session.deleted': 'trash',
  'session.error': 'error',
  'session.usage': 'graph',
  'span.model_request_start': 'sparkle',
  'span.model_request_end': 'sparkle',
};

/** Every icon name a row can carry (the webview accepts only these). */
export const ROW_ICONS: readonly string[] = [
  ...new Set([
    ...Object.values(AGENTOS_ICONS),
    ...Object.values(CLAUDE_ICONS),
    'warning',
    'circle-small-filled',
    'bug',
    'person',
  ]),
];
