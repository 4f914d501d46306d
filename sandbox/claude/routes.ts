// Every route the Managed Agents sandbox answers, in one table (paths as the SDK calls them).
import { apiRoute } from '../router';
import { clearFaults, getStats, resetStats } from '../admin';
import { appendEvents, postScriptedSession, queueFault, tickDeployment } from './admin';
import {
  archiveAgent,
  getAgent,
  getEnvironment,
  listAgents,
  listAgentVersions,
  listEnvironments,
} from './api-catalog';
import {
  getDeployment,
  getRun,
  listDeployments,
  listRuns,
  postArchive,
  postPause,
  postRun,
  postUnpause,
} from './api-deployments';
import { listSessionEvents, listThreadEvents, postEvents, streamSession, streamThread } from './api-events';
import { archiveSession, deleteSession, getSession, listSessions, postSession } from './api-sessions';
import { archiveThread, getThread, listThreads } from './api-threads';
import type { ClaudeContext, ClaudeRoute } from './context';

const api = apiRoute<ClaudeContext>;

export const CLAUDE_ROUTES: readonly ClaudeRoute[] = [
  api('GET', '/v1/agents', listAgents),
  api('GET', '/v1/agents/:id', getAgent),
  api('GET', '/v1/agents/:id/versions', listAgentVersions),
  api('POST', '/v1/agents/:id/archive', archiveAgent),
  api('GET', '/v1/environments', listEnvironments),
  api('GET', '/v1/environments/:id', getEnvironment),
  api('GET', '/v1/sessions', listSessions),
  api('POST', '/v1/sessions', postSession),
  api('GET', '/v1/sessions/:id', getSession),
  api('DELETE', '/v1/sessions/:id', deleteSession),
  api('POST', '/v1/sessions/:id/archive', archiveSession),
  { ...api('GET', '/v1/sessions/:id/events', listSessionEvents), kind: 'events' },
  api('POST', '/v1/sessions/:id/events', postEvents),
  { ...api('GET', '/v1/sessions/:id/events/stream', streamSession), kind: 'stream' },
  api('GET', '/v1/sessions/:id/threads', listThreads),
  api('GET', '/v1/sessions/:id/threads/:tid', getThread),
  api('POST', '/v1/sessions/:id/threads/:tid/archive', archiveThread),
  { ...api('GET', '/v1/sessions/:id/threads/:tid/events', listThreadEvents), kind: 'events' },
  { ...api('GET', '/v1/sessions/:id/threads/:tid/stream', streamThread), kind: 'stream' },
  api('GET', '/v1/deployments', listDeployments),
  api('GET', '/v1/deployments/:id', getDeployment),
  api('POST', '/v1/deployments/:id/run', postRun),
  api('POST', '/v1/deployments/:id/pause', postPause),
  api('POST', '/v1/deployments/:id/unpause', postUnpause),
  api('POST', '/v1/deployments/:id/archive', postArchive),
  api('GET', '/v1/deployment_runs', listRuns),
  api('GET', '/v1/deployment_runs/:id', getRun),
  api('POST', '/_sandbox/claude/faults', queueFault),
  api('DELETE', '/_sandbox/claude/faults', clearFaults),
  api('GET', '/_sandbox/claude/stats', getStats),
  api('POST', '/_sandbox/claude/stats/reset', resetStats),
  api('POST', '/_sandbox/claude/sessions', postScriptedSession),
  api('POST', '/_sandbox/claude/sessions/:id/events', appendEvents),
  api('POST', '/_sandbox/claude/deployments/:id/tick', tickDeployment),
];
