// A short tour of the Managed Agents sandbox with the official SDK only, as an extension would use it:
//   npm run sandbox                     # in another terminal
//   npx tsx sandbox/claude/example.ts http://127.0.0.1:4010 sandbox-claude-key
// Lists the agents, follows a running session for a few events, then finds a session waiting for a tool
// approval, approves it and prints the agent going on until its turn ends.
import Anthropic from '@anthropic-ai/sdk';
import type { BetaManagedAgentsStreamSessionEvents } from '@anthropic-ai/sdk/resources/beta/sessions/events';

const [baseURL = 'http://127.0.0.1:4010', apiKey = 'sandbox-claude-key'] = process.argv.slice(2);
const client = new Anthropic({ apiKey, baseURL });

function describe(event: BetaManagedAgentsStreamSessionEvents): string {
  switch (event.type) {
    case 'agent.message':
      return (
        event.content
          .map((block) => (block.type === 'text' ? block.text : '[redacted]'))
          .join('')
          .split('\n')[0] ?? ''
      );
    case 'agent.tool_use':
    case 'agent.mcp_tool_use':
      return `${event.name} ${JSON.stringify(event.input)} (${event.evaluated_permission ?? 'allow'})`;
    case 'session.status_idle':
      return event.stop_reason.type;
    case 'session.usage':
      return `$${(Number(event.usage.list_cost?.amount ?? 0) / 100).toFixed(2)} so far`;
    default:
      return '';
  }
}

const print = (event: BetaManagedAgentsStreamSessionEvents): void =>
  console.log(`  ${event.type.padEnd(28)} ${describe(event).slice(0, 100)}`);

async function main(): Promise<void> {
  console.log('Agents:');
  for await (const agent of client.beta.agents.list()) {
    console.log(
      `  ${agent.name} — ${agent.model.id}, version ${agent.version}, ${agent.tools.length} tool set(s)`,
    );
  }

  const running = (await client.beta.sessions.list({ statuses: ['running'], limit: 1 })).data[0];
  if (running) {
    console.log(`\nFollowing “${running.title}” (${running.id}) for 6 events:`);
    const stream = await client.beta.sessions.events.stream(running.id);
    let seen = 0;
    for await (const event of stream) {
      print(event);
      if (++seen >= 6) break; // leaving the loop closes the stream
    }
  }

  // A session waiting for approval is idle, and its last idle event says requires_action.
  for await (const session of client.beta.sessions.list({ statuses: ['idle'] })) {
    const last = (
      await client.beta.sessions.events.list(session.id, {
        types: ['session.status_idle'],
        order: 'desc',
        limit: 1,
      })
    ).data[0];
    if (last?.type !== 'session.status_idle' || last.stop_reason.type !== 'requires_action') continue;
    const pending = last.stop_reason.event_ids;
    console.log(`\n“${session.title}” (${session.id}) waits for approval of:`);
    for await (const event of client.beta.sessions.events.list(session.id, {
      types: ['agent.tool_use', 'agent.mcp_tool_use'],
      order: 'desc',
    })) {
      if (pending.includes((event as { id: string }).id)) print(event);
    }
    // Stream first, then act: nothing the agent does in between is missed.
    const stream = await client.beta.sessions.events.stream(session.id);
    await client.beta.sessions.events.send(session.id, {
      events: pending.map((id) => ({
        type: 'user.tool_confirmation' as const,
        tool_use_id: id,
        result: 'allow' as const,
      })),
    });
    console.log('Approved. The agent goes on:');
    for await (const event of stream) {
      print(event);
      if (event.type === 'session.status_idle') break;
    }
    return;
  }
  console.log('\nNo session is waiting for an approval (was it approved already?).');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
