// A run's usage in a few words for the panel's header: "12.4k in · 3.1k out · $0.16".
import type { Money } from '../backends/types';
import { moneyText } from './money';

export interface Usage {
  tokens?: { input: number; output: number };
  cost?: Money;
}

/** 950, 1.2k, 12k, 3.4M. */
export function countText(n: number): string {
  if (n < 1_000) return String(n);
  if (n < 1_000_000) return `${(n / 1_000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

/** '' when the run reports nothing. */
export function usageText(usage: Usage): string {
  const parts: string[] = [];
  if (usage.tokens)
    parts.push(`${countText(usage.tokens.input)} in`, `${countText(usage.tokens.output)} out`);
  if (usage.cost) parts.push(moneyText(usage.cost));
  return parts.join(' · ');
}
