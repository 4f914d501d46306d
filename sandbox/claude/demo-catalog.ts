// The demo's agents and environments (always loaded: there is no way to create them through the API) and its
// deployments. Agents carry models, MCP servers, built-in and custom tools, skills, a sub-agent roster, and
// several versions; one agent and one environment are archived.
import type { ClaudeContext } from './context';
import { claudeId } from './ids';
import {
  iso,
  type AgentRecord,
  type AgentVersion,
  type DeploymentRecord,
  type EnvironmentRecord,
} from './records';

const DAY = 86_400_000;

export interface DemoCatalog {
  repo: AgentRecord;
  triage: AgentRecord;
  concierge: AgentRecord;
  coordinator: AgentRecord;
  scout: AgentRecord;
  analyst: AgentRecord;
  production: EnvironmentRecord;
  standard: EnvironmentRecord;
}

const allow = { type: 'always_allow' } as const;
const ask = { type: 'always_ask' } as const;

function toolset(askFor: readonly string[]): Record<string, unknown> {
  return {
    type: 'agent_toolset_20260401',
    configs: askFor.map((name) => ({ name, type: name, enabled: true, permission_policy: ask })),
    default_config: { enabled: true, permission_policy: allow },
  };
}

function mcpToolset(server: string, askFor: readonly string[] = []): Record<string, unknown> {
  return {
    type: 'mcp_toolset',
    mcp_server_name: server,
    configs: askFor.map((name) => ({ name, enabled: true, permission_policy: ask })),
    default_config: { enabled: true, permission_policy: allow },
  };
}

function customTool(
  name: string,
  description: string,
  properties: Record<string, unknown>,
): Record<string, unknown> {
  return {
    type: 'custom',
    name,
    description,
    input_schema: { type: 'object', properties, required: Object.keys(properties).slice(0, 1) },
  };
}

const MCP_URLS: Record<string, string> = {
  github: 'https://api.githubcopilot.com/mcp/',
  sentry: 'https://mcp.sentry.dev/mcp',
  linear: 'https://mcp.linear.app/mcp',
};

interface AgentSpec {
  name: string;
  description: string | null;
  model: AgentVersion['model'];
  system: string;
  mcp?: string[];
  tools: Record<string, unknown>[];
  skills?: AgentVersion['skills'];
  multiagent?: Record<string, unknown> | null;
  metadata?: Record<string, string>;
  /** How many versions exist; earlier ones differ in their system prompt. */
  versions: number;
  daysAgo: number;
}

function addAgent(ctx: ClaudeContext, spec: AgentSpec, now: number): AgentRecord {
  const id = claudeId(ctx.random, 'agent');
  const createdMs = now - spec.daysAgo * DAY;
  const versions: AgentVersion[] = [];
  for (let version = 1; version <= spec.versions; version++) {
    const updated = createdMs + (version - 1) * 3 * DAY;
    versions.push({
      id,
      archived_at: null,
      created_at: iso(createdMs),
      description: spec.description,
      execution_identity: { type: 'service_account' },
      mcp_servers: (spec.mcp ?? []).map((name) => ({ name, type: 'url', url: MCP_URLS[name] as string })),
      metadata: spec.metadata ?? {},
      model: spec.model,
      multiagent: spec.multiagent ?? null,
      name: spec.name,
      skills: spec.skills ?? [],
      system:
        version === spec.versions ? spec.system : `${spec.system}\n\n(Draft ${version}: shorter answers.)`,
      tools: spec.tools,
      type: 'agent',
      updated_at: iso(updated),
      version,
    });
  }
  const agent: AgentRecord = { id, order: ctx.store.takeOrder(), createdMs, versions, archived_at: null };
  ctx.store.addAgent(agent);
  return agent;
}

function addEnvironment(
  ctx: ClaudeContext,
  now: number,
  spec: {
    name: string;
    description: string;
    config: Record<string, unknown>;
    daysAgo: number;
    archived?: boolean;
  },
): EnvironmentRecord {
  const createdMs = now - spec.daysAgo * DAY;
  const environment: EnvironmentRecord = {
    order: ctx.store.takeOrder(),
    createdMs,
    wire: {
      id: claudeId(ctx.random, 'env'),
      archived_at: spec.archived ? iso(createdMs + 20 * DAY) : null,
      config: spec.config,
      created_at: iso(createdMs),
      description: spec.description,
      metadata: { team: 'platform' },
      name: spec.name,
      type: 'environment',
      updated_at: iso(createdMs + DAY),
      scope: 'organization',
    },
  };
  ctx.store.addEnvironment(environment);
  return environment;
}

