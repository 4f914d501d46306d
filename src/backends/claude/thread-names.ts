/**
 * Sub-agents by name as a follow goes: `session.thread_created` says which agent a thread runs, and a message sent
 * to a thread may name it too; later events of that thread (or sent to it) carry the name, not only the thread id.
 * A thread created before a resume is known by id only until it is named again.
 */
const THREAD_FIELDS = ['session_thread_id', 'to_session_thread_id', 'from_session_thread_id'] as const;

export class ThreadNames {
  private readonly names = new Map<string, string>();

  /** The name of the sub-agent the event belongs to or goes to, when known; learns names on the way. */
  nameFor(event: { type: string; [field: string]: unknown }): string | undefined {
    if (event.type === 'session.thread_created' && typeof event.session_thread_id === 'string') {
      if (typeof event.agent_name === 'string') this.names.set(event.session_thread_id, event.agent_name);
    }
    if (typeof event.to_session_thread_id === 'string' && typeof event.to_agent_name === 'string')
      this.names.set(event.to_session_thread_id, event.to_agent_name);
    for (const field of THREAD_FIELDS) {
      const id = event[field];
      if (typeof id === 'string') return this.names.get(id);
    }
    return undefined;
  }
}
