// What the Managed Agents executor says and does. Deliberately varied: several scripts (Latin with accents,
// CJK, Cyrillic, Arabic, Devanagari, Greek), emoji, code blocks, tables and long markdown, plus a little hostile
// text (HTML and a closing script tag) that a client must show as text and never run.
import type { Random } from '../random';

export const HOSTILE_TEXT = '<img src=x onerror=alert(1)> and </script><script>alert("owned")</script>';

export const USER_PROMPTS = [
  'Can you check why the nightly build failed? 🙏',
  'Où en est la migration de la base de données ? Donne-moi un résumé.',
  '注文 #A-10042 の配送状況を教えてください。',
  'Проверь, пожалуйста, последние ошибки в Sentry.',
  'Resuma as issues abertas com o rótulo "bug" 🐛',
  'Bitte fasse die Änderungen der letzten Woche zusammen.',
  'ما هي حالة الطلب رقم 4417؟',
  'कृपया परीक्षण रिपोर्ट का सारांश दें।',
  'Write a short postmortem for yesterday’s outage — keep it under 300 words.',
  'Refactor the retry helper so it uses full jitter, and add tests.',
] as const;

const OPENERS = [
  'Sure — let me look into that.',
  "D'accord, je regarde ça tout de suite.",
  '承知しました。確認します 🔍',
  'Хорошо, сейчас проверю.',
  'Claro! Vou verificar agora.',
] as const;

const SNIPPETS = [
  '```ts\nexport function backoff(attempt: number, capMs = 30_000): number {\n  const ceiling = Math.min(capMs, 500 * 2 ** attempt);\n  return Math.random() * ceiling; // full jitter\n}\n```',
  '```python\ndef summarize(rows: list[dict]) -> dict:\n    """Group failures by test name (échecs groupés)."""\n    out: dict[str, int] = {}\n    for row in rows:\n        out[row["name"]] = out.get(row["name"], 0) + 1\n    return out\n```',
  '```bash\n$ npm test -- --grep "retry"\n  ✔ retries with full jitter (12 ms)\n  ✔ gives up after 10 attempts\n  2 passing (41 ms)\n```',
  "```sql\nSELECT status, count(*) AS n\nFROM orders\nWHERE created_at > now() - interval '7 days'\nGROUP BY status\nORDER BY n DESC;\n```",
] as const;

const TABLES = [
  '| Check | Result | Notes |\n| --- | --- | --- |\n| Unit tests | ✅ 412 passed | 3.1 s |\n| Lint | ⚠️ 2 warnings | `no-console` |\n| E2E | ❌ 1 failed | `checkout.spec.ts` — timeout |',
  '| Région | Commandes | Δ |\n| --- | ---: | ---: |\n| Île-de-France | 1 204 | +8 % |\n| 東京 | 987 | +12 % |\n| São Paulo | 655 | −3 % |',
] as const;

const FINDINGS = [
  'The failure comes from a flaky timeout in `checkout.spec.ts`; the payment mock answers after 5.2 s while the test waits 5 s.',
  'La migration est terminée à 92 % ; il reste les index de `order_items` (≈ 14 min).',
  '配送は本日出荷済みです。追跡番号は JP-7781-2290 です 📦',
  'В Sentry за сутки 37 новых ошибок, из них 29 — `TypeError: terminated` в клиенте SSE.',
  'تم شحن الطلب ٤٤١٧ وسيصل خلال يومين.',
  'परीक्षण रिपोर्ट: 412 सफल, 1 असफल, 2 छोड़े गए।',
  'Τα αποτελέσματα είναι σταθερά· καμία παλινδρόμηση.',
] as const;

const CLOSERS = [
  'Let me know if you want me to open a PR. 🚀',
  'Je peux aussi préparer un correctif si tu veux.',
  '他に確認したいことがあれば教えてください。',
  'Happy to dig deeper — just say the word ✨',
] as const;

/** A reply of a few hundred to a few thousand characters of markdown that answers `prompt`. */
export function reply(random: Random, prompt: string | undefined): string {
  const parts: string[] = [random.pick(OPENERS)];
  if (prompt) parts.push(`> ${quote(prompt)}`);
  parts.push('## Findings', `- ${random.pick(FINDINGS)}`, `- ${random.pick(FINDINGS)}`);
  if (random.chance(0.6)) parts.push(random.pick(SNIPPETS));
  if (random.chance(0.4)) parts.push(random.pick(TABLES));
  if (random.chance(0.25)) parts.push(longSection(random));
  parts.push(random.pick(CLOSERS));
  return parts.join('\n\n');
}

/** A short sentence said before using a tool. */
export function intent(random: Random, tool: string): string {
  return random.pick([
    `I'll run \`${tool}\` to check.`,
    `Je lance \`${tool}\` pour vérifier.`,
    `\`${tool}\` で確認します。`,
    `Let me use \`${tool}\` first — one moment ⏳`,
  ]);
}

export function progress(random: Random, cycle: number): string {
  return [
    `### Progress update #${cycle}`,
    `- ${random.pick(FINDINGS)}`,
    `- Next: ${random.pick(['re-run the flaky suite', 'vérifier les index', '残りのファイルを確認', 'update the changelog 📝'])}`,
  ].join('\n');
}

