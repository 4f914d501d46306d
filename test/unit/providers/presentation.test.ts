import assert from 'node:assert/strict';
// AgentOS records go through the AgentOS mapping first: the sidebar shows exactly what it showed before the seam.
import {
  runState,
  toAgentInfo,
  toRunInfo,
  toSubRunInfo,
  toTriggerInfo,
} from '../../../src/backends/agentos/mapping';
import { configSummary } from '../../../src/backends/agentos/trigger-summary';
import type { Agent, Run, RunAttempt, Trigger } from '../../../src/backends/agentos/wire';
import { ApiError } from '../../../src/net/errors';
import { minorUnitDigits, moneyText } from '../../../src/util/money';
import { redactSecrets } from '../../../src/util/secrets';
import {
  agentContextValue,
  agentDescription as agentDescriptionOf,
  agentTooltip as agentTooltipOf,
  durationChangesAt,
  escapeMarkdown,
  filterDescription,
  formatDuration,
  hasWord,
  isCancelable,
  localTime,
  relativeTime,
  relativeTimeChangesAt,
  runDescriptionChangesAt as runDescriptionChangesAtOf,
  runContextValue as runContextValueOf,
  runDescription as runDescriptionOf,
  runLabel,
  runTooltip as runTooltipOf,
  shouldNotify as shouldNotifyOf,
  statusIcon as statusIconOf,
  subRunDescription,
  subRunLabel,
  subRunTooltip,
  triggerContextValue as triggerContextValueOf,
  triggerIcon,
  unreachableReason,
} from '../../../src/providers/presentation';
import { isTerminalState } from '../../../src/backends/types';

// The functions as the sidebar calls them, on AgentOS records.
const statusIcon = (status: string) => statusIconOf(runState(status), status);
const isTerminal = (status: string | undefined) =>
  isTerminalState(status === undefined ? undefined : runState(status));
const cancelable = (status: string) => isCancelable(runState(status));
const runDescription = (run: Run, agent: string | undefined, now: number) =>
  runDescriptionOf(toRunInfo(run), agent, now);
const runDescriptionChangesAt = (run: Run, now: number) => runDescriptionChangesAtOf(toRunInfo(run), now);
const runTooltip = (run: Run, agent: string | undefined, now: number) =>
  runTooltipOf(toRunInfo(run), agent, now);
const agentDescription = (agent: Agent, now: number, lastRun?: Run) =>
  agentDescriptionOf(toAgentInfo(agent), now, lastRun && toRunInfo(lastRun));
const agentTooltip = (agent: Agent, now: number, lastRun?: Run) =>
  agentTooltipOf(toAgentInfo(agent), now, lastRun && toRunInfo(lastRun));
const attemptDescription = (attempt: Partial<RunAttempt>, current: boolean) =>
  subRunDescription({
    ...toSubRunInfo({ id: 'x', run_id: 'r', attempt_no: 1, ...attempt } as RunAttempt, undefined),
    current,
  });
const attemptLabel = (attempt: { attempt_no: number }, total: number) =>
  subRunLabel(toSubRunInfo({ id: 'x', run_id: 'r', ...attempt }, undefined), total);
const attemptTooltip = (attempt: RunAttempt) => subRunTooltip(toSubRunInfo(attempt, undefined));
const runContextValue = (run: { status: string }, options: { cancelSupported: boolean }) =>
  runContextValueOf({ state: runState(run.status) }, options);
const triggerContextValue = (trigger: Trigger) => triggerContextValueOf(toTriggerInfo(trigger));
const shouldNotify = (
  previous: string | undefined,
  next: string,
  level: 'off' | 'failuresAndHumanInput' | 'all',
) =>
  shouldNotifyOf(
    previous === undefined ? undefined : { state: runState(previous), status: previous },
    { state: runState(next), status: next },
    level,
  );