const packages = (npm: string[], pip: string[]): Record<string, unknown> => ({
  type: 'packages',
  apt: [],
  cargo: [],
  gem: [],
  go: [],
  npm,
  pip,
});

export function loadCatalog(ctx: ClaudeContext, now: number): DemoCatalog {
  // Oldest first: creation order is list order.
  addEnvironment(ctx, now, {
    name: 'Old staging',
    description: 'Replaced by “Production sandbox”.',
    config: { type: 'cloud', networking: { type: 'unrestricted' }, packages: packages([], []) },
    daysAgo: 120,
    archived: true,
  });

  const production = addEnvironment(ctx, now, {
    name: 'Production sandbox',
    description: 'Limited egress: GitHub, Sentry and package registries only.',
    config: {
      type: 'cloud',
      networking: {
        type: 'limited',
        allow_mcp_servers: true,
        allow_package_managers: true,
        allowed_hosts: ['github.com', 'api.github.com', 'sentry.io'],
      },
      packages: packages(['typescript', 'eslint'], ['pandas']),
    },
    daysAgo: 90,
  });
  const standard = addEnvironment(ctx, now, {
    name: 'Default',
    description: 'Unrestricted networking, no extra packages.',
    config: { type: 'cloud', networking: { type: 'unrestricted' }, packages: packages([], []) },
    daysAgo: 80,
  });
  addEnvironment(ctx, now, {
    name: 'On-prem runner',
    description: 'Tools run on our own worker (self-hosted).',
    config: { type: 'self_hosted' },
    daysAgo: 60,
  });
  const legacy = addAgent(
    ctx,
    {
      name: 'Legacy Nightly Bot',
      description: 'Superseded by Repo Maintainer.',
      model: { id: 'claude-sonnet-4-5' },
      system: 'You run the nightly checks.',
      tools: [toolset([])],
      versions: 1,
      daysAgo: 70,
    },
    now,
  );
  legacy.archived_at = iso(now - 30 * DAY);
  const scout = addAgent(
    ctx,
    {
      name: 'Literature Scout 📚',
      description: 'Finds and summarises papers, posts and docs.',
      model: { id: 'claude-sonnet-4-5', speed: 'standard' },
      system: 'You search the web and summarise sources with citations.',
      tools: [toolset([])],
      versions: 1,
      daysAgo: 50,
    },
    now,
  );
  const analyst = addAgent(
    ctx,
    {
      name: 'Data Analyst — 数据分析',
      description: 'Runs pandas and SQL over exports; answers with tables.',
      model: { id: 'claude-sonnet-5', effort: { type: 'medium' }, speed: 'standard' },
      system: 'You analyse data with Python and SQL. Answer with a table, then the caveats.',
      tools: [toolset(['bash'])],
      skills: [{ skill_id: 'xlsx', type: 'anthropic', version: '20260401' }],
      versions: 1,
      daysAgo: 45,
    },
    now,
  );
  const repo = addAgent(
    ctx,
    {
      name: 'Repo Maintainer 🛠️',
      description: 'Keeps acme/shop healthy: CI failures, dependency bumps, small fixes.',
      model: { id: 'claude-opus-4-7', effort: { type: 'high' }, speed: 'standard' },
      system: 'You maintain the acme/shop repository. Ask before pushing or writing files.',
      mcp: ['github'],
      tools: [toolset(['bash', 'write']), mcpToolset('github', ['create_pull_request'])],
      skills: [{ skill_id: 'docx', type: 'anthropic', version: '20260401' }],
      metadata: { team: 'web', owner: 'zoë' },
      versions: 3,
      daysAgo: 40,
    },
    now,
  );
  const triage = addAgent(
    ctx,
    {
      name: 'Incident Triage',
      description: 'Groups Sentry issues, links them to Linear tickets, drafts postmortems.',
      model: { id: 'claude-sonnet-4-6', speed: 'standard' },
      system: 'You triage production incidents. Be precise about timelines.',
      mcp: ['sentry', 'linear'],
      tools: [toolset([]), mcpToolset('sentry'), mcpToolset('linear')],
      metadata: { team: 'sre', oncall: 'true' },
      versions: 2,
      daysAgo: 35,
    },
    now,
  );
  const concierge = addAgent(
    ctx,
    {
      name: 'Support Concierge 🛎️',
      description: 'Answers customers in their language; looks orders up through our backend.',
      model: { id: 'claude-haiku-4-5', speed: 'fast' },
      system: 'Réponds dans la langue du client. 丁寧に答えてください。',
      tools: [
        customTool('lookup_order', 'Look an order up by id.', {
          order_id: { type: 'string' },
          include: { type: 'array' },
        }),
        customTool('refund_payment', 'Refund an order (needs a human check).', {
          order_id: { type: 'string' },
          amount: { type: 'string' },
        }),
      ],
      metadata: { channel: 'chat' },
      versions: 1,
      daysAgo: 30,
    },
    now,
  );
  const coordinator = addAgent(
    ctx,
    {
      name: 'Research Coordinator',
      description: 'Splits research questions between specialist sub-agents.',
      model: { id: 'claude-opus-4-6', effort: { type: 'xhigh' } },
      system: 'You coordinate specialists and write the synthesis.',
      tools: [toolset([])],
      multiagent: {
        type: 'coordinator',
        agents: [
          { type: 'agent', id: scout.id, version: 1 },
          { type: 'agent', id: analyst.id, version: 1 },
        ],
      },
      versions: 2,
      daysAgo: 20,
    },
    now,
  );
  return { repo, triage, concierge, coordinator, scout, analyst, production, standard };
}

