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

/** Every icon name a row can carry (the webview accepts only these). */
export const ROW_ICONS: readonly string[] = [
  ...new Set([...Object.values(AGENTOS_ICONS), 'warning', 'circle-small-filled', 'bug']),
];
