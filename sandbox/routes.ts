// Every route the sandbox answers, in one table.
import {
  addKey,
  createScriptedRun,
  appendEvent,
  clearFaults,
  getStats,
  queueFault,
  resetStats,
  retryRun,
} from './admin';
import { createAgent, getAgent, listAgents, patchAgent } from './api-agents';
import { getCredential, getMe, getTrigger, listCredentials, listTriggers } from './api-catalog';
import { pollEvents } from './api-events';
import {
  cancelRunHandler,
  createRunHandler,
  getRun,
  listAttempts,
  listCheckpoints,
  listRuns,
} from './api-runs';
import { getProfile, inboxPage, listInboxes } from './chatwoot';
import type { SandboxContext } from './context';
import { apiRoute, type Route } from './router';
import { streamEvents } from './stream';

const api = apiRoute<SandboxContext>;

export const ROUTES: readonly Route[] = [
  api('GET', '/v1/api/me', getMe),
  api('GET', '/v1/api/agents', listAgents),
  api('POST', '/v1/api/agents', createAgent),
  api('GET', '/v1/api/agents/:id', getAgent),
  api('PATCH', '/v1/api/agents/:id', patchAgent),
  api('GET', '/v1/api/runs', listRuns),
  api('POST', '/v1/api/runs', createRunHandler),
  api('GET', '/v1/api/runs/:id', getRun),
  api('POST', '/v1/api/runs/:id/cancel', cancelRunHandler),
  api('GET', '/v1/api/runs/:id/attempts', listAttempts),
  api('GET', '/v1/api/runs/:id/checkpoints', listCheckpoints),
  { ...api('GET', '/v1/api/runs/:id/events', pollEvents), kind: 'events' },
  { ...api('GET', '/v1/api/runs/:id/events/stream', streamEvents), kind: 'stream' },
  api('GET', '/v1/api/triggers', listTriggers),
  api('GET', '/v1/api/triggers/:id', getTrigger),
  api('GET', '/v1/api/credentials', listCredentials),
  api('GET', '/v1/api/credentials/:id', getCredential),
  { ...api('GET', '/api/v1/profile', getProfile), kind: 'other', auth: 'chatwoot' },
  { ...api('GET', '/api/v1/accounts/:id/inboxes', listInboxes), kind: 'other', auth: 'chatwoot' },
  { ...api('GET', '/app/accounts/:id/inbox', inboxPage), kind: 'other', auth: 'none' },
  api('POST', '/_sandbox/runs', createScriptedRun),
  api('POST', '/_sandbox/runs/:id/retry', retryRun),
  api('POST', '/_sandbox/runs/:id/events', appendEvent),
  api('POST', '/_sandbox/faults', queueFault),
  api('DELETE', '/_sandbox/faults', clearFaults),
  api('GET', '/_sandbox/stats', getStats),
  api('POST', '/_sandbox/stats/reset', resetStats),
  api('POST', '/_sandbox/keys', addKey),
];
