// AgentOS events as the host turns them into rows: through the AgentOS mapping and presenter, numbered by their seq
// (the host numbers an AgentOS attempt's events 1, 2, 3… as its seqs go).
import { toTimelineEvent } from '../../../src/backends/agentos/mapping';
import { agentOsPresenter } from '../../../src/backends/agentos/present';
import type { EventLook } from '../../../src/backends/types';
import type { RowDto } from '../../../src/panel/protocol';
import { toRow } from '../../../src/panel/rows';

export interface TestEvent {
  seq: number;
  type?: unknown;
  timestamp?: unknown;
  payload?: unknown;
}

export function lookOf(e: TestEvent): EventLook {
  const event = toTimelineEvent(dto(e));
  return agentOsPresenter.look(event.type, event.payload);
}

export function agentOsRow(e: TestEvent): RowDto {
  const event = toTimelineEvent(dto(e));
  return toRow(
    { ordinal: e.seq, cursor: event.cursor, event },
    agentOsPresenter.look(event.type, event.payload),
  );
}

function dto(e: TestEvent) {
  return {
    id: `e${e.seq}`,
    seq: e.seq,
    type: e.type as string,
    timestamp: e.timestamp as string,
    attempt_id: 'a',
    payload: e.payload,
  };
}