export interface DemoDeployments {
  nightly: DeploymentRecord;
  triage: DeploymentRecord;
  digest: DeploymentRecord;
  research: DeploymentRecord;
}

function addDeployment(
  ctx: ClaudeContext,
  now: number,
  spec: Pick<
    DeploymentRecord,
    'name' | 'description' | 'schedule' | 'status' | 'paused_reason' | 'failure'
  > & {
    agent: AgentRecord;
    environment: EnvironmentRecord;
    prompt: string;
  },
): DeploymentRecord {
  const createdMs = now - 25 * DAY;
  const deployment: DeploymentRecord = {
    id: claudeId(ctx.random, 'depl'),
    order: ctx.store.takeOrder(),
    createdMs,
    updatedMs: createdMs,
    agent: { id: spec.agent.id, type: 'agent', version: spec.agent.versions.length },
    archived_at: null,
    description: spec.description,
    environment_id: spec.environment.wire.id,
    initial_events: [{ type: 'user.message', content: [{ type: 'text', text: spec.prompt }] }],
    metadata: { source: 'demo' },
    name: spec.name,
    paused_reason: spec.paused_reason,
    schedule: spec.schedule,
    lastScheduledRunMs: null,
    status: spec.status,
    failure: spec.failure,
  };
  ctx.store.addDeployment(deployment);
  return deployment;
}

export function loadDeployments(ctx: ClaudeContext, catalog: DemoCatalog, now: number): DemoDeployments {
  const cron = (expression: string, timezone: string) => ({ type: 'cron' as const, expression, timezone });
  return {
    nightly: addDeployment(ctx, now, {
      name: 'Nightly dependency report',
      description: 'Checks outdated and vulnerable dependencies every night.',
      agent: catalog.repo,
      environment: catalog.production,
      prompt: 'Run the nightly dependency audit and summarise what needs a bump. 🔍',
      schedule: cron('0 2 * * *', 'Europe/Berlin'),
      status: 'active',
      paused_reason: null,
      failure: null,
    }),
    triage: addDeployment(ctx, now, {
      name: 'Weekday triage sweep',
      description: 'Morning sweep of new Sentry issues, before stand-up.',
      agent: catalog.triage,
      environment: catalog.production,
      prompt: 'Triage the Sentry issues opened since yesterday and link them to Linear.',
      schedule: cron('30 8 * * 1-5', 'America/New_York'),
      status: 'active',
      paused_reason: null,
      failure: null,
    }),
    digest: addDeployment(ctx, now, {
      name: 'Inbox digest',
      description: 'Every three hours: a digest of open customer conversations.',
      agent: catalog.concierge,
      environment: catalog.standard,
      prompt: 'Résume les conversations ouvertes — 未返信のものを優先して。',
      schedule: cron('0 */3 * * *', 'UTC'),
      status: 'paused',
      paused_reason: { type: 'manual' },
      failure: null,
    }),
    research: addDeployment(ctx, now, {
      name: 'Weekly research brief',
      description: 'Monday brief on competitors, written by the research team of agents.',
      agent: catalog.coordinator,
      environment: catalog.production,
      prompt: 'Write this week’s competitor brief: pricing changes, launches, hiring.',
      schedule: cron('0 9 * * 1', 'Asia/Tokyo'),
      status: 'paused',
      paused_reason: { type: 'error', error: { type: 'vault_not_found_error' } },
      failure: {
        type: 'vault_not_found_error',
        message: 'Vault vlt_011CZkZ9X2dpNyB7HsEFoRfW referenced by the deployment no longer exists.',
      },
    }),
  };
}
