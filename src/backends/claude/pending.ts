/**
 * Which tool uses a session waits on for approval now, read from its newest event back (no follow needed): the
 * newest status event says whether it waits (`session.status_idle` with `requires_action` names the tool uses);
 * confirmations newer than it, even queued ones, are answers already given; the tool uses named are found further
 * back. Pure: it reads the pages it is handed (the backend lists them through the SDK).
 */
import type { BetaManagedAgentsSessionEventType } from '@anthropic-ai/sdk/resources/beta/sessions/events';
import type { PendingApproval } from '../types';
import type { WireEvent } from './follow';
import { approvalFacts } from './mapping';

/** The event types the reading needs: status changes, confirmations and tool uses (the list filters by them). */
export const PENDING_TYPES: BetaManagedAgentsSessionEventType[] = [
  'session.status_idle',
  'session.status_running',
  'session.status_rescheduled',
  'session.status_terminated',
  'user.tool_confirmation',
  'agent.tool_use',
  'agent.mcp_tool_use',
  'agent.custom_tool_use',
];

const STATUS_TYPES = new Set([
  'session.status_idle',
  'session.status_running',
  'session.status_rescheduled',
  'session.status_terminated',
  'session.deleted',
]);

/** How many events back the tool uses named by the wait are looked for before giving up on the rest. */
export const PENDING_SCAN_MAX = 1_000;

/**
 * The tool uses that wait for approval, oldest first, from pages of events newest first. A named tool use that is
 * not a confirmable one (a custom tool waits for a result, not a yes or no) or is not found is left out.
 */
export async function pendingFromNewest(
  pages: AsyncIterable<readonly WireEvent[]>,
  scanMax = PENDING_SCAN_MAX,
): Promise<PendingApproval[]> {
  const answered = new Set<string>();
  let awaited: string[] | undefined;
  const found = new Map<string, PendingApproval>();
  let scanned = 0;
  for await (const page of pages) {
    for (const event of page) {
      if (++scanned > scanMax) return inOrder(awaited ?? [], found);
      const facts = approvalFacts(event);
      if (awaited === undefined) {
        if (facts?.kind === 'answered') answered.add(facts.id);
        else if (STATUS_TYPES.has(event.type)) {
          // The newest status says it all: only an idle that requires action waits for answers.
          if (facts?.kind !== 'awaits') return [];
          awaited = facts.ids.filter((id) => !answered.has(id));
          if (awaited.length === 0) return [];
        }
      } else if (facts?.kind === 'asks' && awaited.includes(facts.id)) {
        found.set(facts.id, { id: facts.id, tool: facts.tool, input: facts.input });
        if (found.size === awaited.length) return inOrder(awaited, found);
      }
    }
  }
  return inOrder(awaited ?? [], found);
}

function inOrder(awaited: readonly string[], found: ReadonlyMap<string, PendingApproval>): PendingApproval[] {
  return awaited.flatMap((id) => {
    const approval = found.get(id);
    return approval ? [approval] : [];
  });
}
