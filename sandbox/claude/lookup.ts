// Finding records from path parameters; anything missing is a 404 not_found_error naming what was asked for.
import { notFound } from '../http';
import type { ClaudeContext } from './context';
import type { AgentRecord, DeploymentRecord, SessionRecord, ThreadRecord } from './records';

export function findAgent(ctx: ClaudeContext, id: string): AgentRecord {
  const agent = ctx.store.agents.get(id);
  if (!agent) throw notFound(`agent ${id}`);
  return agent;
}

export function findSession(ctx: ClaudeContext, id: string): SessionRecord {
  const session = ctx.store.getSession(id);
  if (!session) throw notFound(`session ${id}`);
  return session;
}

export function findThread(session: SessionRecord, id: string): ThreadRecord {
  const thread = session.threads.find((candidate) => candidate.id === id);
  if (!thread) throw notFound(`thread ${id} of session ${session.id}`);
  return thread;
}

export function findDeployment(ctx: ClaudeContext, id: string): DeploymentRecord {
  const deployment = ctx.store.deployments.get(id);
  if (!deployment) throw notFound(`deployment ${id}`);
  return deployment;
}