const NOW = Date.parse('2025-06-01T12:00:00Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();

describe('sidebar presentation (pure)', () => {
  it('maps every known status to its icon and colour; unknown statuses get a neutral icon', () => {
    assert.deepEqual(statusIcon('running'), { id: 'sync~spin', color: 'charts.blue' });
    assert.deepEqual(statusIcon('completed'), { id: 'pass', color: 'testing.iconPassed' });
    assert.deepEqual(statusIcon('failed'), { id: 'error', color: 'testing.iconFailed' });
    assert.equal(statusIcon('waiting_for_human').id, 'person');
    assert.equal(statusIcon('queued').id, 'clock');
    assert.equal(statusIcon('resumed').id, 'debug-continue');
    assert.equal(statusIcon('cancelled').id, 'circle-slash');
    assert.deepEqual(statusIcon('paused_by_ops'), { id: 'question' });
    assert.equal(statusIcon('RUNNING').id, 'sync~spin');
    const ids = ['queued', 'running', 'resumed', 'waiting_for_human', 'completed', 'failed', 'cancelled'].map(
      (s) => statusIcon(s).id,
    );
    assert.equal(new Set(ids).size, ids.length, 'each known status has its own icon');
  });

  it('terminal and cancelable statuses', () => {
    for (const s of ['completed', 'failed', 'cancelled', 'COMPLETED']) {
      assert.equal(isTerminal(s), true);
      assert.equal(cancelable(s), false);
    }
    for (const s of ['queued', 'running', 'waiting_for_human', 'resumed']) {
      assert.equal(isTerminal(s), false);
      assert.equal(cancelable(s), true);
    }
    assert.equal(isTerminal('mystery'), false);
    assert.equal(cancelable('mystery'), false, 'never offer to cancel what we do not understand');
    assert.equal(isTerminal(undefined), false);
  });

  it('relative times and durations', () => {
    assert.equal(relativeTime(ago(2_000), NOW), 'just now');
    assert.equal(relativeTime(ago(42_000), NOW), '42s ago');
    assert.equal(relativeTime(ago(5 * 60_000), NOW), '5m ago');
    assert.equal(relativeTime(ago(3 * 3_600_000), NOW), '3h ago');
    assert.equal(relativeTime(ago(3 * 86_400_000), NOW), '3d ago');
    assert.equal(relativeTime(ago(-60_000), NOW), 'just now', 'clock skew is not "in -1m"');
    assert.equal(relativeTime('not a date', NOW), '');
    assert.equal(formatDuration(850), '850ms');
    assert.equal(formatDuration(42_000), '42s');
    assert.equal(formatDuration(185_000), '3m 05s');
    assert.equal(formatDuration(2 * 3_600_000 + 7 * 60_000), '2h 07m');
    assert.equal(formatDuration(-1), '');
  });

  it('a titled run (a Managed Agents session) is known by its title; its cost so far is in the description', () => {
    assert.equal(
      runLabel({ id: 'sesn_0123456789', status: 'idle', title: 'Fix the\nflaky test' }),
      'idle · Fix the flaky test',
    );
    assert.match(runLabel({ id: 'r-0123456789abcdef', status: 'running' }), /^running · /);
    const session = {
      ...toRunInfo({ id: 's', status: 'completed', created_at: ago(600_000) }),
      cost: { amount: 0.4213, currency: 'USD' },
    };
    assert.equal(runDescriptionOf(session, 'Coder', NOW), 'Coder · 10m ago · $0.42');
    assert.equal(moneyText({ amount: 0.0042, currency: 'USD' }), '$0.0042');
    assert.equal(moneyText({ amount: 3, currency: 'EUR' }), '3.00 EUR');
    assert.equal(minorUnitDigits('USD'), 2);
    assert.equal(minorUnitDigits('JPY'), 0);
  });

  it('run and agent descriptions: the age of the run, and a duration that says what it is', () => {
    const base: Run = { id: 'r1', status: 'completed', created_at: ago(600_000) };
    const done = { ...base, started_at: ago(600_000), completed_at: ago(535_000) };
    assert.equal(runDescription(done, 'Sales', NOW), 'Sales · 10m ago · took 1m 05s');
    const running = { ...base, status: 'running', started_at: ago(30_000) };
    assert.equal(runDescription(running, 'Sales', NOW), 'Sales · 10m ago · running for 30s');
    const queued = { ...base, status: 'queued' };
    assert.equal(runDescription(queued, undefined, NOW), '10m ago');
    const waiting = { ...base, status: 'waiting_for_human', started_at: ago(300_000) };
    assert.equal(runDescription(waiting, 'Sales', NOW), 'Sales · 10m ago', 'waiting is not running');
    assert.equal(
      runDescription({ ...done, current_attempt_no: 2 }, 'S', NOW),
      'S · 10m ago · took 1m 05s · attempt 2',
    );
    assert.equal(agentDescription({ id: 'a', name: 'A' }, NOW), 'no runs yet');
    assert.equal(
      agentDescription(
        { id: 'a', name: 'A', last_run_status: 'waiting_for_human', last_run_at: ago(120_000) },
        NOW,
      ),
      'waiting for human · 2m ago',
    );
    // The agent's last run as the sidebar knows it wins over the agent's own (older) fields: the Runs view shows
    // the same run with the same age.
    const agent = {
      id: 'a',
      name: 'A',
      last_run_id: 'r1',
      last_run_status: 'running',
      last_run_at: ago(1_000),
    };
    assert.equal(agentDescription(agent, NOW, done), 'completed · 10m ago');
    assert.match(runDescription(done, 'A', NOW), /· 10m ago ·/);
    assert.equal(attemptLabel({ attempt_no: 2 }, 2), 'Attempt 2 of 2');
  });

  it('knows when an age or a running duration next reads differently, to the millisecond', () => {
    // Ages from 0 to 70 days, in uneven steps: the label holds until changesAt, and changes there.
    for (let age = 0; age < 70 * 86_400_000; age = Math.round(age * 1.37 + 777)) {
      const iso = ago(age);
      const at = relativeTimeChangesAt(iso, NOW);
      const label = relativeTime(iso, NOW);
      if (at === Infinity) {
        assert.equal(relativeTime(iso, NOW + 365 * 86_400_000), label, `${label} is for good`);
        continue;
      }
      assert.ok(at > NOW, `${label}: next change ${at - NOW} ms away`);
      assert.equal(relativeTime(iso, at - 1), label, `${label} holds until ${at - NOW} ms from now`);
      assert.notEqual(relativeTime(iso, at), label, `${label} changes ${at - NOW} ms from now`);
    }
    // A clock a little ahead of the server: "just now" until the run is 4.5 s old.
    assert.equal(relativeTimeChangesAt(ago(-3_000), NOW), NOW + 7_500);
    for (let elapsed = 0; elapsed < 5 * 3_600_000; elapsed = Math.round(elapsed * 1.41 + 333)) {
      const start = NOW - elapsed;
      const at = durationChangesAt(start, NOW);
      const label = formatDuration(NOW - start);
      assert.equal(formatDuration(at - 1 - start), elapsed < 1000 ? formatDuration(at - 1 - start) : label);
      assert.notEqual(formatDuration(at - start), label);
    }
    const running: Run = {
      id: 'r',
      status: 'running',
      created_at: ago(3 * 3_600_000),
      started_at: ago(90_500),
    };
    assert.equal(runDescriptionChangesAt(running, NOW), NOW + 500, 'each second while it runs');
    assert.equal(
      runDescriptionChangesAt({ ...running, status: 'completed', completed_at: ago(1_000) }, NOW),
      relativeTimeChangesAt(running.created_at, NOW),
      'finished: only its age changes',
    );
  });

  it('attempt rows count events like the Follow Run panel does', () => {
    assert.equal(
      attemptDescription({ status: 'running', latest_seq: 1560 }, true),
      'current · running · 1,560 events',
    );
    assert.equal(attemptDescription({ status: 'completed', latest_seq: 1 }, false), 'completed · 1 event');
    assert.equal(attemptDescription({ status: 'queued' }, false), 'queued');
  });

  it('tooltips show times in local time, not raw UTC', () => {
    assert.match(
      localTime('2025-06-01T12:00:00Z', { locale: 'en-US', timeZone: 'Asia/Tokyo' }),
      /^Jun 1, 2025, 9:00:00\sPM$/,
    );
    assert.equal(localTime('not a date'), 'not a date');
    const created = ago(600_000);
    const run: Run = {
      id: 'r1',
      status: 'completed',
      created_at: created,
      started_at: created,
      completed_at: ago(535_000),
    };
    const tooltip = runTooltip(run, 'Sales', NOW);
    assert.ok(!tooltip.includes(created), `raw UTC in ${tooltip}`);
    assert.ok(!/\d{4}-\d\d-\d\dT/.test(tooltip), `an ISO timestamp in ${tooltip}`);
    assert.ok(tooltip.includes(escapeMarkdown(`${localTime(created)} (10m ago)`)), tooltip);
    assert.match(tooltip, /Duration: took 1m 05s/);
    const agent = agentTooltip({ id: 'a', name: 'A', last_run_id: 'r1', last_run_at: created }, NOW, run);
    assert.ok(agent.includes(escapeMarkdown(localTime(created))), agent);
    assert.ok(!agent.includes(created));
    const attempt = attemptTooltip({ id: 't1', run_id: 'r1', attempt_no: 1, started_at: created });
    assert.equal(attempt, `Attempt 1 (t1), started ${localTime(created)}`);
  });

  it('contextValue capability words match the when clauses with word boundaries', () => {
    const running = runContextValue({ status: 'running' }, { cancelSupported: true });
    assert.ok(hasWord(running, 'cancelable') && hasWord(running, 'followable') && hasWord(running, 'run'));
    assert.ok(!hasWord(runContextValue({ status: 'completed' }, { cancelSupported: true }), 'cancelable'));
    assert.ok(!hasWord(runContextValue({ status: 'running' }, { cancelSupported: false }), 'cancelable'));
    assert.ok(!hasWord('runs', 'run'), 'no bare substring match');
    assert.ok(hasWord(agentContextValue({ hasChatwoot: true }), 'inbox'));
    assert.ok(!hasWord(agentContextValue({ hasChatwoot: false }), 'inbox'));
    const trigger = (type: string, platform?: string): Trigger => ({
      id: 't',
      agent_id: 'a',
      type,
      config: platform ? { chat_platform: platform } : {},
    });
    assert.ok(hasWord(triggerContextValue(trigger('chatwoot')), 'inbox'));
    assert.ok(hasWord(triggerContextValue(trigger('evolution_whatsapp', 'chatwoot')), 'inbox'));
    assert.ok(!hasWord(triggerContextValue(trigger('evolution_whatsapp', 'evolution')), 'inbox'));
    assert.ok(!hasWord(triggerContextValue(trigger('webhook')), 'inbox'));
  });

  it('trigger icons by type, neutral for unknown types', () => {
    assert.equal(triggerIcon('chatwoot').id, 'comment-discussion');
    assert.equal(triggerIcon('evolution_whatsapp').id, 'device-mobile');
    assert.equal(triggerIcon('webhook').id, 'globe');
    assert.equal(triggerIcon('schedule').id, 'calendar');
    assert.equal(triggerIcon('carrier_pigeon').id, 'zap');
  });

  it('config summaries never show a secret', () => {
    const summary = configSummary('webhook', {
      method: 'POST',
      path: '/hooks/orders',
      secret_ref: 'orders-hmac',
      token: 'tok-123456',
      api_key: 'k-999999',
      password: 'hunter22',
      callback: 'https://user:pw@example.com/cb?token=abc#x',
    });
    assert.match(summary, /^POST · \/hooks\/orders/);
    for (const secret of ['orders-hmac', 'tok-123456', 'k-999999', 'hunter22', 'user:pw', 'token=abc'])
      assert.ok(!summary.includes(secret), `${secret} in "${summary}"`);
    assert.match(summary, /secret set/);
    assert.equal(
      configSummary('schedule', { cron: '0 2 * * *', timezone: 'Europe/Paris' }),
      '0 2 * * * · Europe/Paris',
    );
    assert.equal(
      configSummary('chatwoot', { credential_id: 'c1', inbox_id: 31 }),
      'inbox 31 · credential attached',
    );
    assert.equal(configSummary('x', undefined), '');
  });

  it('redacts secret-named values in JSON shown to people, and escapes Markdown in tooltips', () => {
    assert.deepEqual(redactSecrets({ a: 1, api_token: 'x', nested: [{ password: 'p', ok: 'y' }] }), {
      a: 1,
      api_token: '***',
      nested: [{ password: '***', ok: 'y' }],
    });
    assert.equal(escapeMarkdown('[click](command:x)'), '\\[click\\]\\(command:x\\)');
    const tooltip = agentTooltip(
      { id: 'a1', name: '[x](command:evil)', metadata: { token: 'secret-t' } },
      NOW,
    );
    assert.ok(!tooltip.includes('](command:evil)'));
    assert.ok(!tooltip.includes('secret-t'));
    assert.match(tooltip, /ID: `a1`/);
  });

  it('filter descriptions', () => {
    assert.equal(filterDescription({}), '');
    assert.equal(filterDescription({ status: 'waiting_for_human' }), 'status: waiting for human');
    assert.equal(
      filterDescription({ agentId: 'a-123456789', agentName: 'Sales', status: 'failed' }),
      'agent: Sales · status: failed',
    );
  });

  it('notifications follow the setting', () => {
    assert.equal(shouldNotify('running', 'failed', 'failuresAndHumanInput'), true);
    assert.equal(shouldNotify('running', 'waiting_for_human', 'failuresAndHumanInput'), true);
    assert.equal(shouldNotify('running', 'completed', 'failuresAndHumanInput'), false);
    assert.equal(shouldNotify('running', 'completed', 'all'), true);
    assert.equal(shouldNotify('running', 'failed', 'off'), false);
    assert.equal(shouldNotify(undefined, 'failed', 'all'), false, 'first sight is not a change');
    assert.equal(shouldNotify('completed', 'failed', 'all'), false);
  });

  it('unreachable reasons for the welcome content, by the kind and code of the error (not its words)', () => {
    const unreachable = (code: string) => new ApiError('unreachable', 'Cannot reach h', { code });
    assert.equal(unreachableReason(unreachable('ECONNREFUSED')), 'refused');
    assert.equal(unreachableReason(unreachable('ENOTFOUND')), 'dns');
    assert.equal(unreachableReason(new ApiError('timeout', 'h did not answer within 30 s.')), 'timeout');
    assert.equal(unreachableReason(unreachable('DEPTH_ZERO_SELF_SIGNED_CERT')), 'tls');
    assert.equal(unreachableReason(unreachable('EHOSTUNREACH')), 'other');
    assert.equal(
      unreachableReason(new Error('refused')),
      'other',
      'a message that says "refused" is not enough',
    );
    assert.equal(unreachableReason(undefined), 'other');
  });
});
