// Live typing through the seam, against the sandbox over real HTTP: the stream's previews come out as typing, the
// final message closes it, and the events are exactly the session's (a preview is never one).
import assert from 'node:assert/strict';
import type { Backend, FollowBatch } from '../../../../src/backends/types';
import { startSandbox, type Sandbox } from '../../../../sandbox/server';
import { claudeBackend, newSession, sdk } from '../../claude-sandbox/helpers';

describe('Managed Agents live typing over the sandbox', function () {
  this.timeout(30_000);
  let sandbox: Sandbox;
  let backend: Backend;

  before(async () => {
    sandbox = await startSandbox({ port: 0, speed: 20, demo: true, heartbeatMs: 100, log: () => undefined });
    backend = claudeBackend(sandbox);
  });
  after(async () => {
    backend.close();
    await sandbox.close();
  });

  /** Follows a new session that answers `text`, until it idles; everything the follow handed out, in order. */
  async function followTurn(typing: boolean): Promise<{ out: FollowBatch[]; sessionId: string }> {
    const client = sdk(sandbox);
    const sessionId = await newSession(client, { text: 'Summarise the sales data, please.' });
    const out: FollowBatch[] = [];
    const stop = new AbortController();
    for await (const batch of backend.follow(
      { runId: sessionId, subRunId: sessionId },
      undefined,
      { stallTimeoutMs: 5_000, maxReconnects: 3, typing },
      AbortSignal.any([stop.signal, AbortSignal.timeout(25_000)]),
    )) {
      out.push(batch);
      if ('events' in batch && batch.events.some((e) => e.type === 'session.status_idle')) stop.abort();
    }
    return { out, sessionId };
  }

  it('previews come out as typing before the message, the final message closes it, and no preview is an event', async () => {
    const { out, sessionId } = await followTurn(true);
    const events = out.flatMap((batch) => ('events' in batch ? batch.events : []));
    // Previews are handed out as they stream; a final event waits for the list to confirm it, so a message that
    // was previewed is always typed before it comes. (Not every message is: previews are best effort.)
    let typed = '';
    let previewed = 0;
    for (const [index, batch] of out.entries()) {
      if ('typing' in batch) typed = batch.typing && !batch.typing.thinking ? batch.typing.text : '';
      if (!('events' in batch)) continue;
      for (const event of batch.events) {
        if (event.type !== 'agent.message' || typed === '') continue;
        const text = (event.payload as { content: { text: string }[] }).content[0]!.text;
        assert.ok(text.startsWith(typed), `what was typed is the start of the message: ${typed} / ${text}`);
        // Its preview closes with it (what shows next is nothing, or the next request's thinking).
        const next = out[index + 1];
        assert.ok(
          next && 'typing' in next && (next.typing === null || next.typing.thinking),
          `the message closes its typing: ${brief(out)}`,
        );
        previewed++;
        typed = '';
      }
    }
    assert.ok(previewed >= 1, `a message was typed before it came: ${brief(out)}`);
    const listed = (await sdk(sandbox).beta.sessions.events.list(sessionId, { limit: 1000 })).data.map(
      (e) => e.id,
    );
    assert.deepEqual(
      events.map((e) => e.id),
      listed.slice(0, events.length),
      'the events are the session’s, each once; previews are none of them',
    );
    assert.ok(!events.some((e) => e.type === 'event_start' || e.type === 'event_delta'));
  });

  it('with live typing off, the stream is asked for no previews and nothing types', async () => {
    const { out } = await followTurn(false);
    assert.ok(!out.some((b) => 'typing' in b));
    assert.ok(out.some((b) => 'events' in b && b.events.some((e) => e.type === 'agent.message')));
  });
});

/** What a follow handed out, short enough to read in a failure. */
function brief(out: FollowBatch[]): string {
  return JSON.stringify(
    out.map((b) => ('events' in b ? b.events.map((e) => e.type).join(' ') : 'state' in b ? b.state.type : b)),
  );
}
