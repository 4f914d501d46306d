// Words the executor speaks. Deliberately full of multi-byte UTF-8 (é, 漢, 🚀 …) so every client path that
// decodes, splits or renders text meets them.
export const TOKENS = [
  'Sure',
  ',',
  ' I',
  ' checked',
  ' the',
  ' order',
  ' for',
  ' the',
  ' café',
  ' in',
  ' Zürich',
  ' —',
  ' it',
  ' ships',
  ' tomorrow',
  '.',
  ' 漢字',
  ' and',
  ' 日本語',
  ' notes',
  ' are',
  ' attached',
  ' 🚀',
  ' Résumé',
  ':',
  ' naïve',
  ' façade',
  ' déjà',
  ' vu',
  ' ✅',
  ' Total',
  ':',
  ' 42.50',
  ' €',
  '.',
] as const;

export const TOOLS = [
  {
    name: 'search_knowledge_base',
    args: { query: 'politique de remboursement é', top_k: 3, filters: { lang: ['fr', 'en'] } },
  },
  { name: 'lookup_order', args: { order_id: 'A-10042', include: ['items', 'shipping'] } },
  {
    name: 'send_whatsapp_message',
    args: { to: '+5511999990000', text: 'Olá! Seu pedido 🚀 saiu para entrega.' },
  },
  { name: 'translate', args: { text: '漢字を勉強しています', target: 'en' } },
  { name: 'calculator', args: { expression: '(19.99 * 3) - 5.5' } },
] as const;

export const NODES = ['planner', 'retriever', 'tool_router', 'responder', 'reviewer'] as const;

export const FAILURES = [
  { code: 'TOOL_TIMEOUT', message: 'Tool lookup_order timed out after 30 s' },
  { code: 'LLM_RATE_LIMITED', message: 'Model provider answered 429 — réessayez plus tard' },
  { code: 'VALIDATION_FAILED', message: 'Output did not match schema: missing field "total" 🚫' },
] as const;

export const HUMAN_PROMPTS = [
  'Approve a refund of 42.50 € for order A-10042?',
  'The customer asked for 漢字 support — hand over to a human agent?',
  'Send the WhatsApp reply 🚀 as drafted?',
] as const;
