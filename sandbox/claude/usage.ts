// Token usage and list cost. Each model request gets plausible token counts (the context grows with the
// conversation, most of it read from cache); sessions and threads add them up, priced at list price.
import type { Random } from '../random';
import type { Usage } from './records';

export interface ModelUsage {
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  input_tokens: number;
  output_tokens: number;
  speed: 'standard';
}

/** Dollars per million tokens: input, output. Cache reads cost a tenth of input, cache writes 1.25 times. */
function prices(model: string): { input: number; output: number } {
  if (model.includes('opus')) return { input: 15, output: 75 };
  if (model.includes('haiku')) return { input: 1, output: 5 };
  return { input: 3, output: 15 };
}

/** Usage of the `requestNo`-th model request of a thread (1-based). */
export function modelUsage(random: Random, requestNo: number): ModelUsage {
  // Compaction keeps a long session's context under ~150k tokens.
  const context = Math.min(2_400 + requestNo * random.int(600, 1_800), random.int(120_000, 150_000));
  const fresh = random.int(120, 900);
  return {
    cache_creation_input_tokens: requestNo === 1 ? context : fresh,
    cache_read_input_tokens: requestNo === 1 ? 0 : context,
    input_tokens: random.int(8, 60),
    output_tokens: random.int(40, 1_400),
    speed: 'standard',
  };
}

/** A request cut short (error or interrupt): what it used before it stopped. */
export function partialUsage(random: Random): ModelUsage {
  return {
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: random.int(0, 4_000),
    input_tokens: random.int(0, 40),
    output_tokens: random.int(0, 80),
    speed: 'standard',
  };
}

export function addUsage(total: Usage, usage: ModelUsage, model: string): void {
  const price = prices(model);
  total.input_tokens += usage.input_tokens;
  total.output_tokens += usage.output_tokens;
  total.cache_read_input_tokens += usage.cache_read_input_tokens;
  total.cache_creation.ephemeral_5m_input_tokens += usage.cache_creation_input_tokens;
  total.costMicros += Math.round(
    usage.input_tokens * price.input +
      usage.output_tokens * price.output +
      usage.cache_read_input_tokens * price.input * 0.1 +
      usage.cache_creation_input_tokens * price.input * 1.25,
  );
}

/**
 * The wire usage: cumulative tokens and `list_cost` in whole cents as a string ("2500" is $25.00). Events leave
 * out `active_seconds` (wall-clock time), so a seed replays the same events.
 */
export function usageWire(usage: Usage, activeSeconds?: number): Record<string, unknown> {
  return {
    ...(activeSeconds === undefined ? {} : { active_seconds: activeSeconds }),
    cache_creation: { ...usage.cache_creation },
    cache_read_input_tokens: usage.cache_read_input_tokens,
    input_tokens: usage.input_tokens,
    list_cost: { amount: String(Math.round(usage.costMicros / 10_000)), currency: 'USD' },
    output_tokens: usage.output_tokens,
  };
}
