// The demo catalog: agents with metadata, their triggers, and Chatwoot credentials that point back at the
// sandbox itself (see chatwoot.ts). The credentials vary on purpose — url/endpoint/base_url, with and without an
// account id, different token field names — so every branch of the inbox-URL resolution has something to meet.
import type { SandboxContext } from './context';
import { randomUuid } from './random';
import type { AgentRecord, CredentialRecord, TriggerRecord } from './types';

export interface DemoAgents {
  concierge: AgentRecord;
  sales: AgentRecord;
  orders: AgentRecord;
  reports: AgentRecord;
  refunds: AgentRecord;
  leads: AgentRecord;
  translation: AgentRecord;
  legacy: AgentRecord;
}

const AGENTS: [keyof DemoAgents, string, Record<string, unknown>][] = [
  [
    'concierge',
    'Support Concierge',
    { team: 'Support', model: 'gpt-4.1', tags: ['chatwoot', 'eu'], version: 7 },
  ],
  [
    'sales',
    'WhatsApp Sales Bot',
    { team: 'Sales', model: 'claude-sonnet', tags: ['whatsapp', 'br'], locale: 'pt-BR' },
  ],
  ['orders', 'Order Tracker', { team: 'Ops', model: 'gpt-4.1-mini', tags: ['webhook'], sla_minutes: 5 }],
  [
    'reports',
    'Nightly Report Builder',
    { team: 'Data', model: 'o4-mini', tags: ['schedule'], output: { format: 'pdf' } },
  ],
  [
    'refunds',
    'Refund Approver',
    { team: 'Finance', model: 'gpt-4.1', tags: ['human-in-the-loop'], limit_eur: 500 },
  ],
  ['leads', 'Lead Qualifier', { team: 'Sales', model: 'llama-3.1-70b', tags: ['whatsapp', 'evolution'] }],
  [
    'translation',
    'Translation Desk 漢字 🚀',
    { team: 'Localisation', languages: ['fr', 'ja', 'zh'], note: 'café' },
  ],
  ['legacy', 'Legacy Importer', { team: 'Platform', deprecated: true, tags: [] }],
];

export function loadDemoCatalog(ctx: SandboxContext, createdAt: string): DemoAgents {
  const agents = {} as DemoAgents;
  for (const [slot, name, metadata] of AGENTS) {
    const agent: AgentRecord = {
      id: randomUuid(ctx.random),
      name,
      live_bundle_id: slot === 'legacy' ? null : `bundle_${ctx.random.hex(8)}`,
      metadata: { ...metadata, description: `${name} (sandbox demo agent)` },
      created_at: createdAt,
      updated_at: createdAt,
      last_run_id: null,
      last_run_status: null,
      last_run_at: null,
    };
    ctx.store.addAgent(agent);
    agents[slot] = agent;
  }
  const credentials = loadCredentials(ctx, createdAt);
  loadTriggers(ctx, agents, credentials, createdAt);
  return agents;
}

function loadCredentials(ctx: SandboxContext, createdAt: string): Record<string, CredentialRecord> {
  const base = ctx.baseUrl;
  const make = (
    name: string,
    type: string,
    fields: Pick<CredentialRecord, 'publicConfig' | 'data' | 'values' | 'chatwootAccounts'>,
  ): CredentialRecord => {
    const credential: CredentialRecord = {
      id: randomUuid(ctx.random),
      name,
      type,
      created_at: createdAt,
      updated_at: createdAt,
      ...fields,
    };
    ctx.store.credentials.set(credential.id, credential);
    return credential;
  };
  return {
    support: make('Chatwoot — Support EU', 'chatwoot', {
      publicConfig: { url: base, account_id: 3 },
      data: { inbox_id: 31 },
      values: { api_access_token: 'cw-support-token' },
      chatwootAccounts: [{ id: 3, name: 'Support EU' }],
    }),
    sales: make('Chatwoot — Vendas (WhatsApp)', 'chatwoot', {
      publicConfig: {},
      data: { endpoint: `${base}/` },
      values: { api_key: 'cw-sales-token' },
      chatwootAccounts: [
        { id: 7, name: 'Vendas Brasil' },
        { id: 9, name: 'Vendas Portugal' },
      ],
    }),
    refunds: make('Chatwoot — Refunds', 'chatwoot', {
      publicConfig: { base_url: base },
      data: { accountId: '12' },
      values: { api_token: 'cw-refunds-token' },
      chatwootAccounts: [{ id: 12, name: 'Finance' }],
    }),
    evolution: make('Evolution API — Leads', 'evolution_api', {
      publicConfig: { url: 'https://evolution.example.invalid' },
      data: { instance: 'leads-br' },
      values: { apiKey: 'evo-leads-key' },
      chatwootAccounts: [],
    }),
  };
}

function loadTriggers(
  ctx: SandboxContext,
  agents: DemoAgents,
  credentials: Record<string, CredentialRecord>,
  createdAt: string,
): void {
  const add = (
    agent: AgentRecord,
    type: string,
    name: string,
    config: Record<string, unknown>,
    enabled = true,
  ): void => {
    const trigger: TriggerRecord = {
      id: randomUuid(ctx.random),
      agent_id: agent.id,
      type,
      name,
      enabled,
      config,
      created_at: createdAt,
      updated_at: createdAt,
    };
    ctx.store.triggers.set(trigger.id, trigger);
  };
  add(agents.concierge, 'chatwoot', 'Support inbox', {
    credential_id: credentials.support?.id,
    inbox_id: 31,
  });
  add(agents.sales, 'evolution_whatsapp', 'WhatsApp vendas', {
    credential_id: credentials.sales?.id,
    chat_platform: 'chatwoot',
    instance: 'sales-br',
  });
  add(agents.orders, 'webhook', 'Order webhook', {
    path: '/hooks/orders',
    method: 'POST',
    secret_ref: 'orders-hmac',
  });
  add(agents.orders, 'schedule', 'Stale orders sweep', { cron: '*/30 * * * *', timezone: 'UTC' }, false);
  add(agents.reports, 'schedule', 'Nightly at 02:00', { cron: '0 2 * * *', timezone: 'Europe/Paris' });
  add(agents.refunds, 'chatwoot', 'Refund requests', {
    credential_id: credentials.refunds?.id,
    chat_platform: 'chatwoot',
  });
  add(agents.leads, 'evolution_whatsapp', 'Leads (Evolution only)', {
    credential_id: credentials.evolution?.id,
    chat_platform: 'evolution',
  });
  // No credential on purpose: the extension must explain, not crash.
  add(agents.legacy, 'chatwoot', 'Old inbox (no credential)', { inbox_id: 4 });
}
