// Answers every tool use a run waits on the same way (Allow All, Deny All), each through the backend's own
// `answerApproval`, and says which went through and which failed and why. One failure does not stop the others:
// each tool use is answered on its own. Pure (no `vscode`): the notification shows what it returns.
import type { Backend, PendingApproval } from '../backends/types';
import { errorMessage } from '../net/errors';

export interface AnswerOutcome {
  answered: PendingApproval[];
  failures: { approval: PendingApproval; error: string }[];
}

export async function answerEach(
  backend: Backend | undefined,
  runId: string,
  pending: readonly PendingApproval[],
  allow: boolean,
  reason?: string,
): Promise<AnswerOutcome> {
  const outcome: AnswerOutcome = { answered: [], failures: [] };
  for (const approval of pending) {
    try {
      if (!backend) throw new Error('Signed out: sign in again to answer.');
      if (!backend.answerApproval) throw new Error('This connection cannot answer approvals.');
      // The run's own stream is its main thread; answers are routed by the tool use's id.
      await backend.answerApproval({ runId, subRunId: runId }, approval.id, allow, reason || undefined);
      outcome.answered.push(approval);
    } catch (error) {
      outcome.failures.push({ approval, error: errorMessage(error) });
    }
  }
  return outcome;
}