function longSection(random: Random): string {
  const lines = ['## Details', ''];
  for (let index = 1; index <= random.int(6, 14); index++) {
    lines.push(`${index}. ${random.pick(FINDINGS)} ${random.pick(['(ok)', '(à revoir)', '(要確認)', '🔁'])}`);
  }
  lines.push('', random.pick(SNIPPETS));
  return lines.join('\n');
}

function quote(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 120 ? `${line.slice(0, 117)}…` : line;
}

export interface ToolCall {
  name: string;
  input: Record<string, unknown>;
  output: string;
}

export const BUILTIN_CALLS: readonly ToolCall[] = [
  {
    name: 'bash',
    input: { command: 'npm test -- --reporter dot 2>&1 | tail -n 20' },
    output:
      '..........................................F...\n\n  1 failing\n\n  checkout › pays with a saved card\n    Error: Timeout of 5000ms exceeded',
  },
  {
    name: 'grep',
    input: { pattern: 'retryAfter', path: 'src/' },
    output:
      'src/api/client.ts:88:  const retryAfter = parseRetryAfter(res.headers);\nsrc/stream/backoff.ts:12:export function retryAfterMs(value: string): number {',
  },
  {
    name: 'read',
    input: { file_path: 'src/stream/backoff.ts', view_range: [1, 20] },
    output:
      '1\t// Full jitter backoff — see the AWS architecture blog.\n2\texport function delay(attempt: number): number {\n3\t  return Math.random() * Math.min(30_000, 500 * 2 ** attempt);\n4\t}',
  },
  {
    name: 'web_search',
    input: { query: 'SSE reconnect best practices Last-Event-ID' },
    output:
      'Top results: MDN “Using server-sent events”; WHATWG HTML § 9.2; “Resumable streams” (blog, 2025).',
  },
  {
    name: 'glob',
    input: { pattern: '**/*.spec.ts' },
    output: 'test/checkout.spec.ts\ntest/cart.spec.ts\ntest/i18n/日本語.spec.ts',
  },
  {
    name: 'edit',
    input: {
      file_path: 'src/stream/backoff.ts',
      old_string: 'Math.min(30_000',
      new_string: 'Math.min(capMs',
    },
    output: 'The file src/stream/backoff.ts has been edited.',
  },
  {
    name: 'bash',
    input: { command: `echo '${HOSTILE_TEXT}' > /tmp/escape-check.html && wc -c /tmp/escape-check.html` },
    output: '74 /tmp/escape-check.html',
  },
];

/** Tools that need approval in the demo (their agents set permission_policy always_ask). */
export const RISKY_CALLS: readonly ToolCall[] = [
  {
    name: 'bash',
    input: { command: 'git push --force-with-lease origin fix/retry-jitter' },
    output:
      'To github.com:acme/shop.git\n + 3f1c2ab...9d0e4f1 fix/retry-jitter -> fix/retry-jitter (forced update)',
  },
  {
    name: 'write',
    input: { file_path: 'CHANGELOG.md', content: '## 2.4.1\n- Full-jitter retries for the SSE client ✨\n' },
    output: 'File written: CHANGELOG.md (54 bytes)',
  },
];

export interface McpCall extends ToolCall {
  server: string;
}

export const MCP_CALLS: readonly McpCall[] = [
  {
    server: 'github',
    name: 'search_issues',
    input: { repo: 'acme/shop', query: 'label:bug is:open', per_page: 5 },
    output:
      '#412 Checkout times out on slow networks\n#398 Émojis cassés dans les reçus 🧾\n#377 日本語の住所が切れる',
  },
  {
    server: 'sentry',
    name: 'list_issues',
    input: { project: 'web-client', query: 'is:unresolved', sort: 'freq' },
    output: 'TypeError: terminated (29 events)\nRangeError: Invalid time value (5 events)',
  },
  {
    server: 'linear',
    name: 'get_issue',
    input: { id: 'ENG-1042' },
    output: 'ENG-1042 “Retry storms after deploy” — In Progress — assignee: Zoë',
  },
];

export const RISKY_MCP_CALL: McpCall = {
  server: 'github',
  name: 'create_pull_request',
  input: { repo: 'acme/shop', head: 'fix/retry-jitter', base: 'main', title: 'Full-jitter retries ✨' },
  output: 'Created pull request #415: https://github.com/acme/shop/pull/415',
};

export const CUSTOM_CALLS: readonly ToolCall[] = [
  {
    name: 'lookup_order',
    input: { order_id: 'A-10042', include: ['items', 'shipping'], customer_note: HOSTILE_TEXT },
    output: '',
  },
  { name: 'refund_payment', input: { order_id: 'A-10042', amount: '42.50', currency: 'EUR' }, output: '' },
];

export const SUBAGENT_BRIEFS = [
  'Collect the last 30 days of incidents and group them by root cause.',
  'Lis les trois derniers rapports trimestriels et extrais les risques cités.',
  '過去のリリースノートから破壊的変更を一覧にしてください。',
] as const;

/** About `bytes` bytes of markdown (multi-byte characters included), for the 1 MB event. */
export function bigText(bytes = 1_000_000): string {
  const paragraph =
    '## Section — données, 漢字, emoji 🚀\n\nLorem ipsum dolor sit amet, café naïve façade; 日本語のテキスト; ' +
    'Привет, мир; مرحبا بالعالم; नमस्ते दुनिया. `code` and **bold** text.\n\n';
  const unit = Buffer.byteLength(paragraph);
  return paragraph.repeat(Math.ceil(bytes / unit));
}
